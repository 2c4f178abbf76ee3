// Walking a folder tree: lists every regular file under a root with its size and mtime, in a stable order, and
// says why each other entry is not listed. Symbolic links are followed only to folders inside the root (a link
// leading outside it, or to a single file, is reported and not followed); each real file and folder is listed
// once, its other names (hard links, links to a folder already walked) reported as such; OS clutter is skipped
// silently; pipes, sockets and devices are reported and never opened.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScannedFile } from '../types';
import { decodeName, INVALID_FILE_NAME, INVALID_FOLDER_NAME, notRegularReason } from './entry-kinds';
import { managedLibraryOf, managedLibraryReason } from './managed-libraries';
import { isSystemEntry } from './system-entries';

export interface WalkOptions {
  signal?: AbortSignal;
  /**
   * Told about entries that exist but cannot be read: a dangling link, an unreadable folder. What lies under
   * them is unknown this time, not gone.
   */
  onError?: (relPath: string, reason: string) => void;
  /**
   * Told about entries deliberately not listed, with why: another name of a file or folder listed already, a link
   * leading outside the folder or to a single file, a pipe, socket or device, a name that is not valid UTF-8.
   */
  onSkip?: (relPath: string, reason: string) => void;
  /** Folders never to enter, e.g. Likeness's own data folder when it lies inside the scanned tree. */
  exclude?: string[];
}

/** stat calls in flight at once within one folder: enough to keep libuv's threads busy, bounded for huge folders. */
const STAT_PARALLEL = 64;

interface Entry {
  rel: string;
  abs: string;
  /** Known to be a link: where it leads is looked at once every real folder has been walked. */
  link: boolean;
  /** Dirent says folder (for links we only know after stat). */
  dir: boolean;
}

type Stat = fs.BigIntStats;

/** What the walk knows of each real file and folder: the path it was listed under, or null for an excluded folder. */
type Seen = Map<string, string | null>;

/**
 * Yields the files under `root`, paths relative to it, '/'-separated and byte-for-byte as on disk.
 * Order: entries of a folder by name (code units), real entries depth-first before anything reached through a
 * symlink, so a link into the tree never steals a file's real path. Throws if `root` itself is not a readable
 * folder; throws the signal's reason when aborted (checked between folders).
 */
export async function* walkFolder(root: string, opts: WalkOptions = {}): AsyncGenerator<ScannedFile> {
  const { signal, onError } = opts;
  const onSkip = opts.onSkip ?? (() => undefined);
  signal?.throwIfAborted();
  const rootAbs = path.resolve(root);
  const rootStat = await statRoot(rootAbs);
  const rootReal = await fs.promises.realpath(rootAbs);
  // dev:ino of every folder entered and every file listed (bigint: Windows file ids exceed 2^53).
  const seen: Seen = new Map([[idOf(rootStat), '']]);
  // Excluded folders count as visited already, wherever and however (links included) they are reached.
  for (const dir of opts.exclude ?? []) {
    const st = await fs.promises.stat(dir, { bigint: true }).catch(() => null);
    if (st?.isDirectory() && st.ino !== 0n && idOf(st) !== idOf(rootStat)) seen.set(idOf(st), null);
  }
  const folders: Entry[] = [{ rel: '', abs: rootAbs, link: false, dir: true }];
  // Links wait until every real folder is done.
  const linked: Entry[] = [];

  let linkedDone = 0;
  while (folders.length > 0 || linkedDone < linked.length) {
    signal?.throwIfAborted();
    if (folders.length === 0) {
      // Resolve the links found so far: a link to a folder inside the root becomes a folder to walk.
      const batch = linked.slice(linkedDone);
      linkedDone = linked.length;
      const targets = await inParallel<string>(batch, (e, cb) => fs.realpath.native(e.abs, cb));
      const stats = await statAll(batch);
      for (let i = 0; i < batch.length; i++) {
        const [st, real] = [stats[i], targets[i]];
        if (st instanceof Error || real instanceof Error) {
          const err = st instanceof Error ? st : (real as NodeJS.ErrnoException);
          onError?.(batch[i].rel, isMissing(err) ? 'broken link' : cannotRead('file', err));
          continue;
        }
        const inside = relativeInside(rootReal, real);
        if (inside === null) {
          onSkip(batch[i].rel, `a link to ${real}, outside the folder: not followed`);
          continue;
        }
        const prev = st.ino === 0n ? undefined : seen.get(idOf(st));
        if (prev === null) continue; // Likeness's own folder: not the person's, not reported
        const library = st.isDirectory() ? managedLibraryOf(path.basename(real)) : null;
        if (library) onSkip(batch[i].rel, managedLibraryReason(library));
        else if (st.isDirectory()) {
          if (prev !== undefined) onSkip(batch[i].rel, prev === '' ? 'another name of the whole folder (a symbolic link)' : `another name of the folder ${prev} (a symbolic link)`);
          else {
            claim(seen, st, batch[i].rel);
            folders.push({ ...batch[i], dir: true });
          }
        } else if (st.isFile()) {
          onSkip(batch[i].rel, prev !== undefined ? `another name of ${prev} (a symbolic link)` : `a link to ${inside}: links to single files are not followed`);
        } else {
          onSkip(batch[i].rel, `a link to ${inside}, ${notRegularReason(st).replace(/^not/, 'which is not')}`);
        }
      }
      folders.reverse(); // so they pop in discovery order
      continue;
    }
    const folder = folders.pop()!;
    const entries = await listFolder(folder, onError, onSkip);
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
      // Replaced by a pipe or a device since the folder was listed: never opened either.
      if (!st.isFile()) {
        if (!st.isDirectory()) onSkip(files[i].rel, notRegularReason(st));
        continue;
      }
      const prev = st.ino === 0n ? undefined : seen.get(idOf(st));
      if (prev !== undefined) {
        onSkip(files[i].rel, `another name of ${prev ?? 'a file'} (a hard link: the same file)`);
        continue;
      }
      claim(seen, st, files[i].rel);
      yield toScanned(files[i], st);
    }
    for (let i = subfolders.length - 1; i >= 0; i--) {
      const st = stats[files.length + i];
      if (st instanceof Error) {
        onError?.(subfolders[i].rel, isMissing(st) ? 'folder disappeared during the scan' : cannotRead('folder', st));
        continue;
      }
      if (st.isDirectory() && claim(seen, st, subfolders[i].rel)) folders.push(subfolders[i]); // reverse push: pops in name order
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

/**
 * Entries of a folder, clutter removed, sorted by name; null (after reporting) when it cannot be read. Entries
 * that are never listed (pipes, sockets, devices, names that are not UTF-8) are reported here.
 */
async function listFolder(folder: Entry, onError: WalkOptions['onError'], onSkip: NonNullable<WalkOptions['onSkip']>): Promise<Entry[] | null> {
  let named: Array<{ d: fs.Dirent<string | Buffer>; name: string; valid: boolean }>;
  try {
    const dirents = await fs.promises.readdir(folder.abs, { withFileTypes: true });
    // A name that is not UTF-8 comes back with U+FFFD in place of its bad bytes, naming no file at all: such a
    // folder is read again as raw bytes (rare, so the common case costs nothing more).
    named = dirents.some((d) => d.name.includes('\uFFFD'))
      ? (await fs.promises.readdir(folder.abs, { withFileTypes: true, encoding: 'buffer' })).map((d) => ({ d, ...decodeName(d.name) }))
      : dirents.map((d) => ({ d, name: d.name, valid: true }));
  } catch (err) {
    if (folder.rel === '') throw err; // the root was readable a moment ago; let the caller see why
    const e = err as NodeJS.ErrnoException;
    onError?.(folder.rel, isMissing(e) ? 'folder disappeared during the scan' : cannotRead('folder', e));
    return null;
  }
  const kept = named.filter((x) => !isSystemEntry(x.name)).sort((a, b) => byCodeUnits(a.name, b.name));
  const out: Entry[] = [];
  for (const { d, name, valid } of kept) {
    const rel = folder.rel === '' ? name : `${folder.rel}/${name}`;
    if (!valid) {
      onSkip(rel, d.isDirectory() ? INVALID_FOLDER_NAME : INVALID_FILE_NAME);
      continue;
    }
    if (!d.isFile() && !d.isDirectory() && !d.isSymbolicLink()) {
      onSkip(rel, notRegularReason(d));
      continue;
    }
    const library = d.isDirectory() ? managedLibraryOf(name) : null;
    if (library) {
      onSkip(rel, managedLibraryReason(library));
      continue;
    }
    out.push({ rel, abs: path.join(folder.abs, name), link: d.isSymbolicLink(), dir: d.isDirectory() });
  }
  return out;
}

/** stat of each entry, following links; the error in place of a stat when it fails. */
function statAll(entries: Entry[]): Promise<Array<Stat | NodeJS.ErrnoException>> {
  return inParallel(entries, (e, cb) => fs.stat(e.abs, { bigint: true }, cb));
}

/**
 * One callback-style call per entry with a window of requests in flight, results in entry order, the error in
 * place of a result when one fails: about twice as fast as awaiting fs.promises one by one.
 */
function inParallel<T>(entries: Entry[], call: (e: Entry, cb: (err: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<Array<T | NodeJS.ErrnoException>> {
  const out = new Array<T | NodeJS.ErrnoException>(entries.length);
  if (entries.length === 0) return Promise.resolve(out);
  return new Promise((resolve) => {
    let next = 0;
    let done = 0;
    const startOne = () => {
      const i = next++;
      call(entries[i], (err, value) => {
        out[i] = err ?? value;
        if (++done === entries.length) resolve(out);
        else if (next < entries.length) startOne();
      });
    };
    for (let k = 0; k < Math.min(STAT_PARALLEL, entries.length); k++) startOne();
  });
}

/** Marks a real file or folder as visited under `rel`; false when it already was. */
function claim(seen: Seen, st: Stat, rel: string): boolean {
  // Some filesystems (FAT over some drivers, certain network mounts) report inode 0: no identity to compare.
  if (st.ino === 0n) return true;
  const id = idOf(st);
  if (seen.has(id)) return false;
  seen.set(id, rel);
  return true;
}

function idOf(st: Stat): string {
  return `${st.dev}:${st.ino}`;
}

/** `real` relative to the root ('/'-separated, '' for the root itself), or null when it lies outside. */
function relativeInside(rootReal: string, real: string): string | null {
  const rel = path.relative(rootReal, real);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
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
