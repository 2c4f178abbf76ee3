// The app's own small state in the data dir: settings (model, granularity, theme) and recently opened folders,
// one JSON file written atomically. A missing or damaged file means defaults, never a crash: it is preference,
// not data.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { Settings } from '../../ipc/contract';
import { DEFAULT_GRANULARITY } from '../cluster/granularity';
import { DEFAULT_MODEL_ID } from '../models/catalog';
import { makeDirsSync } from '../make-dirs';

export const SETTINGS_FILE = 'app-settings.json';
/** Enough to find last week's folders, few enough for a menu. */
export const MAX_RECENT = 10;

const fileSchema = z.object({
  settings: Settings.partial().catch({}),
  recent: z.array(z.string()).catch([]),
});

export const DEFAULT_SETTINGS: Settings = { modelId: DEFAULT_MODEL_ID, granularity: DEFAULT_GRANULARITY, theme: 'system' };

export class SettingsStore {
  private settings: Settings;
  private recentFolders: string[];

  constructor(private readonly dataDir: string) {
    const loaded = readFile(path.join(dataDir, SETTINGS_FILE));
    this.settings = { ...DEFAULT_SETTINGS, ...stripUndefined(loaded.settings) };
    this.recentFolders = loaded.recent.slice(0, MAX_RECENT);
  }

  get(): Settings {
    return { ...this.settings };
  }

  set(patch: Partial<Settings>): Settings {
    this.settings = { ...this.settings, ...stripUndefined(patch) };
    this.save();
    return this.get();
  }

  recent(): string[] {
    return [...this.recentFolders];
  }

  /** Puts `folder` first in the recent list (once). */
  addRecent(folder: string): string[] {
    this.recentFolders = [folder, ...this.recentFolders.filter((f) => f !== folder)].slice(0, MAX_RECENT);
    this.save();
    return this.recent();
  }

  private save(): void {
    writeJsonAtomic(path.join(this.dataDir, SETTINGS_FILE), { settings: this.settings, recent: this.recentFolders });
  }
}

function readFile(file: string): z.infer<typeof fileSchema> {
  try {
    const parsed = fileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // missing or not JSON: defaults
  }
  return { settings: {}, recent: [] };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Write-then-rename, so a crash never leaves half a file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  makeDirsSync(path.dirname(file));
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}
