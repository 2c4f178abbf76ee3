// bench/heic-bench.ts — owns: section 6 of `npm run bench`, HEIC as phones write it.
//   - a first index of a folder of 12 MP HEIC photos carrying ~320×240 thumbnail items (heif-enc from the bench's
//     12 MP JPEGs, x265 ultrafast), whole run with the model's start included, against the target of ≥ 20 photos/s;
//   - the same for copies of the shared real iPhone photo (a 512 px tile grid), each made distinct by a trailing
//     `free` box, so its hash differs while its decoding does not;
//   - the full decode the large preview needs, per photo, with and without libheif's WebAssembly module warm.
// Fixtures are built under .bench/heic* on first use (heif-enc from Debian's libheif-examples).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HeifPool } from '../electron/engine/decode/heif/heif-pool';
import { renderBrowserPreview } from '../electron/engine/decode/preview';
import { makeLargeJpegs } from './large-jpegs';
import { benchCacheDir, sharedDir } from './shared-data';

type Report = (what: string, value: string, floor: string, verdict: string) => void;
type IndexRun = (folder: string, dataDir: string) => { summary: { counts: { embedded: number; skipped: number }; timings: { totalSeconds: number; modelLoadSeconds: number } } };

/** `count` 12 MP HEIC files with thumbnail items, encoded from the 12 MP JPEG fixtures (kept between runs). */
async function heicFixtures(count: number): Promise<string> {
  const dir = path.join(benchCacheDir(), 'heic-12mp');
  fs.mkdirSync(dir, { recursive: true });
  const jpegs = await makeLargeJpegs(path.join(benchCacheDir(), 'large'), count);
  const todo = jpegs.map((j, i) => ({ j, out: path.join(dir, `large-${String(i).padStart(4, '0')}.heic`) })).filter((x) => !fs.existsSync(x.out));
  if (todo.length > 0) console.log(`  (encoding ${todo.length} HEIC files with heif-enc, about a second each)`);
  for (const { j, out } of todo) execFileSync('heif-enc', ['-q', '50', '-t', '320', '-p', 'preset=ultrafast', '-o', `${out}.tmp`, j], { stdio: 'pipe' });
  for (const { out } of todo) fs.renameSync(`${out}.tmp`, out);
  return dir;
}

/** `count` distinct copies of the shared iPhone photo: a trailing free box of random bytes changes only the hash. */
function iphoneCopies(count: number): string {
  const dir = path.join(benchCacheDir(), `heic-iphone-${count}`);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length === count) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const original = fs.readFileSync(path.join(sharedDir(), 'datasets', 'heic', 'IMG_3906.HEIC'));
  for (let i = 0; i < count; i++) {
    const free = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('free'), randomBytes(16)]);
    fs.writeFileSync(path.join(dir, `IMG_${String(i).padStart(4, '0')}.HEIC`), Buffer.concat([original, free]));
  }
  return dir;
}

export async function heicBench(opts: { count: number; report: Report; index: IndexRun; freshDataDir: (name: string) => string }): Promise<void> {
  console.log(`\n6. HEIC photos as phones write them (${opts.count} of 12 megapixels, with thumbnail items)`);
  const folders: Array<[string, string]> = [
    ['12 MP HEIC first index (heif-enc, thumbnail items)', await heicFixtures(opts.count)],
    ['iPhone HEIC first index (12 MP grid, thumbnail item)', iphoneCopies(opts.count)],
  ];
  for (const [what, folder] of folders) {
    const r = opts.index(folder, opts.freshDataDir('heic'));
    const t = r.summary.timings;
    const rate = r.summary.counts.embedded / t.totalSeconds;
    const steady = r.summary.counts.embedded / (t.totalSeconds - t.modelLoadSeconds);
    opts.report(what, `${rate.toFixed(1)} photos/s whole run (${r.summary.counts.embedded} in ${t.totalSeconds.toFixed(1)} s, model start included)`,
      `${steady.toFixed(1)} photos/s without the model's start; ${r.summary.counts.skipped} skipped`, `${rate >= 20 ? 'meets' : 'MISSES'} target ≥ 20 photos/s`);
  }

  // The large preview: the whole 12 MP grid decoded, then encoded as a JPEG for the browser.
  const iphone = fs.readFileSync(path.join(sharedDir(), 'datasets', 'heic', 'IMG_3906.HEIC'));
  const cold = new HeifPool({ size: 1 });
  let t0 = performance.now();
  await cold.decode(iphone, 0);
  const coldMs = performance.now() - t0;
  const warm: number[] = [];
  for (let i = 0; i < 3; i++) {
    t0 = performance.now();
    await cold.decode(iphone, 0);
    warm.push(performance.now() - t0);
  }
  await cold.close();
  t0 = performance.now();
  await renderBrowserPreview(iphone);
  const previewMs = performance.now() - t0;
  opts.report('iPhone 12 MP full decode (large preview)', `${Math.min(...warm).toFixed(0)} ms decode, ${previewMs.toFixed(0)} ms decode + JPEG`, `first decode in a new worker ${coldMs.toFixed(0)} ms`, 'made once per photo, then served from the preview cache');
}
