// bench/large-jpegs.ts — owns: the bench's 12-megapixel JPEG fixtures (4000×3000, quality 90, like a phone).
// Upscales the shared real photos and Imagenette images with sharp, each file made distinct (source, crop,
// mirror, brightness, seeded sensor-like grain), no EXIF (orientation baked into the pixels). Made at bench
// time into a scratch dir (e.g. .bench/), never committed; files already there are kept.
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import sharp from 'sharp';
import { benchCacheDir, sharedDir } from './shared-data';

export const LARGE_WIDTH = 4000;
export const LARGE_HEIGHT = 3000;
export const LARGE_QUALITY = 90;
/** Std-dev of the added grain in 8-bit levels: upscaled 224 px images are too smooth to compress like photos. */
const GRAIN_SIGMA = 5;
/** Files generated at once (sharp itself is multi-threaded; 2 keeps both cores busy without 36 MB buffers piling up). */
const IN_FLIGHT = 2;

const POSITIONS = ['centre', 'north', 'south', 'east', 'west'] as const;

/**
 * Makes `count` JPEGs large-0000.jpg … in dir (created if needed) and returns their paths in order.
 * Files that already exist are not rebuilt, so a second call is almost free.
 */
export async function makeLargeJpegs(dir: string, count: number): Promise<string[]> {
  await fsp.mkdir(dir, { recursive: true });
  const outputs = Array.from({ length: count }, (_, i) => path.join(dir, `large-${String(i).padStart(4, '0')}.jpg`));
  const todo = outputs.map((out, i) => ({ out, i })).filter(({ out }) => !fs.existsSync(out));
  if (todo.length === 0) return outputs;

  const sources = await largeJpegSources();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < todo.length) {
      const { out, i } = todo[next++];
      await makeOne(sources[i % sources.length], Math.floor(i / sources.length), i, out);
    }
  };
  const prevCache = sharp.cache();
  sharp.cache(false);
  try {
    await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, todo.length) }, worker));
  } finally {
    sharp.cache({ memory: prevCache.memory.max, files: prevCache.files.max, items: prevCache.items.max });
  }
  return outputs;
}

/**
 * Source images, real photos first: shared photos/ (minus degenerate ones such as the 161×1 file), then
 * Imagenette round-robin over its classes so consecutive files show different things.
 */
export async function largeJpegSources(): Promise<string[]> {
  const photosDir = path.join(sharedDir(), 'datasets', 'photos');
  const photos: string[] = [];
  for (const name of (await fsp.readdir(photosDir)).sort()) {
    const file = path.join(photosDir, name);
    try {
      const m = await sharp(file).metadata();
      const w = m.width ?? 0;
      const h = m.height ?? 0;
      if (Math.min(w, h) >= 200 && Math.max(w, h) / Math.min(w, h) <= 2) photos.push(file);
    } catch {
      // not an image sharp reads: skip
    }
  }
  const imagenette = path.join(sharedDir(), 'datasets', 'imagenette-val-1k');
  const classes = (await fsp.readdir(imagenette)).sort();
  const perClass = await Promise.all(
    classes.map(async (c) => (await fsp.readdir(path.join(imagenette, c))).sort().map((f) => path.join(imagenette, c, f))),
  );
  const interleaved: string[] = [];
  const longest = Math.max(0, ...perClass.map((l) => l.length));
  for (let k = 0; k < longest; k++) for (const list of perClass) if (k < list.length) interleaved.push(list[k]);
  const all = [...photos, ...interleaved];
  if (all.length === 0) throw new Error(`no source images under ${photosDir} or ${imagenette}`);
  return all;
}

async function makeOne(src: string, round: number, index: number, out: string): Promise<void> {
  const { data, info } = await sharp(src, { failOn: 'none' })
    .rotate() // bake EXIF orientation into the pixels; the output carries no metadata at all
    .resize(LARGE_WIDTH, LARGE_HEIGHT, { fit: 'cover', position: POSITIONS[round % POSITIONS.length], kernel: 'lanczos3' })
    .flop(round % 2 === 1)
    .modulate({ brightness: 1 + 0.04 * ((round % 5) - 2) })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  addGrain(data, index + 1, GRAIN_SIGMA);
  const tmp = `${out}.${process.pid}.tmp`;
  await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .jpeg({ quality: LARGE_QUALITY, chromaSubsampling: '4:2:0' })
    .toFile(tmp);
  await fsp.rename(tmp, out); // a file that exists is always complete
}

/** Adds seeded, roughly Gaussian noise (sum of 4 uniforms) in place. */
function addGrain(px: Buffer, seed: number, sigma: number): void {
  let s = (seed * 0x9e3779b1) >>> 0 || 1;
  // sum of 4 uniforms on [0,255] has std 255*sqrt(4/12) ≈ 147.2; scale that to sigma
  const k = sigma / 147.22;
  for (let i = 0; i < px.length; i++) {
    let sum = 0;
    for (let j = 0; j < 4; j++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      sum += s & 0xff;
    }
    const v = px[i] + (sum - 510) * k;
    px[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
}

// Development: node --import tsx bench/large-jpegs.ts [dir] [count]
if (require.main === module) {
  const dir = process.argv[2] ?? path.join(benchCacheDir(), 'large-jpegs');
  const count = Number(process.argv[3] ?? 8);
  const t0 = Date.now();
  makeLargeJpegs(dir, count)
    .then(async (files) => {
      const sizes = await Promise.all(files.map(async (f) => (await fsp.stat(f)).size));
      const mb = sizes.reduce((a, b) => a + b, 0) / 1e6;
      console.log(`${files.length} files in ${dir}: ${mb.toFixed(1)} MB (avg ${(mb / files.length).toFixed(2)} MB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    })
    .catch((err: Error) => {
      console.error(err);
      process.exitCode = 1;
    });
}
