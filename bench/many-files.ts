// bench/many-files.ts — owns: the bench's "many small photos" folder (e.g. 50,000 distinct 32×32 JPEGs).
// Cycles through the 5,000 CIFAR-10 test images of the shared data; copy number v of an image gets a small
// deterministic pixel edit and its own JPEG quality, and every output's bytes are checked to be unique (the
// engine keys features by the sha256 of the file), so no two files share a content hash.
// Layout: dir/gNN/sNN/cifar-NNNNNN.jpg, 500 files per leaf folder, 10 leaf folders per group.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import sharp from 'sharp';
import { benchCacheDir, sharedDir } from './shared-data';

export const FILES_PER_FOLDER = 500;
export const FOLDERS_PER_GROUP = 10;
const IN_FLIGHT = 32;
const NAME = /^cifar-(\d{6})\.jpg$/;

/** Where file number i goes (relative to dir). */
export function manyFilesRelPath(i: number): string {
  const leaf = Math.floor(i / FILES_PER_FOLDER);
  const group = Math.floor(leaf / FOLDERS_PER_GROUP);
  return path.join(`g${pad(group, 2)}`, `s${pad(leaf % FOLDERS_PER_GROUP, 2)}`, `cifar-${pad(i, 6)}.jpg`);
}

/**
 * Fills dir with `count` distinct small JPEGs. Returns at once when exactly those files are already there;
 * after an interrupted run it makes only the missing ones. Files of ours numbered >= count are removed, so
 * the folder holds exactly `count` photos.
 */
export async function makeManyFiles(dir: string, count: number): Promise<void> {
  await fsp.mkdir(dir, { recursive: true });
  const existing = await listOurs(dir);
  let present = 0;
  for (const [i, file] of existing) {
    if (i < count) present++;
    else await fsp.rm(file, { force: true });
  }
  if (present === count) return;

  const sources = await loadSources();
  const seen = new Set<string>();
  // Resuming: the files already made take part in the uniqueness check.
  await forEachLimited([...existing].filter(([i]) => i < count), IN_FLIGHT, async ([, file]) => {
    seen.add(digest(await fsp.readFile(file)));
  });

  const madeDirs = new Map<string, Promise<unknown>>();
  const ensureDir = (d: string): Promise<unknown> => {
    let p = madeDirs.get(d);
    if (!p) {
      p = fsp.mkdir(d, { recursive: true });
      madeDirs.set(d, p);
    }
    return p;
  };
  const todo: number[] = [];
  for (let i = 0; i < count; i++) if (!existing.has(i)) todo.push(i);

  await forEachLimited(todo, IN_FLIGHT, async (i) => {
    const src = sources[i % sources.length];
    const copy = Math.floor(i / sources.length);
    let bytes: Buffer | null = null;
    for (let attempt = 0; attempt < 64; attempt++) {
      const candidate = await encodeVariant(src, copy, attempt);
      const h = digest(candidate);
      if (!seen.has(h)) {
        seen.add(h);
        bytes = candidate;
        break;
      }
    }
    if (!bytes) throw new Error(`could not make a distinct copy #${copy} of CIFAR image ${i % sources.length}`);
    const out = path.join(dir, manyFilesRelPath(i));
    await ensureDir(path.dirname(out));
    const tmp = `${out}.tmp`; // not a .jpg name: an interrupted write never counts as a finished file
    await fsp.writeFile(tmp, bytes);
    await fsp.rename(tmp, out);
  });
}

interface Source {
  pixels: Buffer;
  width: number;
  height: number;
  channels: 3;
}

/** The CIFAR-10 test images decoded to RGB, class-interleaved so neighbouring files show different classes. */
async function loadSources(): Promise<Source[]> {
  const root = path.join(sharedDir(), 'datasets', 'cifar10-test-5k');
  const classes = (await fsp.readdir(root)).sort();
  const perClass = await Promise.all(classes.map(async (c) => (await fsp.readdir(path.join(root, c))).sort().map((f) => path.join(root, c, f))));
  const files: string[] = [];
  const longest = Math.max(0, ...perClass.map((l) => l.length));
  for (let k = 0; k < longest; k++) for (const list of perClass) if (k < list.length) files.push(list[k]);
  if (files.length === 0) throw new Error(`no images under ${root}`);
  const out: Source[] = new Array(files.length);
  await forEachLimited(
    files.map((f, idx) => ({ f, idx })),
    IN_FLIGHT,
    async ({ f, idx }) => {
      const { data, info } = await sharp(f).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
      out[idx] = { pixels: data, width: info.width, height: info.height, channels: 3 };
    },
  );
  return out;
}

/**
 * Copy `copy` of an image: copy 0 is the image re-encoded at quality 90; copy v > 0 also shifts a 2×2
 * block (position and direction from v and attempt) by a few levels, and uses quality 76 + (v % 20).
 */
async function encodeVariant(src: Source, copy: number, attempt: number): Promise<Buffer> {
  const px = Buffer.from(src.pixels);
  const edit = copy + attempt * 7919;
  if (edit > 0) {
    const blocksX = Math.max(1, src.width >> 1);
    const blocksY = Math.max(1, src.height >> 1);
    const b = (edit * 2654435761) >>> 0;
    const bx = (b % blocksX) * 2;
    const by = (Math.floor(b / blocksX) % blocksY) * 2;
    const delta = (6 + (edit % 5)) * ((edit >> 1) % 2 === 0 ? 1 : -1);
    for (let y = by; y < Math.min(by + 2, src.height); y++) {
      for (let x = bx; x < Math.min(bx + 2, src.width); x++) {
        const o = (y * src.width + x) * 3;
        for (let c = 0; c < 3; c++) {
          const v = px[o + c] + delta;
          px[o + c] = v < 0 ? -v : v > 255 ? 510 - v : v; // reflect at the ends so the change never vanishes
        }
      }
    }
  }
  const quality = copy === 0 && attempt === 0 ? 90 : 76 + ((copy + attempt) % 20);
  return sharp(px, { raw: { width: src.width, height: src.height, channels: src.channels } }).jpeg({ quality }).toBuffer();
}

/** Our files in dir (index → path), found by name in the gNN/sNN layout. */
async function listOurs(dir: string): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  const walk = async (d: string, depth: number): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    await Promise.all(
      entries.map(async (e) => {
        const p = path.join(d, e.name);
        if (e.isDirectory() && depth < 2) return walk(p, depth + 1);
        const m = e.isFile() ? NAME.exec(e.name) : null;
        if (m) found.set(Number(m[1]), p);
        else if (e.isFile() && e.name.endsWith('.jpg.tmp')) await fsp.rm(p, { force: true });
      }),
    );
  };
  await walk(dir, 0);
  return found;
}

async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function digest(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

// Development: node --import tsx bench/many-files.ts [dir] [count]
if (require.main === module) {
  const dir = process.argv[2] ?? path.join(benchCacheDir(), 'many-files');
  const count = Number(process.argv[3] ?? 50_000);
  const t0 = Date.now();
  makeManyFiles(dir, count)
    .then(() => console.log(`${count} files in ${dir} after ${((Date.now() - t0) / 1000).toFixed(1)} s`))
    .catch((err: Error) => {
      console.error(err);
      process.exitCode = 1;
    });
}
