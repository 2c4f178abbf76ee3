// Walking a folder tree: lists every regular file under a root with its size and mtime, in a stable order.
// Follows symlinks but lists each real file and enters each real folder once; skips OS clutter silently.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScannedFile } from '../types';
import { isSystemEntry } from './system-entries';

export interface WalkOptions {
  signal?: AbortSignal;
  /** Told about entries that exist but cannot be listed: a dangling link, an unreadable folder. */
  onError?: (relPath: string, reason: string) => void;
}

/** stat calls in flight at once within one folder: enough to keep libuv's threads busy, bounded for huge folders. */
const STAT_PARALLEL = 64;

interface Entry {
  rel: string;
  abs: string;
  /** Known to be a link: its target is stat'ed, and a dangling one is reported. */
  link: boolean;
  /** Dirent says folder (for links we only know after stat). */
  dir: boolean;
}

type Stat = fs.BigIntStats;

/**
 * Yields the files under `root`, paths relative to it, '/'-separated and byte-for-byte as on disk.
 * Order: entries of a folder by name (code units), real entries depth-first before anything reached through a
 * symlink, so a link into the tree never steals a file's real path. Throws if `root` itself is not a readable
 * folder; throws the signal's reason when aborted (checked between folders).
 */
export async function* walkFolder(root: string, opts: WalkOptions = {}): AsyncGenerator<ScannedFile> {
  const { signal, onError } = opts;
  signal?.throwIfAborted();
  const rootAbs = path.resolve(root);
  const rootStat = await statRoot(rootAbs);
  // dev:ino of every folder entered and every file listed (bigint: Windows file ids exceed 2^53).
  const seen = new Set<string>([idOf(rootStat)]);
  const folders: Entry[] = [{ rel: '', abs: rootAbs, link: false, dir: true }];
  // Things reached through links wait until every real folder is done.
  const linked: Entry[] = [];

  while (folders.length > 0 || linked.length > 0) {
    signal?.throwIfAborted();
    if (folders.length === 0) {
      // Resolve one deferred link; a folder link becomes a folder to walk, a file link a file to list.
      const link = linked.shift()!;
      const st = await statLink(link, onError);
      if (!st || !claim(seen, st)) continue;
      if (st.isDirectory()) folders.push({ ...link, dir: true });
      else if (st.isFile()) yield toScanned(link, st);
      continue;
    }
    const folder = folders.pop()!;
    const entries = await listFolder(folder, onError);
    if (!entries) continue;

    const files: Entry[] = [];
    const subfolders: Entry[] = [];
    for (const e of entries) {
      if (e.link) linked.push(e);
      else if (e.dir) subfolders.push(e);
      else files.push(e);
    }
    const stats = await statAll(files);
    for (let i = 0; i < files.length; i++) {
      const st = stats[i];
      if (st === 'gone') {
        onError?.(files[i].rel, 'file disappeared during the scan');
        continue;
      }
      if (typeof st === 'string') {
        onError?.(files[i].rel, st);
        continue;
      }
      // Regular files only: FIFOs, sockets and devices would hang or make no sense to read.
      if (!st.isFile() || !claim(seen, st)) continue;
      yield toScanned(files[i], st);
    }
    const subStats = await statAll(subfolders);
    // Pushed in reverse so they pop in name order (depth-first).
    for (let i = subfolders.length - 1; i >= 0; i--) {
      const st = subStats[i];
      if (typeof st === 'string') continue; // vanished between readdir and stat
      if (st.isDirectory() && claim(seen, st)) folders.push(subfolders[i]);
    }
  }
}

async function statRoot(abs: string): Promise<Stat> {
  let st: Stat;
  try {
    st = await fs.promises.stat(abs, { bigint: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new Error(`folder cannot be read (permission denied): ${abs}`);
    throw new Error(`folder not found: ${abs}`);
  }
  if (!st.isDirectory()) throw new Error(`not a folder: ${abs}`);
  return st;
}

/** Entries of a folder, clutter removed, sorted by name; null (after reporting) when it cannot be read. */
async function listFolder(folder: Entry, onError: WalkOptions['onError']): Promise<Entry[] | null> {
  let dirents: fs.Dirent[];
  try {
    dirents = await fs.promises.readdir(folder.abs, { withFileTypes: true });
  } catch (err) {
    if (folder.rel === '') throw err; // the root was readable a moment ago; let the caller see why
    onError?.(folder.rel, folderFailure(err));
    return null;
  }
  const names: string[] = [];
  const kinds = new Map<string, fs.Dirent>();
  for (const d of dirents) {
    if (isSystemEntry(d.name)) continue;
    names.push(d.name);
    kinds.set(d.name, d);
  }
  names.sort(byCodeUnits);
  const out: Entry[] = [];
  for (const name of names) {
    const d = kinds.get(name)!;
    if (!d.isFile() && !d.isDirectory() && !d.isSymbolicLink()) continue; // sockets, fifos, devices
    out.push({
      rel: folder.rel === '' ? name : `${folder.rel}/${name}`,
      abs: path.join(folder.abs, name),
      link: d.isSymbolicLink(),
      dir: d.isDirectory(),
    });
  }
  return out;
}

/** stat of each entry (following links), 'gone' if it vanished, another string for other failures. */
async function statAll(entries: Entry[]): Promise<Array<Stat | string>> {
  const out = new Array<Stat | string>(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const i = next++;
      try {
        out[i] = await fs.promises.stat(entries[i].abs, { bigint: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        out[i] = code === 'ENOENT' ? 'gone' : fileFailure(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAT_PARALLEL, entries.length) }, worker));
  return out;
}

async function statLink(link: Entry, onError: WalkOptions['onError']): Promise<Stat | null> {
  try {
    return await fs.promises.stat(link.abs, { bigint: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ELOOP: a link that resolves to itself is as unusable as one pointing nowhere.
    onError?.(link.rel, code === 'ENOENT' || code === 'ELOOP' || code === 'ENOTDIR' ? 'broken link' : fileFailure(err));
    return null;
  }
}

/** Marks a real file or folder as visited; false when it already was. */
function claim(seen: Set<string>, st: Stat): boolean {
  // Some filesystems (FAT over some drivers, certain network mounts) report inode 0: no identity to compare.
  if (st.ino === 0n) return true;
  const id = idOf(st);
  if (seen.has(id)) return false;
  seen.add(id);
  return true;
}

function idOf(st: Stat): string {
  return `${st.dev}:${st.ino}`;
}

function toScanned(e: Entry, st: Stat): ScannedFile {
  // mtimeNs keeps the sub-millisecond part that a Number mtimeMs would round on some platforms.
  return { path: e.rel, absPath: e.abs, size: Number(st.size), mtimeMs: Number(st.mtimeNs) / 1e6 };
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function folderFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'folder cannot be read (permission denied)';
  if (code === 'ENOENT') return 'folder disappeared during the scan';
  return `folder cannot be read (${code ?? (err as Error).message})`;
}

function fileFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'file cannot be read (permission denied)';
  return `file cannot be read (${code ?? (err as Error).message})`;
}
