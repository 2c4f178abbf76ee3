// A phone's and a camera's folder as they really are: HEIC with its Live Photo movie and Apple's edits, a RAW+JPEG
// pair with darktable's and Google Takeout's metadata, RAWs on their own (NEF, CR3, RAF), AVIF, and videos of every
// common container. Photos are indexed, the RAW of a pair, the Live Photo movie and edit metadata travel with their
// photo without being listed, videos are reported as such and counted apart, and organizing moves every companion
// with its photo and undo brings the folder back exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { decodePhoto } from '../electron/engine/decode/decode';
import { renderBrowserPreview } from '../electron/engine/decode/preview';
import { withJpegOrientation } from '../electron/engine/decode/jpeg-orientation';
import { applyPlan, makePlan, undoLastApply } from '../electron/engine/organize';
import { indexFolder } from '../electron/engine/pipeline/index-folder';
import { buildIndexReport } from '../electron/engine/pipeline/index-report';
import { heifEnc } from './heic-fixtures';
import { BIN, DATASETS, SHARED_MODELS, tempDir } from './helpers';
import { snapshot } from './organize-fixtures';
import { buildAll, buildCr3, buildNef, buildRaf, makeJpegs, type Jpegs } from './raw-containers';

const VIDEO_EXTS = ['mp4', 'mov', 'm4v', '3gp', 'avi', 'mkv', 'webm'];

/** A short test-pattern video in `file`, its container chosen by the extension (Debian's ffmpeg). */
function makeVideo(file: string): void {
  const codec = file.endsWith('.webm') ? ['-c:v', 'libvpx'] : file.endsWith('.3gp') ? ['-c:v', 'h263', '-s', '176x144'] : ['-c:v', 'mpeg4'];
  try {
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=0.4:size=176x144:rate=10', ...codec, '-y', file], { stdio: 'pipe' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('ffmpeg not found: apt-get install ffmpeg (listed in .ci/apt-packages)');
    throw err;
  }
}

/** The RAW builders' JPEGs, with a real 640×480 photo as the large preview. */
async function rawJpegs(photo: string): Promise<Jpegs> {
  const big = await sharp(path.join(DATASETS, 'photos', photo)).resize(640, 480, { fit: 'fill' }).jpeg({ quality: 85 }).toBuffer();
  return { ...(await makeJpegs()), big, bigProgressive: big };
}

async function tiny(img: Buffer): Promise<Uint8Array> {
  return sharp(img).rotate().resize(24, 24, { fit: 'fill', fastShrinkOnLoad: false }).greyscale().raw().toBuffer();
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

const spec = { resizeShortSide: 256, cropSize: 224, scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB', layout: 'NCHW' } as const;

test('every camera RAW is decoded from its largest preview, turned as the RAW records, and previewed as a JPEG', async () => {
  const j = await rawJpegs('giraffe.jpg');
  for (const raw of buildAll(j)) {
    const photo = await decodePhoto(raw.bytes, { ...spec, mean: [...spec.mean], std: [...spec.std] }, { thumbSize: 256, maxPixels: 2e8 });
    const quarter = raw.orientation >= 5;
    const largest = await sharp(raw.largest).metadata();
    assert.deepEqual([photo.width, photo.height], quarter ? [largest.height, largest.width] : [largest.width, largest.height], `${raw.container}: upright size`);
    assert.equal(photo.format, 'raw');
    // The picture the RAW's orientation makes of its preview, whatever the preview's own EXIF says.
    const expected = await tiny(withJpegOrientation(raw.largest, raw.orientation));
    const got = await tiny(photo.thumbnail);
    assert.ok(meanAbsDiff(got, expected) < 6, `${raw.container}: the preview, turned as the RAW records (${meanAbsDiff(got, expected).toFixed(1)})`);
    if (raw.orientation !== 1 && raw.largest === j.big) {
      assert.ok(meanAbsDiff(got, await tiny(withJpegOrientation(raw.largest, 1))) > 12, `${raw.container}: not shown unturned`);
    }
    const preview = await renderBrowserPreview(raw.bytes);
    assert.ok(meanAbsDiff(await tiny(preview), expected) < 6, `${raw.container}: the browser preview is the same picture`);
  }
});

test('a RAW whose preview is damaged is skipped with its reason; nothing else is affected', async () => {
  const j = await rawJpegs('eagle.jpg');
  const nef = buildNef(j, 1);
  const damaged = Buffer.from(nef.bytes);
  for (const f of nef.previewFields) damaged.writeUInt32BE(0xfffffff0, f.at); // every preview points past the end
  await assert.rejects(decodePhoto(damaged, { ...spec, mean: [...spec.mean], std: [...spec.std] }, { thumbSize: 256, maxPixels: 2e8 }), (err: Error & { reason?: string }) => /camera RAW \(NEF\)/.test(err.reason ?? ''));
});

test('a phone and camera folder: pairs, Live Photos and edit metadata travel together, videos are counted apart, undo is exact', async () => {
  const folder = tempDir();
  const photos = path.join(DATASETS, 'photos');
  fs.copyFileSync(path.join(photos, 'dog.jpg'), path.join(folder, 'IMG_1.JPG'));
  fs.writeFileSync(path.join(folder, 'IMG_1.NEF'), buildNef(await rawJpegs('dog.jpg'), 1).bytes); // the pair's RAW
  fs.writeFileSync(path.join(folder, 'DSC_2.NEF'), buildNef(await rawJpegs('giraffe.jpg'), 6).bytes); // a RAW alone
  fs.writeFileSync(path.join(folder, 'DSC_3.CR3'), buildCr3(await rawJpegs('horses.jpg'), 1).bytes);
  fs.writeFileSync(path.join(folder, 'DSCF4.RAF'), buildRaf(await rawJpegs('kite.jpg')).bytes);
  heifEnc(path.join(photos, 'person.jpg'), path.join(folder, 'IMG_5.HEIC'), { thumb: 320 });
  makeVideo(path.join(folder, 'IMG_5.MOV')); // its Live Photo movie
  fs.writeFileSync(path.join(folder, 'IMG_5.AAE'), '<?xml version="1.0"?><plist version="1.0"><dict/></plist>'); // its edits (Apple)
  fs.writeFileSync(path.join(folder, 'IMG_1.NEF.xmp'), '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'); // the RAW's edits (darktable)
  fs.writeFileSync(path.join(folder, 'IMG_1.JPG.supplemental-metadata.json'), '{"title":"IMG_1.JPG"}'); // Google Takeout's
  fs.writeFileSync(path.join(folder, 'IMG_6.JPG'), 'not a photo at all'); // a broken JPEG…
  fs.writeFileSync(path.join(folder, 'IMG_6.NEF'), buildNef(await rawJpegs('scream.jpg'), 1).bytes); // …so its RAW is the photo
  await sharp(path.join(photos, 'eagle.jpg')).avif({ quality: 50 }).toFile(path.join(folder, 'eagle.avif'));
  for (const ext of VIDEO_EXTS) makeVideo(path.join(folder, `clip.${ext}`));

  const dataDir = tempDir();
  const summary = await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
  const report = buildIndexReport(summary);
  assert.deepEqual(report.files.map((f) => f.path).sort(), ['DSC_2.NEF', 'DSC_3.CR3', 'DSCF4.RAF', 'IMG_1.JPG', 'IMG_5.HEIC', 'IMG_6.NEF', 'eagle.avif'].sort());
  const reasons = Object.fromEntries(report.skipped.map((s) => [s.path, s.reason]));
  assert.deepEqual(reasons, { ...Object.fromEntries(VIDEO_EXTS.map((e) => [`clip.${e}`, 'video (not grouped)'])), 'IMG_6.JPG': 'not an image (text)' });
  assert.equal(summary.counts.videos, VIDEO_EXTS.length);
  assert.equal(summary.counts.companions, 5, 'the pair’s RAW, the Live Photo movie and three files of edit metadata, none reported as skipped');
  const dsc2 = report.files.find((f) => f.path === 'DSC_2.NEF')!;
  assert.deepEqual([dsc2.width, dsc2.height], [480, 640], 'the RAW alone, turned as it records (orientation 6)');
  assert.equal(report.files.find((f) => f.path === 'eagle.avif')!.width, (await sharp(path.join(photos, 'eagle.jpg')).metadata()).width);

  // A second run finds nothing new and still lists no companion.
  const again = await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
  assert.equal(again.counts.embedded, 0);
  assert.equal(again.counts.companions, 5);
  assert.equal(buildIndexReport(again).skipped.length, VIDEO_EXTS.length + 1);

  // The CLI says the same, videos apart from the skipped files.
  const cli = spawnSync(process.execPath, [BIN, 'index', folder, '--data-dir', dataDir, '--models-dir', SHARED_MODELS], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /7 photos .*, 7 videos \(not grouped\), 1 skipped, 5 companion files kept with their photo/);
  assert.match(cli.stdout, /Skipped 1 file:\n {2}IMG_6\.JPG: not an image \(text\)\n7 videos, not grouped:\n {2}clip\.3gp\n/);

  // Organizing: the RAW goes with its JPEG, the movie with its HEIC, each file of edits with what it edits; videos
  // and the rest stay; undo is exact.
  const before = snapshot(folder);
  const plan = await makePlan({ folder, dataDir, groups: [{ name: 'Animals', files: ['IMG_1.JPG', 'DSC_2.NEF', 'IMG_5.HEIC'] }], mode: 'move' });
  const result = await applyPlan(plan, { dataDir });
  assert.deepEqual(result.failed, []);
  const after = snapshot(folder);
  for (const name of ['IMG_1.JPG', 'IMG_1.NEF', 'IMG_1.NEF.xmp', 'IMG_1.JPG.supplemental-metadata.json', 'DSC_2.NEF', 'IMG_5.HEIC', 'IMG_5.MOV', 'IMG_5.AAE']) {
    assert.equal(after[`Animals/${name}`], before[name], `${name} moved into the group`);
    assert.equal(after[name], undefined);
  }
  for (const ext of VIDEO_EXTS) assert.equal(after[`clip.${ext}`], before[`clip.${ext}`], 'videos stay where they are');
  await undoLastApply({ folder, dataDir });
  assert.deepEqual(snapshot(folder), before);
});
