// The main window's size, position and maximized state, remembered in the data dir (pure logic + one JSON file;
// no Electron import): a position that no display shows any more (a monitor unplugged) is dropped so the window
// never opens off-screen.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../engine/service/settings-store';

export const WINDOW_STATE_FILE = 'window-state.json';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW: WindowState = { width: 1280, height: 860, maximized: false };
export const MIN_SIZE = { width: 640, height: 480 };
/** Enough of the title bar to grab: what must stay visible on some display. */
const VISIBLE_MIN = 64;

const schema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});

/** The remembered state fitted to the displays there are now (their work areas). */
export function fitWindowState(saved: WindowState, workAreas: Rect[]): WindowState {
  const largest = workAreas.reduce<Rect | null>((a, r) => (!a || r.width * r.height > a.width * a.height ? r : a), null);
  const maxW = largest?.width ?? saved.width;
  const maxH = largest?.height ?? saved.height;
  const width = Math.max(MIN_SIZE.width, Math.min(saved.width, maxW));
  const height = Math.max(MIN_SIZE.height, Math.min(saved.height, maxH));
  const out: WindowState = { width, height, maximized: saved.maximized };
  if (saved.x !== undefined && saved.y !== undefined) {
    const win: Rect = { x: saved.x, y: saved.y, width, height };
    if (workAreas.some((a) => overlap(win, a) >= VISIBLE_MIN)) {
      out.x = saved.x;
      out.y = saved.y;
    }
  }
  return out;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? Math.min(w, h) : 0;
}

export function loadWindowState(dataDir: string, workAreas: Rect[]): WindowState {
  let saved = DEFAULT_WINDOW;
  try {
    const parsed = schema.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, WINDOW_STATE_FILE), 'utf8')));
    if (parsed.success) saved = parsed.data;
  } catch {
    // first run, or a damaged file: defaults
  }
  return fitWindowState(saved, workAreas);
}

/** `bounds` are the normal (not maximized) bounds, so un-maximizing next time restores them. */
export function saveWindowState(dataDir: string, bounds: Rect, maximized: boolean): void {
  try {
    writeJsonAtomic(path.join(dataDir, WINDOW_STATE_FILE), { ...roundRect(bounds), maximized });
  } catch {
    // A read-only data dir only loses the window position.
  }
}

function roundRect(r: Rect): Rect {
  return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
}
