// Hazards found in review of the organizer: what the user does after an apply (deleting the originals of a copy),
// files that cannot be removed (open on Windows, a read-only source folder), Windows drives without hard links,
// a target reached through a symlink, a group named like an existing file, bookkeeping failing after a file moved,
// and sidecars coming back from another disk. Each must end with nothing lost and undo giving the exact original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyPlan, makePlan, recoverFolder, undoLastApply } from '../electron/engine/organize';
import { indexedPaths, makeFolder, snapshot, faultyFs } from './organize-fixtures';
import { tempDir } from './helpers';

const FILES = {
  'DCIM/IMG_1.jpg': 'dog one',
  'DCIM/IMG_1.xmp': '<xmp/>',
  'DCIM/IMG_2.jpg': 'dog two',
  'beach.png': 'sea',
};
const GROUPS = [
  { name: 'Dogs', files: ['DCIM/IMG_1.jpg', 'DCIM/IMG_2.jpg'] },
  { name: 'Sea', files: ['beach.png'] },
];


test('undo of a copy never deletes the only copy left: originals deleted since are put back, edited ones keep their copy', async () => {
  const fx = makeFolder(FILES);
  const before = snapshot(fx.root);
  const target = tempDir('likeness-target-');
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, target, mode: 'copy' }), { dataDir: fx.dataDir });
  // The common workflow: copy into the organized folder, then delete (or edit) the originals.
  fs.rmSync(path.join(fx.root, 'DCIM/IMG_1.jpg'));
  fs.rmSync(path.join(fx.root, 'DCIM/IMG_1.xmp'));
  fs.writeFileSync(path.join(fx.root, 'beach.png'), 'sea, retouched');
  const undo = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  const after = snapshot(fx.root);
  assert.equal(after['DCIM/IMG_1.jpg'], before['DCIM/IMG_1.jpg'], 'the photo whose original was deleted is back at its path');
  assert.equal(after['DCIM/IMG_1.xmp'], before['DCIM/IMG_1.xmp']);
  assert.equal(snapshot(target)['Sea/beach.png'], before['beach.png'], 'the copy of an edited original is the only one of the photo as it was: kept');
  assert.equal(undo.failed.length, 1);
  assert.equal(snapshot(target)['Dogs/IMG_2.jpg'], undefined, 'an untouched original: its copy is removed');
});

test('a source that cannot be removed after the new name was made (open on Windows, read-only folder): no second name is left', async () => {
  for (const how of ['link', 'copy'] as const) {
    const fx = makeFolder(FILES);
    const before = snapshot(fx.root);
    const fsx = faultyFs((call, args) => {
      if (how === 'copy' && call === 'link' && !String(args[0]).includes('.likeness-partial')) return 'EXDEV';
      return call === 'unlink' && String(args[0]).endsWith(path.join('DCIM', 'IMG_2.jpg')) ? 'EPERM' : null;
    });
    const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, mode: 'move' });
    const result = await applyPlan(plan, { dataDir: fx.dataDir, fs: fsx });
    assert.deepEqual(result.failed.map((f) => f.path), ['DCIM/IMG_2.jpg'], how);
    assert.equal(fs.existsSync(path.join(fx.root, 'Dogs/IMG_2.jpg')), false, `${how}: the photo is in one place only`);
    await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
    assert.deepEqual(snapshot(fx.root), before, how);
  }
});

test('a move out of the folder across disks and its undo: sidecars do not come back into the index as photos', async () => {
  const fx = makeFolder(FILES);
  const index = indexedPaths(fx);
  const target = tempDir('likeness-target-');
  const fsx = faultyFs((call, args) => (call === 'link' && !String(args[0]).includes('.likeness-partial') ? 'EXDEV' : null));
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, target, mode: 'move' }), { dataDir: fx.dataDir, fs: fsx });
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir, fs: fsx });
  assert.deepEqual(indexedPaths(fx), index);
});

test('Windows without hard links (exFAT, FAT32: link fails with EISDIR there): move and copy still work', async () => {
  for (const mode of ['move', 'copy'] as const) {
    const fx = makeFolder(FILES);
    const before = snapshot(fx.root);
    const fsx = faultyFs((call) => (call === 'link' ? 'EISDIR' : null));
    const result = await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, mode }), { dataDir: fx.dataDir, fs: fsx });
    assert.deepEqual(result.failed, [], mode);
    assert.equal(result.done, 4, mode);
    await undoLastApply({ folder: fx.root, dataDir: fx.dataDir, fs: fsx });
    assert.deepEqual(snapshot(fx.root), before, mode);
  }
});

test('a target reached through a symlink works, and one that is the folder itself keeps the index', async () => {
  const fx = makeFolder(FILES);
  const real = tempDir('likeness-target-');
  const link = path.join(tempDir('likeness-link-'), 'drive');
  fs.symlinkSync(real, link);
  const result = await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, target: path.join(link, 'Organized'), mode: 'copy' }), { dataDir: fx.dataDir });
  assert.deepEqual(result.failed, []);
  assert.equal(snapshot(real)['Organized/Dogs/IMG_2.jpg'], snapshot(fx.root)['DCIM/IMG_2.jpg']);

  const fx2 = makeFolder(FILES);
  const alias = path.join(tempDir('likeness-link-'), 'photos');
  fs.symlinkSync(fx2.root, alias);
  await applyPlan(await makePlan({ folder: fx2.root, dataDir: fx2.dataDir, groups: GROUPS, target: alias, mode: 'move' }), { dataDir: fx2.dataDir });
  assert.deepEqual(Object.keys(indexedPaths(fx2)).sort(), ['Dogs/IMG_1.jpg', 'Dogs/IMG_2.jpg', 'Sea/beach.png'], 'the index follows the files');
});

test('a group named like an existing file or symlink gets its own folder instead of failing every photo', async () => {
  const fx = makeFolder({ ...FILES, Dogs: 'a file without extension' });
  fs.symlinkSync('/nonexistent', path.join(fx.root, 'Sea'));
  const before = snapshot(fx.root);
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, mode: 'move' });
  const result = await applyPlan(plan, { dataDir: fx.dataDir });
  assert.deepEqual(result.failed, []);
  const after = snapshot(fx.root);
  assert.equal(after.Dogs, before.Dogs);
  assert.equal(after.Sea, before.Sea);
  assert.ok('Dogs (2)/IMG_2.jpg' in after && 'Sea (2)/beach.png' in after, Object.keys(after).join(', '));
});

test('a failure after the file moved (recording it) never leaves the file moved but marked failed', async () => {
  const fx = makeFolder(FILES);
  const before = snapshot(fx.root);
  const target = tempDir('likeness-target-');
  const fsx = faultyFs((call, args) => (call === 'lstat' && String(args[0]).endsWith(path.join('Dogs', 'IMG_2.jpg')) && String(args[0]).startsWith(target) ? 'EIO' : null));
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, target, mode: 'copy' }), { dataDir: fx.dataDir, fs: fsx }).catch(() => undefined);
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir }).catch(() => undefined);
  assert.deepEqual(snapshot(target), {}, 'no copy is left behind');
  assert.deepEqual(snapshot(fx.root), before);
});

test('undo with one file that cannot be removed (open in a viewer on Windows): the rest is undone, the folder is not left "busy"', async () => {
  const fx = makeFolder(FILES);
  const target = tempDir('likeness-target-');
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, target, mode: 'copy' }), { dataDir: fx.dataDir });
  const fsx = faultyFs((call, args) => (call === 'unlink' && String(args[0]) === path.join(target, 'Dogs', 'IMG_2.jpg') ? 'EBUSY' : null));
  const undo = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir, fs: fsx });
  assert.equal(undo.failed.length, 1);
  assert.deepEqual(Object.keys(snapshot(target)).filter((k) => !k.endsWith('/')), ['Dogs/IMG_2.jpg'], 'every other copy removed');
  await recoverFolder({ folder: fx.root, dataDir: fx.dataDir }); // not "another Likeness is moving files"
  await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, mode: 'move' });
});
