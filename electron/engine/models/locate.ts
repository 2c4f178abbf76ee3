// Finds a model's .onnx in the models dir and makes sure it is the catalog's file (or downloads it).
// Checksums of big files are remembered in verified-models.json, in the data dir and in the per-user cache folder,
// so that later runs skip the rehash, a new library's first index too (VGG-16 is 553 MB to hash).
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { resolveCacheDir } from '../paths';
import type { ModelEntry, Progress } from '../types';
import { makeDirs } from '../make-dirs';

export interface EnsureModelOptions {
  modelsDir: string;
  dataDir: string;
  allowDownload: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface ModelStatus {
  /** The .onnx file exists (its size may still be wrong; ensureModel checks the content). */
  present: boolean;
  path: string;
  /** The model's size per the catalog (what a download fetches). */
  bytes: number;
  /** Size of the file actually there, 0 when absent; differs from `bytes` only for a wrong file. */
  bytesOnDisk: number;
  /** Size of an interrupted download (<file>.part) that a download would resume, 0 if none. */
  partialBytes: number;
}

/** The model is not in the models dir and downloading was not allowed. */
export class ModelMissingError extends Error {
  override readonly name = 'ModelMissingError';
  constructor(readonly modelId: string, readonly path: string) {
    super(`model "${modelId}" is not downloaded (expected ${path}); run \`likeness models download ${modelId}\``);
  }
}

/** A file with the model's name is there but is not the catalog's file. */
export class ModelDamagedError extends Error {
  override readonly name = 'ModelDamagedError';
  constructor(readonly modelId: string, readonly path: string, why: string) {
    super(`${path} is damaged or not the expected file (${why}); delete it or download again with \`likeness models download ${modelId}\``);
  }
}

const VERIFIED_FILE = 'verified-models.json';

interface VerifiedFile {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
}

interface Verified {
  version: 1;
  files: VerifiedFile[];
}

/** The remembered checksums, or none when the file is not what this code writes (a cache: start afresh). */
function asVerified(raw: unknown): Verified {
  const v = raw as Partial<Verified> | null;
  const ok = (f: Partial<VerifiedFile> | null) =>
    !!f && typeof f.path === 'string' && typeof f.size === 'number' && typeof f.mtimeMs === 'number' && typeof f.sha256 === 'string';
  if (v?.version !== 1 || !Array.isArray(v.files) || !v.files.every(ok)) return { version: 1, files: [] };
  return { version: 1, files: v.files };
}

/** Path to a usable, verified copy of the model; downloads it when missing and allowed. */
export async function ensureModel(entry: ModelEntry, opts: EnsureModelOptions): Promise<string> {
  const file = path.resolve(opts.modelsDir, entry.file);
  const st = await statFile(file);
  if (!st) {
    if (!opts.allowDownload) throw new ModelMissingError(entry.id, file);
    const { downloadModel } = require('./download') as typeof import('./download'); // only when one is needed
    const downloaded = path.resolve(await downloadModel(entry, opts.modelsDir, { signal: opts.signal, onProgress: opts.onProgress }));
    // downloadModel checked the sha256 while writing: remember it rather than hash again next run.
    const fresh = await statFile(downloaded);
    if (fresh) await remember(opts.dataDir, downloaded, fresh, entry.sha256);
    return downloaded;
  }
  if (st.size !== entry.bytes) throw new ModelDamagedError(entry.id, file, `${st.size} bytes, expected ${entry.bytes}`);
  if (await isRemembered(opts.dataDir, file, st, entry.sha256)) return file;

  const actual = await sha256OfFile(file, opts.signal);
  if (actual !== entry.sha256) throw new ModelDamagedError(entry.id, file, 'checksum mismatch');
  // Only remember what we hashed: if the file changed meanwhile, let the next run look again.
  const after = await statFile(file);
  if (after && after.size === st.size && after.mtimeMs === st.mtimeMs) await remember(opts.dataDir, file, st, actual);
  return file;
}

/** What `likeness models list` shows for one model, without reading the file. */
export function modelStatus(entry: ModelEntry, modelsDir: string): ModelStatus {
  const file = path.resolve(modelsDir, entry.file);
  const sizeOf = (p: string): number | null => {
    try {
      const s = fs.statSync(p);
      return s.isFile() ? s.size : null;
    } catch {
      return null;
    }
  };
  const size = sizeOf(file);
  return { present: size !== null, path: file, bytes: entry.bytes, bytesOnDisk: size ?? 0, partialBytes: sizeOf(`${file}.part`) ?? 0 };
}

async function statFile(file: string): Promise<fs.Stats | null> {
  try {
    const s = await fsp.stat(file);
    return s.isFile() ? s : null;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function sha256OfFile(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20, signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function readVerified(dir: string): Promise<Verified> {
  try {
    return asVerified(JSON.parse(await fsp.readFile(path.join(dir, VERIFIED_FILE), 'utf8')));
  } catch {
    // Missing or unreadable: it is only a cache, start afresh.
    return { version: 1, files: [] };
  }
}

/** Where checksums are remembered: the library's own, then the cache folder that serves every library. */
function memoDirs(dataDir: string): string[] {
  return [dataDir, resolveCacheDir()];
}

async function isRemembered(dataDir: string, file: string, st: fs.Stats, sha256: string): Promise<boolean> {
  for (const dir of memoDirs(dataDir)) {
    const { files } = await readVerified(dir);
    if (files.some((f) => f.path === file && f.size === st.size && f.mtimeMs === st.mtimeMs && f.sha256 === sha256)) return true;
  }
  return false;
}

async function remember(dataDir: string, file: string, st: fs.Stats, sha256: string): Promise<void> {
  for (const dir of memoDirs(dataDir)) await rememberIn(dir, file, st, sha256);
}

async function rememberIn(dir: string, file: string, st: fs.Stats, sha256: string): Promise<void> {
  try {
    const verified = await readVerified(dir);
    verified.files = verified.files.filter((f) => f.path !== file);
    verified.files.push({ path: file, size: st.size, mtimeMs: st.mtimeMs, sha256 });
    await makeDirs(dir);
    // Write-then-rename so a crash or a second process never leaves half a JSON file.
    const tmp = path.join(dir, `${VERIFIED_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await fsp.writeFile(tmp, JSON.stringify(verified, null, 2) + '\n');
    await fsp.rename(tmp, path.join(dir, VERIFIED_FILE)).catch(async (err) => {
      await fsp.rm(tmp, { force: true });
      throw err;
    });
  } catch {
    // A folder that cannot be written only costs a rehash next time.
  }
}
