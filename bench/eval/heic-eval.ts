// `npm run eval:heic`: the same labeled sets grouped as JPEG and as HEIC, side by side. Each photo is converted
// the way a phone stores it: upright pixels (EXIF orientation baked in, since HEIF ignores EXIF's), encoded by
// Debian's heif-enc with a thumbnail item, so indexing takes its features from the thumbnail whenever that covers
// the network's input; the HEIC set is also grouped from its full images, to show what thumbnails cost. Imagenette's 224 px photos are first doubled, as a phone's photo is far larger than its
// thumbnail. Converted sets are kept under .bench/heic-sets.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { benchCacheDir, sharedDir } from '../shared-data';
import { evaluate } from './evaluate';

const run = promisify(execFile);

const SETS: Array<{ name: string; scale: number; thumb: number }> = [
  { name: 'ants-bees', scale: 1, thumb: 336 }, // ~500×375 photos: a 336×252 thumbnail
  { name: 'imagenette-val-1k', scale: 2, thumb: 320 }, // 224 px doubled: a 320×240 thumbnail
];

async function convertSet(name: string, scale: number, thumb: number): Promise<string> {
  const src = path.join(sharedDir(), 'datasets', name);
  const out = path.join(benchCacheDir(), 'heic-sets', name);
  const todo: Array<[string, string]> = [];
  for (const cls of fs.readdirSync(src)) {
    if (!fs.statSync(path.join(src, cls)).isDirectory()) continue;
    fs.mkdirSync(path.join(out, cls), { recursive: true });
    for (const file of fs.readdirSync(path.join(src, cls))) {
      const target = path.join(out, cls, `${path.parse(file).name}.heic`);
      if (!fs.existsSync(target)) todo.push([path.join(src, cls, file), target]);
    }
  }
  if (todo.length) console.log(`converting ${todo.length} photos of ${name} to HEIC…`);
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const [from, to] = todo[next++];
      const png = `${to}.png`;
      try {
        const meta = await sharp(from).metadata();
        let img = sharp(from, { pages: 1 }).rotate();
        if (scale !== 1) img = img.resize(Math.round((meta.autoOrient?.width ?? meta.width!) * scale));
        await img.png().toFile(png);
        // heif-enc refuses a thumbnail bigger than its image: small photos get none, as phones' never are.
        const side = Math.max(meta.width ?? 0, meta.height ?? 0) * scale;
        await run('heif-enc', ['-q', '70', ...(side > thumb ? ['-t', String(thumb)] : []), '-o', `${to}.tmp`, png]);
        fs.renameSync(`${to}.tmp`, to);
      } catch (err) {
        console.log(`  not converted: ${path.relative(src, from)} (${(err as Error).message.split('\n')[0]})`);
      } finally {
        fs.rmSync(png, { force: true });
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const set of SETS) {
    const heic = await convertSet(set.name, set.scale, set.thumb);
    const jpeg = await evaluate(path.join(sharedDir(), 'datasets', set.name), undefined, path.join(benchCacheDir(), 'eval-data'));
    const asHeic = await evaluate(heic, undefined, path.join(benchCacheDir(), 'eval-heic-data'));
    const asHeicFull = await evaluate(heic, undefined, path.join(benchCacheDir(), 'eval-heic-full-data'), { heifThumbnails: false });
    for (const [what, r] of [['JPEG', jpeg], ['HEIC (thumbnail items)', asHeic], ['HEIC (full images)', asHeicFull]] as const) {
      rows.push(`| ${set.name} | ${what} | ${r.photos} | ${r.ami.toFixed(3)} | ${r.ari.toFixed(3)} | ${r.coverage.toFixed(2)} | ${r.report.groups.length} | ${r.report.timings.indexSeconds.toFixed(1)} s |`);
    }
    const drop = asHeicFull.ami - asHeic.ami;
    rows.push(`| ${set.name} | thumbnails − full images | | ${(-drop).toFixed(3)} | ${(asHeic.ari - asHeicFull.ari).toFixed(3)} | | | ${drop <= 0.01 ? 'thumbnails no worse (within 0.01 AMI)' : 'thumbnails WORSE'} |`);
  }
  console.log('\n| set | as | photos | AMI | ARI | coverage | groups | index time |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
