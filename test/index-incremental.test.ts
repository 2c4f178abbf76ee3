// Re-indexing: unchanged files are only stat'ed, touched/renamed ones recognized by content, edited ones redone,
// removed ones dropped; a cancelled run leaves a consistent index that the next run completes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { indexFolder, isFinalSkip, type IndexOptions } from '../electron/engine/pipeline/index-folder';
import { buildIndexReport } from '../electron/engine/pipeline/index-report';
import { Library } from '../electron/engine/library/library';
import { thumbnailPath } from '../electron/engine/paths';
import { DATASETS, SHARED_MODELS, prng, tempDir } from './helpers';

function smallFolder(n: number): string {
  const dir = tempDir();
  const src = path.join(DATASETS, 'imagenette-val-1k');
  const classes = fs.readdirSync(src).sort();
  for (let i = 0; i < n; i++) {
    const cls = classes[i % classes.length];
    const file = fs.readdirSync(path.join(src, cls)).sort()[Math.floor(i / classes.length)];
    fs.mkdirSync(path.join(dir, cls), { recursive: true });
    fs.copyFileSync(path.join(src, cls, file), path.join(dir, cls, file));
  }
  return dir;
}

test('a second run only stats; touch, edit, rename and delete are each handled the cheap way', async () => {
  const folder = smallFolder(12);
  const opts: IndexOptions = { folder, modelsDir: SHARED_MODELS, dataDir: tempDir(), allowDownload: false };
  const first = await indexFolder(opts);
  assert.equal(first.counts.photos, 12);
  assert.equal(first.counts.embedded, 12);
  // Most of these 224 px JPEGs are their own thumbnails. The memory each file was read into was read into again by
  // later files before the thumbnails were written, and still every thumbnail shows its own photo.
  const grey = async (input: Buffer | string) => sharp(input).greyscale().resize(16, 16, { fit: 'fill' }).raw().toBuffer();
  for (const f of buildIndexReport(first).files) {
    const [a, b] = await Promise.all([grey(fs.readFileSync(thumbnailPath(opts.dataDir!, f.hash!))), grey(path.join(folder, f.path))]);
    const diff = a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;
    assert.ok(diff < 4, `the thumbnail of ${f.path} shows it (mean difference ${diff.toFixed(1)})`);
  }

  const second = await indexFolder(opts);
  assert.equal(second.counts.unchanged, 12);
  assert.equal(second.counts.embedded, 0);
  assert.equal(second.timings.modelLoadSeconds, 0, 'the model is not even loaded when nothing changed');
  assert.equal(second.model.provider, 'cpu', 'the provider it would use is still reported');

  const before = buildIndexReport(second).files;
  const files = before.map((f) => f.path);
  const hashOf = (p: string) => before.find((f) => f.path === p)!.hash;
  const [touched, edited, renamed, deleted] = files;
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(path.join(folder, touched), later, later);
  const editedAbs = path.join(folder, edited);
  fs.writeFileSync(editedAbs, await sharp(editedAbs).flop().jpeg({ quality: 80 }).toBuffer());
  const renamedTo = path.join(path.dirname(renamed), 'renamed ✓.jpg');
  fs.renameSync(path.join(folder, renamed), path.join(folder, renamedTo));
  fs.rmSync(path.join(folder, deleted));

  const third = await indexFolder(opts);
  assert.equal(third.counts.embedded, 1, 'only the edited photo is looked at again');
  assert.equal(third.counts.recognized, 2, 'touched and renamed photos are recognized by content');
  assert.equal(third.counts.removed, 2, 'the deleted file and the old name of the renamed one leave the index');
  assert.equal(third.counts.photos, 11);
  const after = buildIndexReport(third).files.map((f) => f.path);
  assert.ok(after.includes(renamedTo) && !after.includes(renamed) && !after.includes(deleted));
  assert.ok(!fs.existsSync(thumbnailPath(opts.dataDir!, hashOf(deleted))), 'a deleted photo leaves no thumbnail behind');
  assert.ok(!fs.existsSync(thumbnailPath(opts.dataDir!, hashOf(edited))), 'nor does the old version of an edited one');
  assert.ok(fs.existsSync(thumbnailPath(opts.dataDir!, hashOf(renamed))), 'a renamed photo keeps its thumbnail');
});

test('cancelling mid-run leaves a consistent index; the next run finishes the rest without redoing work', async () => {
  const folder = smallFolder(40);
  const dataDir = tempDir();
  const controller = new AbortController();
  let seenIndexing = 0;
  const run = indexFolder({
    folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false, batchSize: 4, signal: controller.signal, progressIntervalMs: 0,
    onProgress: (p) => {
      if (p.stage === 'index' && p.done >= 8 && !controller.signal.aborted) {
        seenIndexing = p.done;
        controller.abort(new Error('user cancelled'));
      }
    },
  });
  await assert.rejects(run, /user cancelled/);
  assert.ok(seenIndexing >= 8);

  const lib = Library.open(dataDir);
  const folderId = lib.folderId(fs.realpathSync(folder));
  const rows = [...lib.fileMap(folderId).values()];
  const partial = rows.length;
  assert.ok(partial >= 8 && partial < 40, `some but not all photos stored (${partial})`);
  assert.deepEqual(lib.pendingPhotos(folderId, 'mobilenetv2-int8'), [], 'no photo row without its features');
  lib.close();

  const resumed = await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
  assert.equal(resumed.counts.photos, 40);
  assert.equal(resumed.counts.unchanged, partial, 'work done before the cancel is kept');
  assert.equal(resumed.counts.embedded, 40 - partial);
});

test('photos behind a folder that cannot be read this time stay in the index; links out of the folder are not followed; Likeness never indexes its own data', async () => {
  const folder = fs.realpathSync(smallFolder(6));
  const outside = tempDir();
  const first = fs.readdirSync(folder).sort()[0];
  fs.cpSync(path.join(folder, first), path.join(outside, 'trip'), { recursive: true });
  fs.symlinkSync(path.join(outside, 'trip'), path.join(folder, 'external drive'));
  // A hidden folder inside, reached through a link inside: followed.
  fs.cpSync(path.join(folder, first), path.join(folder, '.kept'), { recursive: true });
  fs.symlinkSync('.kept', path.join(folder, 'Kept'));
  const dataDir = path.join(folder, 'Likeness data'); // a user may well put it inside the folder
  const opts: IndexOptions = { folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false };
  const report1 = buildIndexReport(await indexFolder(opts));
  assert.ok(report1.files.every((f) => !f.path.startsWith('external drive/')), 'the folder outside is not indexed');
  assert.deepEqual(report1.skipped.filter((s) => s.path === 'external drive'), [
    { path: 'external drive', reason: `a link to ${fs.realpathSync(path.join(outside, 'trip'))}, outside the folder: not followed` },
  ]);
  const behindLink = report1.files.filter((f) => f.path.startsWith('Kept/'));
  assert.equal(behindLink.length, 1, 'the folder linked inside is indexed');
  assert.ok(report1.files.every((f) => !f.path.startsWith('Likeness data/')), 'thumbnails in the data folder are not photos');
  assert.ok(report1.skipped.every((f) => !f.path.startsWith('Likeness data/')));

  fs.renameSync(path.join(folder, '.kept'), path.join(outside, 'kept for now')); // the link dangles
  const second = await indexFolder(opts);
  const report = buildIndexReport(second);
  assert.equal(second.counts.removed, 0, 'nothing behind the unreadable link is dropped');
  assert.deepEqual(report.files.filter((f) => f.path.startsWith('Kept/')).map((f) => f.path), behindLink.map((f) => f.path));
  assert.deepEqual(report.skipped.filter((s) => s.path === 'Kept'), [{ path: 'Kept', reason: 'broken link' }]);
});

test('skips that depend only on the bytes are final; the others are retried on the next run', () => {
  for (const r of ['empty file', 'not an image (text)', 'file is truncated', 'file is corrupt (bad Huffman table)', 'unsupported image format (GIMP XCF)']) assert.equal(isFinalSkip(r), true, r);
  for (const r of ['file cannot be read (permission denied)', 'file disappeared while indexing', 'broken link', 'the HEIF decoder crashed on this file (Aborted())', 'image is too large (300 megapixels, limit 200)', null]) assert.equal(isFinalSkip(r), false, String(r));
});

test("a photo's identity is the SHA-256 of all its bytes, however many reads the file takes", async () => {
  const folder = smallFolder(2);
  // Noise does not compress: a PNG of 1,700 × 1,700 random pixels is about 8.7 MB, three of the index's reads.
  const side = 1700;
  const noise = Buffer.alloc(side * side * 3);
  const rnd = prng(7);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(rnd() * 256);
  const big = path.join(folder, 'noise.png');
  await sharp(noise, { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toFile(big);
  assert.ok(fs.statSync(big).size > 8 * 1024 * 1024, 'the file spans several reads');
  const report = buildIndexReport(await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir: tempDir(), allowDownload: false }));
  assert.equal(report.files.length, 3);
  for (const f of report.files) {
    assert.equal(f.hash, createHash('sha256').update(fs.readFileSync(path.join(folder, f.path))).digest('hex'), f.path);
  }
});
