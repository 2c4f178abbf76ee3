// HEIC in a real folder: indexed beside JPEGs, grouped with the JPEGs they were made from and found as their near
// duplicates; in the app their full photo is served as a JPEG made once and kept, within the cache's budget.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { clusterFolder } from '../electron/engine/cluster/cluster-folder';
import { decodePhoto } from '../electron/engine/decode/decode';
import { HeifPool } from '../electron/engine/decode/heif/heif-pool';
import { writeCropTensor } from '../electron/engine/decode/tensor';
import { Embedder } from '../electron/engine/embed/embedder';
import { getModel } from '../electron/engine/models/catalog';
import { fullMediaPath, MediaRoots } from '../electron/engine/service/media';
import { PreviewCache } from '../electron/engine/service/preview-cache';
import { heifEnc } from './heic-fixtures';
import { DATASETS, SHARED_MODELS, tempDir } from './helpers';

const CLASSES = ['tench', 'church', 'parachute'];
const PER_CLASS = 8;

/** JPEG originals from Imagenette and, beside each, a HEIC made by heif-enc from it at twice its size with a thumbnail item. */
let mixed: Promise<{ folder: string; pairs: Array<[string, string]> }> | undefined;
function mixedFolder(): Promise<{ folder: string; pairs: Array<[string, string]> }> {
  mixed ??= makeMixedFolder();
  return mixed;
}

async function makeMixedFolder(): Promise<{ folder: string; pairs: Array<[string, string]> }> {
  const folder = tempDir();
  const work = tempDir();
  const pairs: Array<[string, string]> = [];
  for (const cls of CLASSES) {
    const dir = path.join(DATASETS, 'imagenette-val-1k', cls);
    for (const name of fs.readdirSync(dir).sort().slice(0, PER_CLASS)) {
      const stem = `${cls}-${path.parse(name).name}`;
      fs.copyFileSync(path.join(dir, name), path.join(folder, `${stem}.jpg`));
      // Phones store a large photo and a ~320 px thumbnail item: twice the 224 px original gives both.
      const big = path.join(work, `${stem}.png`);
      const meta = await sharp(path.join(dir, name)).metadata();
      await sharp(path.join(dir, name)).resize(meta.width! * 2, meta.height! * 2).png().toFile(big);
      heifEnc(big, path.join(folder, `${stem}.heic`), { thumb: 320 });
      pairs.push([`${stem}.jpg`, `${stem}.heic`]);
    }
  }
  return { folder, pairs };
}

test('HEIC copies are indexed, group with the JPEGs they were made from, and are found as their near duplicates', async () => {
  const { folder, pairs } = await mixedFolder();
  const report = await clusterFolder({ folder, modelsDir: SHARED_MODELS, dataDir: tempDir(), allowDownload: false });
  assert.deepEqual(report.skipped, [], 'every HEIC is used');
  const groupOf = new Map<string, string>();
  for (const g of report.groups) for (const f of g.files) groupOf.set(f, g.id);
  let together = 0;
  for (const [jpg, heic] of pairs) if (groupOf.get(jpg) !== undefined && groupOf.get(jpg) === groupOf.get(heic)) together++;
  assert.ok(together >= pairs.length - 1, `${together} of ${pairs.length} HEIC copies share their original's group`);
  const near = new Set(report.duplicates.map((d) => [...d.files].sort().join('|')));
  const found = pairs.filter(([jpg, heic]) => [...near].some((set) => set.includes(jpg) && set.includes(heic))).length;
  assert.ok(found >= pairs.length - 1, `${found} of ${pairs.length} HEIC/JPEG pairs listed as duplicates`);
  assert.ok(report.groups.length >= 2 && report.groups.length <= 4, `${report.groups.length} groups for 3 subjects`);
});

test('features from a HEIC thumbnail item are as telling as from its full image and close to the JPEG original', async () => {
  const { folder, pairs } = await mixedFolder();
  const entry = getModel('mobilenetv2-int8');
  const spec = entry.preprocess;
  const per = 3 * spec.cropSize * spec.cropSize;
  const pool = new HeifPool({ size: 1 });
  const fromThumbnail = await Promise.all(pairs.map(async ([, heic]) => (await pool.decode(fs.readFileSync(path.join(folder, heic)), spec.cropSize)).source === 'thumbnail'));
  await pool.close();
  assert.ok(fromThumbnail.filter(Boolean).length >= pairs.length / 2, `most HEIC copies are indexed from their thumbnail item (${fromThumbnail.filter(Boolean).length} of ${pairs.length})`);

  const features = async (files: string[], heifThumbnails: boolean): Promise<Float32Array[]> => {
    const input = new Float32Array(per * files.length);
    for (let i = 0; i < files.length; i++) {
      const photo = await decodePhoto(fs.readFileSync(path.join(folder, files[i])), spec, { thumbSize: 256, maxPixels: 2e8, heifThumbnails });
      writeCropTensor(photo.crop, spec, input, i * per);
    }
    const embedder = await Embedder.load(path.join(SHARED_MODELS, entry.file), entry, { provider: 'cpu' });
    try {
      const { features: f } = await embedder.embed(input, files.length);
      const dim = embedder.featureDim;
      return files.map((_, i) => normalized(f.subarray(i * dim, (i + 1) * dim)));
    } finally {
      await embedder.close();
    }
  };
  const jpeg = await features(pairs.map(([j]) => j), true);
  const thumb = await features(pairs.map(([, h]) => h), true);
  const full = await features(pairs.map(([, h]) => h), false);
  const sims = pairs.map((_, i) => dot(jpeg[i], thumb[i])).sort((a, b) => a - b);
  assert.ok(sims[sims.length >> 1] >= 0.93 && sims[0] >= 0.85, `thumbnail features close to the JPEG's: median ${sims[sims.length >> 1].toFixed(3)}, least ${sims[0].toFixed(3)}`);
  // What grouping rests on: each photo's nearest photos show the same subject, as often from thumbnails as from the full image.
  const labels = pairs.map(([j]) => j.split('-')[0]);
  const thumbAcc = nearestAgreement(thumb, labels);
  const fullAcc = nearestAgreement(full, labels);
  assert.ok(thumbAcc >= fullAcc - 1 / pairs.length, `neighbours agree for ${thumbAcc.toFixed(2)} from thumbnails, ${fullAcc.toFixed(2)} from full images`);
  assert.ok(thumbAcc >= 0.9, `thumbnail features separate the subjects (${thumbAcc.toFixed(2)})`);
});

function normalized(v: Float32Array): Float32Array {
  const n = Math.sqrt(dot(v, v));
  return Float32Array.from(v, (x) => x / n);
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Share of photos whose 3 nearest others (cosine) are mostly of their own subject. */
function nearestAgreement(v: Float32Array[], labels: string[]): number {
  let ok = 0;
  for (let i = 0; i < v.length; i++) {
    const near = v.map((w, j) => [j === i ? -Infinity : dot(v[i], w), j] as const).sort((a, b) => b[0] - a[0]).slice(0, 3);
    if (near.filter(([, j]) => labels[j] === labels[i]).length >= 2) ok++;
  }
  return ok / v.length;
}

test('the full photo of a HEIC or TIFF is served as a JPEG made once; a JPEG is served as it is', async () => {
  const folder = tempDir();
  const dataDir = tempDir();
  heifEnc(path.join(DATASETS, 'photos', 'horses.jpg'), path.join(folder, 'horses.heic'), { thumb: 320 });
  fs.copyFileSync(path.join(DATASETS, 'photos', 'dog.jpg'), path.join(folder, 'dog.jpg'));
  await sharp(path.join(DATASETS, 'photos', 'eagle.jpg')).tiff().toFile(path.join(folder, 'eagle.tif'));
  fs.writeFileSync(path.join(folder, 'broken.heic'), fs.readFileSync(path.join(folder, 'horses.heic')).subarray(0, 3000));
  const roots = new MediaRoots(dataDir);
  const root = fs.realpathSync(folder);
  roots.allowFolder(root);
  const served = async (name: string) => {
    const r = await roots.resolve(fullMediaPath(root, name));
    assert.ok(r.ok, `${name}: ${r.ok ? '' : r.reason}`);
    return r.file;
  };

  assert.equal(await served('dog.jpg'), path.join(root, 'dog.jpg'));
  const horses = await served('horses.heic');
  assert.ok(horses.startsWith(path.join(dataDir, 'previews')) && horses.endsWith('.jpg'), horses);
  const original = await sharp(path.join(DATASETS, 'photos', 'horses.jpg')).metadata();
  const shown = await sharp(horses).metadata();
  assert.deepEqual([shown.format, shown.width, shown.height], ['jpeg', original.width, original.height], 'the whole photo, not its thumbnail');
  const made = fs.statSync(horses).ino;
  assert.equal(await served('horses.heic'), horses);
  assert.equal(fs.statSync(horses).ino, made, 'made once: the second request is served from the cache');
  const tif = await served('eagle.tif');
  assert.equal((await sharp(tif).metadata()).format, 'jpeg');

  const broken = await roots.resolve(fullMediaPath(root, 'broken.heic'));
  assert.deepEqual(broken.ok ? null : [broken.status, broken.reason], [415, 'cannot be shown: file is truncated']);
});

test('the preview cache keeps within its budget, dropping the copies served least recently', async () => {
  const folder = tempDir();
  const dataDir = tempDir();
  // Three photos whose previews weigh about the same: one picture, turned three ways.
  const source = path.join(DATASETS, 'photos', 'dog.jpg');
  await sharp(source).tiff().toFile(path.join(folder, 'dog.tif'));
  await sharp(source).flop().tiff().toFile(path.join(folder, 'mirrored.tif'));
  await sharp(source).flip().tiff().toFile(path.join(folder, 'upside-down.tif'));
  const probe = await new PreviewCache(tempDir()).forBrowser(path.join(folder, 'dog.tif'));
  const budget = Math.round(fs.statSync(probe).size * 2.5); // room for about two copies
  const cache = new PreviewCache(dataDir, budget);
  const dog = await cache.forBrowser(path.join(folder, 'dog.tif'));
  const mirrored = await cache.forBrowser(path.join(folder, 'mirrored.tif'));
  await cache.forBrowser(path.join(folder, 'dog.tif')); // served again: the mirrored copy is now the least recent
  const upsideDown = await cache.forBrowser(path.join(folder, 'upside-down.tif'));
  assert.ok(fs.existsSync(upsideDown) && fs.existsSync(dog), 'the newest and the recently served copies stay');
  assert.ok(!fs.existsSync(mirrored), 'the least recently served copy went');
  // A new process (the app restarted) knows what is cached from the folder itself.
  const again = new PreviewCache(dataDir, budget);
  assert.equal(await again.forBrowser(path.join(folder, 'dog.tif')), dog);
});
