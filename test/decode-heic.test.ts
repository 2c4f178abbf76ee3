// HEIC and HEIF as phones and the conformance suite write them: every shared file libheif can show is decoded the
// way heif-info reads it, the rest skipped with what they are; HEIF's own turns and mirrors are applied and EXIF
// orientation is not added on top; a phone photo is indexed from its thumbnail item; a decoder crash or a truncated
// file costs that file only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { decodePhoto, DecodeError } from '../electron/engine/decode/decode';
import { HeifPool } from '../electron/engine/decode/heif/heif-pool';
import { HeifDecodeError } from '../electron/engine/decode/heif/heif-decode';
import { needsConversion, renderBrowserPreview } from '../electron/engine/decode/preview';
import type { PreprocessSpec } from '../electron/engine/types';
import { addTransform, heifEnc, heifInfo } from './heic-fixtures';
import { DATASETS, tempDir } from './helpers';

const HEIC_DIR = path.join(DATASETS, 'heic');
const IPHONE = path.join(HEIC_DIR, 'IMG_3906.HEIC');
const spec: PreprocessSpec = { resizeShortSide: 256, cropSize: 224, scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB', layout: 'NCHW' };
const OPTS = { thumbSize: 256, maxPixels: 2e8 };

/** What decodePhoto makes of a file: its size, or the reason it is skipped. */
async function outcome(bytes: Buffer): Promise<{ width: number; height: number; thumbnail: Buffer } | { reason: string }> {
  try {
    const p = await decodePhoto(bytes, spec, OPTS);
    return { width: p.width, height: p.height, thumbnail: p.thumbnail };
  } catch (err) {
    if (err instanceof DecodeError) return { reason: err.reason };
    throw err;
  }
}

/** A picture shrunk to 24×24 grey, to compare two renderings of one photo whatever their sizes and codecs. */
async function tiny(img: Sharp | Buffer): Promise<Uint8Array> {
  const s = Buffer.isBuffer(img) ? sharp(img) : img;
  return s.flatten({ background: '#ffffff' }).resize(24, 24, { fit: 'fill', fastShrinkOnLoad: false }).greyscale().raw().toBuffer();
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

test('every shared HEIF file is decoded as heif-info reads it, or skipped with what it is', async () => {
  const files = fs.readdirSync(HEIC_DIR).sort();
  assert.equal(files.length, 54);
  const skipped = new Map<string, string>();
  for (const name of files) {
    const file = path.join(HEIC_DIR, name);
    const ours = await outcome(fs.readFileSync(file));
    const theirs = heifInfo(file);
    if ('reason' in ours) {
      skipped.set(name, ours.reason);
      assert.match(ours.reason, /HEIF|file is corrupt|file is truncated/, `${name}: the reason says what the file is`);
      continue;
    }
    // Where libheif 1.15 (Debian's heif-info) sees a primary image, ours is the same picture size; where it lists
    // images but calls none primary (C005's primary item is a thumbnail of its 1280×720 image), one of those.
    if (theirs?.primary) assert.deepEqual([ours.width, ours.height], [theirs.primary.width, theirs.primary.height], name);
    else if (theirs) assert.ok(theirs.images.includes(`${ours.width}x${ours.height}`), `${name}: ${ours.width}x${ours.height} is one of ${theirs.images.join(', ')}`);
  }
  // Image sequences without a still image (C026…C038, heif-info 1.15 cannot read them) stand by their first frame;
  // files 1.15 cannot read (C008, C014, C023) or crashes on (C019) but 1.23 can are decoded. Only three are not
  // still photos at all.
  assert.deepEqual(Object.fromEntries(skipped), {
    'C039.heic': 'file is corrupt (HEIF image size does not match its data)',
    'C044.heic': "unsupported image format (HEIF whose primary image is predicted from another ('pred'), which libheif cannot decode)",
    'multilayer004.heic': 'unsupported image format (HEIF coded in a format libheif was built without)',
  });
  for (const name of files.filter((f) => !skipped.has(f))) {
    if (heifInfo(path.join(HEIC_DIR, name))) continue;
    assert.ok(/^C0(08|14|19|23|26|28|29|30|31|36|37|38)\.heic$/.test(name), `${name}: decoded although heif-info 1.15 cannot read it — expected only for sequences and files newer libheif reads`);
  }
});

test('clean-aperture crops libheif 1.23 refuses are decoded and cropped as Debian’s libheif shows them', async () => {
  const dir = tempDir();
  for (const [name, w, h] of [['C013.heic', 300, 300], ['MIAF007.heic', 360, 640]] as const) {
    const ours = await outcome(fs.readFileSync(path.join(HEIC_DIR, name)));
    assert.ok('thumbnail' in ours, `${name}: ${'reason' in ours ? ours.reason : ''}`);
    assert.deepEqual([ours.width, ours.height], [w, h]);
    // heif-convert writes name.png, or name-1.png, name-2.png… when the file holds several images (C013: two alike).
    const stem = name.replace('.heic', '');
    execFileSync('heif-convert', [path.join(HEIC_DIR, name), path.join(dir, `${stem}.png`)], { stdio: 'pipe' });
    const ref = path.join(dir, fs.readdirSync(dir).filter((f) => f.startsWith(stem)).sort()[0]);
    const diff = meanAbsDiff(await tiny(ours.thumbnail), await tiny(sharp(ref)));
    assert.ok(diff < 6, `${name}: same picture as heif-convert's (mean difference ${diff.toFixed(1)})`);
  }
});

test('a phone HEIC is indexed from its thumbnail item and previewed from its full 12 MP grid', async () => {
  const bytes = fs.readFileSync(IPHONE);
  const pool = new HeifPool({ size: 1 });
  try {
    const small = await pool.decode(bytes, 224);
    assert.equal(small.source, 'thumbnail');
    assert.deepEqual([small.raster.width, small.raster.height, small.width, small.height], [320, 240, 4032, 3024]);
    const full = await pool.decode(bytes, 0);
    assert.equal(full.source, 'primary');
    assert.deepEqual([full.raster.width, full.raster.height], [4032, 3024]);
    const raw = (r: typeof full) => sharp(r.raster.data, { raw: { width: r.raster.width, height: r.raster.height, channels: r.raster.channels } });
    const diff = meanAbsDiff(await tiny(raw(small)), await tiny(raw(full)));
    assert.ok(diff < 4, `the thumbnail item shows the same picture (mean difference ${diff.toFixed(1)})`);
    // A thumbnail smaller than the network's input is not enough: the primary image is decoded.
    assert.equal((await pool.decode(bytes, 241)).source, 'primary');
  } finally {
    await pool.close();
  }
  const indexed = await outcome(bytes);
  assert.ok('width' in indexed && indexed.width === 4032 && indexed.height === 3024, 'the photo keeps its own size');
  const preview = await renderBrowserPreview(bytes);
  const meta = await sharp(preview).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 4032, 3024]);
  assert.equal(needsConversion(bytes.subarray(0, 4096), bytes.length), 'heif');
});

test('HEIC written by heif-enc, with and without thumbnails, turned and mirrored by HEIF, never by EXIF', async () => {
  const dir = tempDir();
  // A shared photo whose EXIF says "rotate 90°": heif-enc keeps its pixels as stored and copies the EXIF, so the
  // HEIF shows it unturned. A viewer that applied the EXIF on top of HEIF would turn it.
  const source = path.join(DATASETS, 'messy', 'Фото', 'семья', '照片_0.jpeg');
  assert.equal((await sharp(source).metadata()).orientation, 6);
  const stored = await tiny(sharp(source)); // no .rotate(): the pixels as stored
  for (const thumb of [undefined, 320]) {
    const heic = path.join(dir, `plain-${thumb ?? 'none'}.heic`);
    heifEnc(source, heic, { thumb });
    assert.equal(heifInfo(heic)?.thumbnails.length, thumb ? 1 : 0);
    const plain = fs.readFileSync(heic);
    const cases: Array<[string, Buffer, Sharp, [number, number]]> = [
      ['as encoded', plain, sharp(source), [533, 400]],
      ['irot 90° counter-clockwise', addTransform(plain, { rotateCcw: 90 }), sharp(source).rotate(270), [400, 533]],
      ['irot 180°', addTransform(plain, { rotateCcw: 180 }), sharp(source).rotate(180), [533, 400]],
      ['imir top-bottom', addTransform(plain, { mirror: 'vertical' }), sharp(source).flip(), [533, 400]],
      ['imir left-right', addTransform(plain, { mirror: 'horizontal' }), sharp(source).flop(), [533, 400]],
    ];
    for (const [what, bytes, expected, size] of cases) {
      const got = await outcome(bytes);
      assert.ok('thumbnail' in got, `${what}: ${'reason' in got ? got.reason : ''}`);
      assert.deepEqual([got.width, got.height], size, `${what} (thumbnail item: ${thumb ?? 'none'})`);
      const mine = await tiny(got.thumbnail);
      const right = meanAbsDiff(mine, await tiny(expected));
      assert.ok(right < 8, `${what}: the expected picture (mean difference ${right.toFixed(1)})`);
      if (what !== 'as encoded') assert.ok(meanAbsDiff(mine, stored) > right + 8, `${what}: differs from the untransformed picture`);
    }
  }
});

test('10-bit and transparent HEIC decode to the picture they hold', async () => {
  const dir = tempDir();
  const source = path.join(DATASETS, 'photos', 'dog.jpg');
  const png16 = path.join(dir, 'dog16.png');
  await sharp(source).toColourspace('rgb16').png().toFile(png16);
  const heic10 = path.join(dir, 'dog10.heic');
  heifEnc(png16, heic10, { bitDepth: 10 });
  const ten = await outcome(fs.readFileSync(heic10));
  assert.ok('thumbnail' in ten);
  assert.ok(meanAbsDiff(await tiny(ten.thumbnail), await tiny(sharp(source))) < 6, '10-bit: same picture');

  // Alpha: the transparent half shows white, as everywhere else in Likeness.
  const meta = await sharp(source).metadata();
  const half = Buffer.from(`<svg width="${meta.width}" height="${meta.height}"><rect x="0" y="0" width="${Math.floor(meta.width! / 2)}" height="${meta.height}" fill="#000"/></svg>`);
  const rgba = path.join(dir, 'dog-alpha.png');
  await sharp(source).ensureAlpha().composite([{ input: half, blend: 'dest-out' }]).png().toFile(rgba);
  const heicA = path.join(dir, 'dog-alpha.heic');
  heifEnc(rgba, heicA);
  const alpha = await outcome(fs.readFileSync(heicA));
  assert.ok('thumbnail' in alpha);
  const { data, info } = await sharp(alpha.thumbnail).raw().toBuffer({ resolveWithObject: true });
  const at = (x: number, y: number) => data[(y * info.width + x) * info.channels];
  assert.ok(at(5, info.height >> 1) > 240, 'transparent left half is white');
  // Conformance files with alpha decode too.
  for (const name of ['C006.heic', 'C052.heic']) assert.ok('thumbnail' in (await outcome(fs.readFileSync(path.join(HEIC_DIR, name)))), name);
});

test('truncated HEIC files are skipped with a reason, and a decoder crash fails only the file it held', async () => {
  const dir = tempDir();
  const heic = path.join(dir, 'kite.heic');
  heifEnc(path.join(DATASETS, 'photos', 'kite.jpg'), heic, { thumb: 320 });
  for (const whole of [fs.readFileSync(heic), fs.readFileSync(IPHONE)]) {
    const reasons = new Set<string>();
    for (const fraction of [0.02, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99]) {
      const got = await outcome(whole.subarray(0, Math.floor(whole.length * fraction)));
      if ('reason' in got) reasons.add(got.reason);
    }
    assert.ok(reasons.size > 0, 'cut files are refused');
    for (const r of reasons) assert.match(r, /truncated|corrupt/, r);
  }
  // A HEIC that holds no thumbnail is simply decoded whole.
  const noThumb = path.join(dir, 'kite-plain.heic');
  heifEnc(path.join(DATASETS, 'photos', 'kite.jpg'), noThumb);
  assert.ok('thumbnail' in (await outcome(fs.readFileSync(noThumb))));

  const pool = new HeifPool({ size: 1 });
  try {
    const before = pool.started;
    const crashed = pool.crashForTest();
    const queued = pool.decode(fs.readFileSync(IPHONE), 224);
    await assert.rejects(crashed, (err: unknown) => err instanceof HeifDecodeError && /crashed/.test(err.reason));
    const after = await queued;
    assert.equal(after.source, 'thumbnail', 'the file queued behind the crash is decoded by a fresh worker');
    assert.ok(pool.started > before + 1, 'the dead worker was replaced');
  } finally {
    await pool.close();
  }
});

test('AVIF is decoded by sharp, shown by the browser as it is, and keeps its orientation', async () => {
  const source = path.join(DATASETS, 'photos', 'giraffe.jpg');
  const avif = await sharp(source).avif({ quality: 60 }).toBuffer();
  const got = await outcome(avif);
  assert.ok('thumbnail' in got);
  const meta = await sharp(source).metadata();
  assert.deepEqual([got.width, got.height], [meta.width, meta.height]);
  assert.ok(meanAbsDiff(await tiny(got.thumbnail), await tiny(sharp(source))) < 6);
  assert.equal(needsConversion(avif.subarray(0, 4096), avif.length), null, 'Chromium shows AVIF itself');
});
