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
  /** Folders never to enter, e.g. Likeness's own data folder when it lies inside the scanned tree. */
  exclude?: string[];
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
  // Excluded folders count as visited already, wherever and however (links included) they are reached.
  for (const dir of opts.exclude ?? []) {
    const st = await fs.promises.stat(dir, { bigint: true }).catch(() => null);
    if (st?.isDirectory() && st.ino !== 0n && idOf(st) !== idOf(rootStat)) seen.add(idOf(st));
  }
  const folders: Entry[] = [{ rel: '', abs: rootAbs, link: false, dir: true }];
  // Things reached through links wait until every real folder is done.
  const linked: Entry[] = [];

  let linkedDone = 0;
  while (folders.length > 0 || linkedDone < linked.length) {
    signal?.throwIfAborted();
    if (folders.length === 0) {
      // Resolve the links found so far: a folder link becomes a folder to walk, a file link a file to list.
      const batch = linked.slice(linkedDone);
      linkedDone = linked.length;
      const stats = await statAll(batch);
      for (let i = 0; i < batch.length; i++) {
        const st = stats[i];
        if (st instanceof Error) {
          onError?.(batch[i].rel, isMissing(st) ? 'broken link' : cannotRead('file', st));
          continue;
        }
        if (!claim(seen, st)) continue;
        if (st.isDirectory()) folders.push({ ...batch[i], dir: true });
        else if (st.isFile()) yield toScanned(batch[i], st);
      }
      folders.reverse(); // so they pop in discovery order
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
    // Folders are stat'ed too, for their identity: a link to one later is then recognized as already walked.
    const stats = await statAll(files.concat(subfolders));
    for (let i = 0; i < files.length; i++) {
      const st = stats[i];
      if (st instanceof Error) {
        onError?.(files[i].rel, isMissing(st) ? 'file disappeared during the scan' : cannotRead('file', st));
        continue;
      }
      // Regular files only: FIFOs, sockets and devices would hang or make no sense to read.
      if (st.isFile() && claim(seen, st)) yield toScanned(files[i], st);
    }
    for (let i = subfolders.length - 1; i >= 0; i--) {
      const st = stats[files.length + i];
      if (st instanceof Error) {
        onError?.(subfolders[i].rel, isMissing(st) ? 'folder disappeared during the scan' : cannotRead('folder', st));
        continue;
      }
      if (st.isDirectory() && claim(seen, st)) folders.push(subfolders[i]); // reverse push: pops in name order
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
    const e = err as NodeJS.ErrnoException;
    onError?.(folder.rel, isMissing(e) ? 'folder disappeared during the scan' : cannotRead('folder', e));
    return null;
  }
  const kept = dirents.filter((d) => !isSystemEntry(d.name)).sort((a, b) => byCodeUnits(a.name, b.name));
  const out: Entry[] = [];
  for (const d of kept) {
    if (!d.isFile() && !d.isDirectory() && !d.isSymbolicLink()) continue; // sockets, fifos, devices
    out.push({
      rel: folder.rel === '' ? d.name : `${folder.rel}/${d.name}`,
      abs: path.join(folder.abs, d.name),
      link: d.isSymbolicLink(),
      dir: d.isDirectory(),
    });
  }
  return out;
}

/**
 * stat of each entry, following links; the error in place of a stat when it fails.
 * Callback fs.stat with a window of requests in flight: about twice as fast as awaiting fs.promises.stat.
 */
function statAll(entries: Entry[]): Promise<Array<Stat | NodeJS.ErrnoException>> {
  const out = new Array<Stat | NodeJS.ErrnoException>(entries.length);
  if (entries.length === 0) return Promise.resolve(out);
  return new Promise((resolve) => {
    let next = 0;
    let done = 0;
    const startOne = () => {
      const i = next++;
      fs.stat(entries[i].abs, { bigint: true }, (err, st) => {
        out[i] = err ?? st;
        if (++done === entries.length) resolve(out);
        else if (next < entries.length) startOne();
      });
    };
    for (let k = 0; k < Math.min(STAT_PARALLEL, entries.length); k++) startOne();
  });
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
  return { path: e.rel, absPath: e.abs, size: Number(st.size), mtimeMs: msOf(st.mtimeNs) };
}

/** The same number as Node's non-bigint `mtimeMs` (sec * 1e3 + nsec / 1e6), so both kinds of stat agree. */
function msOf(ns: bigint): number {
  let sec = ns / 1_000_000_000n;
  let nsec = ns % 1_000_000_000n;
  if (nsec < 0n) {
    sec -= 1n;
    nsec += 1_000_000_000n;
  }
  return Number(sec) * 1e3 + Number(nsec) / 1e6;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Nothing there: the entry vanished, or a link points nowhere (ELOOP: a link resolving to itself is no better). */
function isMissing(err: NodeJS.ErrnoException): boolean {
  return err.code === 'ENOENT' || err.code === 'ENOTDIR' || err.code === 'ELOOP';
}

function cannotRead(what: 'file' | 'folder', err: NodeJS.ErrnoException): string {
  if (err.code === 'EACCES' || err.code === 'EPERM') return `${what} cannot be read (permission denied)`;
  return `${what} cannot be read (${err.code ?? err.message})`;
}
