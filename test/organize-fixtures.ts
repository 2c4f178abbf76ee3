// Fixtures for the organizer's tests: a folder of files registered as photos in a library (no model needed: the
// organizer reads only paths, sizes, times and hashes), and snapshots of a tree (every path and its bytes' hash).
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Library, type FileRow } from '../electron/engine/library/library';
import { realFs, type Fs } from '../electron/engine/organize/file-ops';
import { decodeName } from '../electron/engine/scan/entry-kinds';
import { tempDir } from './helpers';

export const PHOTO = /\.(jpe?g|png|heic|webp)$/i;

export interface Fixture {
  root: string;
  dataDir: string;
}

/** Writes `files` (relative path → content) under a new folder and indexes those matching `isPhoto` as photos. */
export function makeFolder(files: Record<string, string | Buffer>, isPhoto: (rel: string) => boolean = (r) => PHOTO.test(r)): Fixture {
  const root = fs.realpathSync(tempDir('likeness-organize-'));
  const dataDir = tempDir('likeness-data-');
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  registerPhotos(root, dataDir, Object.keys(files).filter(isPhoto));
  return { root, dataDir };
}

/** Records files of `root` as photos in the library, as an index run would. */
export function registerPhotos(root: string, dataDir: string, rels: string[]): void {
  const lib = Library.open(dataDir);
  try {
    const folderId = lib.folderId(root);
    const rows: FileRow[] = rels.map((rel) => {
      const abs = path.join(root, ...rel.split('/'));
      const st = fs.statSync(abs);
      return { path: rel, size: st.size, mtimeMs: st.mtimeMs, hash: sha256(fs.readFileSync(abs)), status: 'photo', reason: null };
    });
    lib.commit(folderId, 'test-model', { files: rows });
  } finally {
    lib.close();
  }
}

/**
 * Every file and folder under `root`: files as "path → sha256", folders as "path/ → dir". Names are read as bytes,
 * so that a name that is not UTF-8 is there too (its invalid bytes shown as "\xE9").
 */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: Buffer, prefix: string) => {
    const names = fs.readdirSync(dir, { encoding: 'buffer' }).map((raw) => ({ raw, name: decodeName(raw).name }));
    for (const { raw, name } of names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const abs = Buffer.concat([dir, Buffer.from(path.sep), raw]);
      const rel = prefix ? `${prefix}/${name}` : name;
      const st = fs.lstatSync(abs);
      if (st.isDirectory()) {
        out[`${rel}/`] = 'dir';
        walk(abs, rel);
      } else if (st.isSymbolicLink()) out[rel] = `link:${fs.readlinkSync(abs)}`;
      else if (st.isFIFO()) out[rel] = 'fifo';
      else out[rel] = sha256(fs.readFileSync(abs));
    }
  };
  walk(Buffer.from(root), '');
  return out;
}

/** Index rows of the folder: path → hash. */
export function indexedPaths(fx: Fixture): Record<string, string | null> {
  const lib = Library.open(fx.dataDir);
  try {
    const rows = lib.fileMap(lib.folderId(fx.root));
    return Object.fromEntries([...rows.values()].map((r) => [r.path, r.hash]));
  } finally {
    lib.close();
  }
}

export function sha256(b: Buffer | string): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Real file system calls, except that `fail` may throw an error with a code for chosen calls. */
export function faultyFs(fail: (call: string, args: unknown[]) => string | null): Fs {
  const wrap = <K extends keyof Fs>(k: K) =>
    (async (...args: unknown[]) => {
      const code = fail(k, args);
      if (code) throw Object.assign(new Error(`${code}: simulated`), { code });
      return (realFs[k] as (...a: unknown[]) => unknown)(...args);
    }) as Fs[K];
  const keys = Object.keys(realFsCalls) as Array<keyof Fs>;
  return Object.fromEntries(keys.map((k) => [k, wrap(k)])) as unknown as Fs;
}

/** Every call of the Fs type, so that a new one is wrapped too (a missing key fails to compile). */
const realFsCalls: Record<keyof Fs, true> = { link: true, unlink: true, copyFile: true, open: true, lstat: true, mkdir: true, rmdir: true, utimes: true, rename: true, readdir: true };
