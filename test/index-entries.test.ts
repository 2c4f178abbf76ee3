// Every entry of a folder accounted for by a real index run (issue 14): a pipe and a link to a device are skipped
// with a reason and never opened; a photo's second hard link is "another name of" the first, and a plan may name
// either; links leading outside the folder are not followed, in the index and in a plan alike; a name that is not
// valid UTF-8 is skipped as such (not as "disappeared during the scan").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexFolder } from '../electron/engine/pipeline/index-folder';
import { buildIndexReport } from '../electron/engine/pipeline/index-report';
import { applyPlan, makePlan, undoLastApply } from '../electron/engine/organize';
import { DATASETS, SHARED_MODELS, tempDir } from './helpers';
import { snapshot } from './organize-fixtures';

const ANTS = path.join(DATASETS, 'ants-bees', 'ants');

test('indexing: pipes, device links, second names, links out of the folder and names that are not UTF-8 are each listed with why', { skip: process.platform !== 'linux', timeout: 180_000 }, async () => {
  const [ant1, ant2, ant3] = fs.readdirSync(ANTS).sort().slice(0, 3).map((n) => path.join(ANTS, n));
  const outside = tempDir('likeness-outside-');
  fs.copyFileSync(ant3, path.join(outside, 'elsewhere.jpg'));
  fs.mkdirSync(path.join(outside, 'Trip'));
  fs.copyFileSync(ant3, path.join(outside, 'Trip', 'beach.jpg'));

  const folder = fs.realpathSync(tempDir('likeness-entries-'));
  fs.copyFileSync(ant1, path.join(folder, 'a.jpg'));
  fs.linkSync(path.join(folder, 'a.jpg'), path.join(folder, 'b.jpg'));
  fs.copyFileSync(ant2, path.join(folder, 'ant.jpg'));
  assert.equal(spawnSync('mkfifo', [path.join(folder, 'photo.jpg')]).status, 0);
  fs.symlinkSync('/dev/zero', path.join(folder, 'x.jpg'));
  fs.symlinkSync(path.join(outside, 'elsewhere.jpg'), path.join(folder, 'outside.jpg'));
  fs.symlinkSync(path.join(outside, 'Trip'), path.join(folder, 'Trip'));
  fs.copyFileSync(ant2, Buffer.from(`${folder}/lat\xe9.jpg`, 'latin1'));

  // Every file the run opens: none of the entries it must not read may be among them.
  const opened: string[] = [];
  const realOpen = fs.promises.open;
  fs.promises.open = ((p: fs.PathLike, ...rest: unknown[]) => {
    opened.push(String(p));
    return (realOpen as (...a: unknown[]) => Promise<fs.promises.FileHandle>)(p, ...rest);
  }) as typeof fs.promises.open;
  const dataDir = tempDir();
  let report;
  try {
    const summary = await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
    report = buildIndexReport(summary);
    assert.equal(summary.counts.files, 8, 'every entry counted');
  } finally {
    fs.promises.open = realOpen;
  }
  assert.deepEqual(report.files.map((f) => f.path), ['a.jpg', 'ant.jpg']);
  const outsideReal = fs.realpathSync(outside);
  assert.deepEqual(report.skipped, [
    { path: 'Trip', reason: `a link to ${path.join(outsideReal, 'Trip')}, outside the folder: not followed` },
    { path: 'b.jpg', reason: 'another name of a.jpg (a hard link: the same file)' },
    { path: 'lat\\xE9.jpg', reason: 'the file name is not valid UTF-8' },
    { path: 'outside.jpg', reason: `a link to ${path.join(outsideReal, 'elsewhere.jpg')}, outside the folder: not followed` },
    { path: 'photo.jpg', reason: 'not a regular file (a named pipe): not opened' },
    { path: 'x.jpg', reason: 'a link to /dev/zero, outside the folder: not followed' },
  ]);
  for (const name of ['photo.jpg', 'x.jpg', 'outside.jpg', 'Trip', 'b.jpg']) {
    assert.ok(!opened.some((o) => path.basename(o) === name || o.startsWith(path.join(folder, 'Trip'))), `${name} was never opened`);
  }
  // A second run finds the same and drops nothing it reported.
  const again = await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
  assert.equal(again.counts.removed, 0);
  assert.deepEqual(buildIndexReport(again).skipped, report.skipped);

  // A plan: either name of the hard-linked photo may be grouped; the links and the odd name are refused with the
  // same reason the index gave, not as "unknown" nor as "no longer in the folder".
  const before = snapshot(folder);
  const plan = await makePlan({ folder, dataDir, groups: [{ name: 'Ants', files: ['ant.jpg', 'b.jpg'] }], mode: 'move' });
  assert.deepEqual(plan.operations.map((o) => path.relative(folder, o.to)), ['Ants/ant.jpg', 'Ants/b.jpg']);
  const result = await applyPlan(plan, { dataDir });
  assert.equal(result.photos.placed, 2);
  await undoLastApply({ folder, dataDir });
  assert.deepEqual(snapshot(folder), before);
  for (const [name, reason] of [
    ['outside.jpg', /"outside\.jpg" is not a photo of this folder's index \(a link to .*elsewhere\.jpg, outside the folder: not followed\)/],
    ['Trip/beach.jpg', /"Trip\/beach\.jpg" is not a photo of this folder's index \(unknown path\)/],
    ['lat\\xE9.jpg', /is not a photo of this folder's index \(the file name is not valid UTF-8\)/],
    ['photo.jpg', /\(not a regular file \(a named pipe\): not opened\)/],
  ] as const) {
    await assert.rejects(makePlan({ folder, dataDir, groups: [{ name: 'G', files: [name] }], mode: 'move' }), reason);
  }
});
