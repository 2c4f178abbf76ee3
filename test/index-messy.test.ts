// The messy folder, indexed for real: every photo once, every other file once with its reason, nothing doubled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { indexFolder } from '../electron/engine/pipeline/index-folder';
import { buildIndexReport } from '../electron/engine/pipeline/index-report';
import { thumbnailPath } from '../electron/engine/paths';
import { MESSY_NOT_PHOTOS, SHARED_MODELS, messyCopy, messyLabels, tempDir } from './helpers';

test('indexing the messy folder lists each photo once and each unusable file once with its reason', async () => {
  // The folder's symlink to DCIM may arrive flattened into a text file holding its target: messyCopy restores it.
  const folder = messyCopy();
  fs.symlinkSync('DCIM', path.join(folder, 'link to DCIM')); // a symlink to a folder already scanned
  fs.symlinkSync('.', path.join(folder, 'Downloads', 'loop')); // and a loop
  const dataDir = tempDir();
  const summary = await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
  const report = buildIndexReport(summary);

  const photoPaths = report.files.map((f) => f.path);
  const skippedPaths = report.skipped.map((s) => s.path);
  assert.equal(new Set(photoPaths).size, photoPaths.length, 'no photo listed twice');
  assert.equal(new Set([...photoPaths, ...skippedPaths]).size, photoPaths.length + skippedPaths.length, 'no file both used and skipped');
  // The links are listed once each, as other names of the folders they lead to; nothing is listed through them.
  const links = ['Downloads/link-to-dcim', 'Downloads/loop', 'link to DCIM'];
  assert.deepEqual(report.skipped.filter((s) => links.includes(s.path)), [
    { path: 'Downloads/link-to-dcim', reason: 'another name of the folder DCIM (a symbolic link)' },
    { path: 'Downloads/loop', reason: 'another name of the folder Downloads (a symbolic link)' },
    { path: 'link to DCIM', reason: 'another name of the folder DCIM (a symbolic link)' },
  ]);
  for (const p of [...photoPaths, ...skippedPaths]) {
    assert.ok(!links.some((l) => p.startsWith(`${l}/`)), `symlinked copy listed: ${p}`);
    assert.ok(!/(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$/.test(p) && !p.split('/').some((s) => s.startsWith('.')), `system file listed: ${p}`);
  }

  const labels = messyLabels();
  const expectedPhotos = labels.filter((l) => !(l.kind in MESSY_NOT_PHOTOS)).map((l) => l.path).sort();
  assert.deepEqual([...photoPaths].sort(), expectedPhotos, 'exactly the photos of labels.csv, paths byte for byte');
  for (const l of labels.filter((x) => x.kind in MESSY_NOT_PHOTOS)) {
    const s = report.skipped.find((x) => x.path === l.path);
    assert.ok(s, `${l.path} (${l.kind}) is reported as skipped`);
    assert.match(s.reason, MESSY_NOT_PHOTOS[l.kind], `${l.path}: ${s.reason}`);
  }
  assert.deepEqual(report.skipped.find((s) => s.path === 'labels.csv'), { path: 'labels.csv', reason: 'not an image (text)' });
  assert.equal(report.skipped.length, labels.length - expectedPhotos.length + 1 + links.length, 'nothing else skipped');

  // EXIF-rotated photos come out upright: the stored size is the displayed one, and so is the thumbnail.
  for (const l of labels.filter((x) => x.kind === 'exif-orientation-6' || x.kind === 'exif-orientation-8')) {
    const meta = await sharp(path.join(folder, l.path)).metadata();
    const f = report.files.find((x) => x.path === l.path)!;
    assert.deepEqual([f.width, f.height], [meta.height, meta.width], `${l.path} is upright`);
    const thumb = await sharp(thumbnailPath(dataDir, f.hash)).metadata();
    assert.equal(thumb.width! > thumb.height!, f.width > f.height, `${l.path} thumbnail is upright`);
  }
  // Exact duplicates share their content hash (and so their features and thumbnail).
  for (const l of labels.filter((x) => x.kind === 'exact-dup')) {
    const a = report.files.find((x) => x.path === l.path)!;
    const b = report.files.find((x) => x.path === l.dupOf)!;
    assert.equal(a.hash, b.hash, `${l.path} = ${l.dupOf}`);
  }
  assert.equal(summary.model.featureDim, 1280);
  assert.equal(summary.model.provider, 'cpu');
  for (const f of report.files) assert.ok(f.top.length > 0 && typeof f.top[0][0] === 'string' && f.top[0][1] > 0 && f.top[0][1] <= 1);
});
