// Shared test fixtures: where ../shared is, temporary copies of its folders, and the labels of the messy folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appRoot } from '../electron/engine/paths';

export const ROOT = appRoot();
/** The `likeness` command as the README runs it. */
export const BIN = path.join(ROOT, 'bin', 'likeness');
/** ../shared beside the checkout; LIKENESS_SHARED points elsewhere. */
// Prepared model graphs (embed/prepared-cache.ts) go to a cache of the test run's own, never the user's, and every
// command the tests start inherits it.
process.env.LIKENESS_CACHE_DIR ??= path.join(os.tmpdir(), 'likeness-test-cache');

export const SHARED = path.resolve(process.env.LIKENESS_SHARED || path.join(ROOT, '..', 'shared'));
export const SHARED_MODELS = path.join(SHARED, 'models');
export const DATASETS = path.join(SHARED, 'datasets');

export function tempDir(prefix = 'likeness-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A writable copy of a shared folder (the shared tree is read-only). Symlinks are copied as links. */
export function tempCopy(src: string): string {
  const dest = path.join(tempDir(), path.basename(src));
  fs.cpSync(src, dest, { recursive: true, verbatimSymlinks: true });
  makeWritable(dest);
  return dest;
}

function makeWritable(p: string): void {
  const st = fs.lstatSync(p);
  if (st.isSymbolicLink()) return;
  fs.chmodSync(p, st.mode | 0o200);
  if (st.isDirectory()) for (const name of fs.readdirSync(p)) makeWritable(path.join(p, name));
}

export interface MessyLabel {
  path: string;
  label: string;
  kind: string;
  dupOf: string;
}

/** labels.csv of the messy folder (quoted fields are not used there; names may hold commas only in none). */
export function messyLabels(): MessyLabel[] {
  const lines = fs.readFileSync(path.join(DATASETS, 'messy', 'labels.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [p, label, , kind, dupOf] = l.split(',');
    return { path: p, label, kind, dupOf };
  });
}

/** Kinds of labels.csv rows that are not usable photos, with the reason a person should read. */
export const MESSY_NOT_PHOTOS: Record<string, RegExp> = {
  'corrupt-truncated': /truncated/,
  'zero-byte': /^empty file$/,
  'wrong-extension-text': /^not an image \(text\)$/,
  'misc-pdf': /^not an image \(PDF document\)$/,
  'misc-docx': /^not an image \((Word|Office) document|ZIP archive\)$/,
  'misc-mp4': /^video \(not grouped\)$/,
  'misc-xcf': /GIMP/,
};

/** Seeded pseudo-random numbers in [0, 1) (mulberry32): the same test data on every run. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A writable copy of the messy folder as its README describes it: Downloads/link-to-dcim a real symlink again. */
export function messyCopy(): string {
  const folder = tempCopy(path.join(DATASETS, 'messy'));
  const link = path.join(folder, 'Downloads', 'link-to-dcim');
  if (fs.existsSync(link) && !fs.lstatSync(link).isSymbolicLink()) {
    const target = fs.readFileSync(link, 'utf8').trim();
    fs.rmSync(link);
    fs.symlinkSync(target, link);
  }
  return folder;
}
