// Apply and undo on real files: photos land in their group folders with identical bytes, the index follows them,
// undo restores the exact original tree; and every failure that can happen to anyone (a file changed or gone since
// the plan, a full disk, a read-only target, one file refused) is reported clearly with nothing lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyPlan, canUndoApply, makePlan, NothingToUndoError, recoverFolder, undoLastApply } from '../electron/engine/organize';
import { Journal } from '../electron/engine/organize/journal';
import { ownerRecordOf } from '../electron/engine/organize/process-probe';
import { Library } from '../electron/engine/library/library';
import { indexedPaths, makeFolder, snapshot, faultyFs } from './organize-fixtures';
import { tempDir } from './helpers';

const FILES = {
  'DCIM/IMG_1.jpg': 'dog one',
  'DCIM/IMG_1.xmp': '<xmp/>',
  'DCIM/IMG_2.jpg': 'dog two',
  'Backup/IMG_1.jpg': 'dog one, backup copy',
  'beach.png': 'sea',
  'notes.txt': 'not a photo',
  'lonely.jpg': 'in no group',
};
const GROUPS = [
  { name: 'Dogs', files: ['DCIM/IMG_1.jpg', 'DCIM/IMG_2.jpg', 'Backup/IMG_1.jpg'] },
  { name: 'Sea: shore?', files: ['beach.png'] },
];

test('apply moves every grouped photo and its sidecar into its group folder; undo restores the exact original', async () => {
  const fx = makeFolder(FILES);
  const before = snapshot(fx.root);
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, mode: 'move' });
  const result = await applyPlan(plan, { dataDir: fx.dataDir });
  assert.equal(result.done, 5);
  assert.deepEqual(result.failed, []);
  const after = snapshot(fx.root);
  assert.equal(after['Dogs/IMG_1.jpg'], before['Backup/IMG_1.jpg']);
  assert.equal(after['Dogs/IMG_1 (2).jpg'], before['DCIM/IMG_1.jpg'], 'same name: numbered, not overwritten');
  assert.equal(after['Dogs/IMG_1 (2).xmp'], before['DCIM/IMG_1.xmp'], 'the sidecar travels with its photo and its new name');
  assert.equal(after['Sea- shore-/beach.png'], before['beach.png'], 'the folder name is made safe');
  assert.equal(after['lonely.jpg'], before['lonely.jpg'], 'a photo in no group stays');
  assert.equal(after['notes.txt'], before['notes.txt']);
  assert.equal(after['DCIM/IMG_1.jpg'], undefined);
  const index = indexedPaths(fx);
  assert.ok('Dogs/IMG_1 (2).jpg' in index && !('DCIM/IMG_1.jpg' in index), 'the index follows the files (no re-embedding)');
  assert.ok(canUndoApply({ folder: fx.root, dataDir: fx.dataDir }));

  const undo = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.equal(undo.restored, 5);
  assert.equal(undo.removedFolders, 2, 'the folders apply created are removed');
  assert.deepEqual(snapshot(fx.root), before);
  assert.ok('Backup/IMG_1.jpg' in indexedPaths(fx));
  assert.equal(canUndoApply({ folder: fx.root, dataDir: fx.dataDir }), false);
  await assert.rejects(undoLastApply({ folder: fx.root, dataDir: fx.dataDir }), NothingToUndoError);
});

test('copy to another disk leaves the originals; undo removes the copies and the folders (EXDEV path)', async () => {
  const fx = makeFolder(FILES);
  const before = snapshot(fx.root);
  const target = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : tempDir(), 'likeness-target-'));
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, target, mode: 'copy' });
  const result = await applyPlan(plan, { dataDir: fx.dataDir });
  assert.equal(result.done, 5);
  assert.deepEqual(snapshot(fx.root), before, 'copying changes nothing in the folder');
  const copied = snapshot(target);
  assert.equal(copied['Dogs/IMG_2.jpg'], before['DCIM/IMG_2.jpg']);
  const drift = fs.statSync(path.join(target, 'Dogs/IMG_2.jpg')).mtimeMs - fs.statSync(path.join(fx.root, 'DCIM/IMG_2.jpg')).mtimeMs;
  assert.ok(Math.abs(drift) < 0.01, `dates kept (to the microsecond a copy can be given): ${drift} ms`);
  assert.ok(!Object.keys(copied).some((k) => k.includes('.likeness-partial')), 'no temporary file left');
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.deepEqual(snapshot(target), {}, 'copies and created folders removed');
  assert.deepEqual(snapshot(fx.root), before);
});

test('a move across file systems is copy, verify, delete; undo brings the files back', async () => {
  const fx = makeFolder(FILES);
  const before = snapshot(fx.root);
  const target = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : tempDir(), 'likeness-target-'));
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, target, mode: 'move' });
  await applyPlan(plan, { dataDir: fx.dataDir });
  assert.equal(snapshot(target)['Dogs/IMG_1 (2).xmp'], before['DCIM/IMG_1.xmp']);
  assert.equal(fs.existsSync(path.join(fx.root, 'DCIM/IMG_1.jpg')), false);
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.deepEqual(snapshot(fx.root), before);
  assert.ok('DCIM/IMG_1.jpg' in indexedPaths(fx), 'photos that come back from outside are in the index again');
});

test('a file changed or removed between plan and apply is reported and left alone; the rest is applied', async () => {
  const fx = makeFolder(FILES);
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, mode: 'move' });
  fs.appendFileSync(path.join(fx.root, 'DCIM/IMG_2.jpg'), ' edited');
  fs.rmSync(path.join(fx.root, 'beach.png'));
  const result = await applyPlan(plan, { dataDir: fx.dataDir });
  assert.equal(result.done, 3);
  assert.deepEqual(result.failed.map((f) => [f.path, /changed since the plan/.test(f.reason) || /no longer there/.test(f.reason)]), [
    ['DCIM/IMG_2.jpg', true],
    ['beach.png', true],
  ]);
  assert.ok(fs.readFileSync(path.join(fx.root, 'DCIM/IMG_2.jpg'), 'utf8').endsWith('edited'), 'the edited file was not touched');
});

test('a file that appears at a destination after the plan is never overwritten', async () => {
  const fx = makeFolder(FILES);
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, mode: 'move' });
  fs.mkdirSync(path.join(fx.root, 'Dogs'));
  fs.writeFileSync(path.join(fx.root, 'Dogs/IMG_2.jpg'), 'someone else');
  const result = await applyPlan(plan, { dataDir: fx.dataDir });
  assert.equal(fs.readFileSync(path.join(fx.root, 'Dogs/IMG_2.jpg'), 'utf8'), 'someone else');
  assert.equal(fs.readFileSync(path.join(fx.root, 'DCIM/IMG_2.jpg'), 'utf8'), 'dog two');
  assert.match(result.failed[0].reason, /already exists/);
});


test('a full disk stops the copy cleanly: a clear message, no partial file, and what was copied can be undone', async () => {
  const fx = makeFolder(FILES);
  const before = snapshot(fx.root);
  const target = tempDir('likeness-target-');
  let copies = 0;
  const fsx = faultyFs((call) => (call === 'copyFile' && ++copies === 3 ? 'ENOSPC' : null));
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, target, mode: 'copy' });
  const result = await applyPlan(plan, { dataDir: fx.dataDir, fs: fsx });
  assert.equal(result.done, 2);
  assert.match(result.failed[0].reason, /disk holding .* is full/);
  assert.equal(result.failed.length, 1, 'the rest is not attempted');
  assert.ok(!Object.keys(snapshot(target)).some((k) => k.includes('.likeness-partial')), 'no partial file left');
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.deepEqual(snapshot(target), {});
  assert.deepEqual(snapshot(fx.root), before);
});

test('a read-only target is reported once and nothing moves', async () => {
  const fx = makeFolder(FILES);
  const before = snapshot(fx.root);
  const fsx = faultyFs((call) => (call === 'mkdir' ? 'EROFS' : null));
  const target = path.join(tempDir('likeness-target-'), 'sub');
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, target, mode: 'move' });
  const result = await applyPlan(plan, { dataDir: fx.dataDir, fs: fsx });
  assert.equal(result.done, 0);
  assert.equal(result.failed.length, 1);
  assert.match(result.failed[0].reason, /read-only disk/);
  assert.deepEqual(snapshot(fx.root), before);
  assert.equal(canUndoApply({ folder: fx.root, dataDir: fx.dataDir }), false, 'an apply that changed nothing leaves nothing to undo');
});

test('permission denied on one file: that file is reported with its sidecar left beside it, the others move', async () => {
  const fx = makeFolder(FILES);
  const fsx = faultyFs((call, args) => (call === 'link' && String(args[0]).endsWith(path.join('DCIM', 'IMG_1.jpg')) ? 'EACCES' : null));
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, mode: 'move' });
  const result = await applyPlan(plan, { dataDir: fx.dataDir, fs: fsx });
  assert.deepEqual(result.failed.map((f) => f.path), ['DCIM/IMG_1.jpg']);
  assert.match(result.failed[0].reason, /permission denied/);
  assert.ok(fs.existsSync(path.join(fx.root, 'DCIM/IMG_1.xmp')), 'the sidecar stays with its photo');
  assert.equal(result.done, 3);
});

test('undo goes back through earlier applies, most recent first', async () => {
  const fx = makeFolder(FILES);
  const before = snapshot(fx.root);
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [GROUPS[1]], mode: 'move' }), { dataDir: fx.dataDir });
  const middle = snapshot(fx.root);
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [GROUPS[0]], mode: 'move' }), { dataDir: fx.dataDir });
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.deepEqual(snapshot(fx.root), middle);
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.deepEqual(snapshot(fx.root), before);
});

test('a plan naming paths outside the folder or unknown to its index is refused before anything moves', async () => {
  const fx = makeFolder(FILES);
  const before = snapshot(fx.root);
  await assert.rejects(makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'X', files: ['../escape.jpg'] }], mode: 'move' }), /leave the folder/);
  await assert.rejects(makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'X', files: ['notes.txt'] }], mode: 'move' }), /unknown path/);
  assert.deepEqual(snapshot(fx.root), before);
});

test('an apply still running in another process is never "recovered" under its feet', async () => {
  const fx = makeFolder(FILES);
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, mode: 'move' });
  const other = spawn('sleep', ['30']);
  const lib = Library.open(fx.dataDir);
  const journal = new Journal(lib, lib.folderId(fx.root), fx.root);
  const id = journal.begin('move', fx.root, plan.operations);
  const owner = ownerRecordOf(other.pid!);
  lib.database.prepare('UPDATE applies SET owner = ?, owner_boot = ?, owner_start = ? WHERE id = ?').run(`${owner.host}:${owner.pid}`, owner.boot, owner.start, id);
  // Half of a move done by that process: the photo under both names.
  fs.mkdirSync(path.dirname(plan.operations[0].to), { recursive: true });
  fs.linkSync(plan.operations[0].from, plan.operations[0].to);
  lib.close();
  try {
    await assert.rejects(makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, mode: 'move' }), /another Likeness .* is moving files in this folder/);
    await assert.rejects(undoLastApply({ folder: fx.root, dataDir: fx.dataDir }), /another Likeness/);
    assert.ok(fs.existsSync(plan.operations[0].to) && fs.existsSync(plan.operations[0].from), 'nothing touched while it runs');
  } finally {
    other.kill('SIGKILL');
    await once(other, 'exit');
  }
  const notes = await recoverFolder({ folder: fx.root, dataDir: fx.dataDir });
  assert.equal(notes[0].action, 'rolled-back', 'once that process is gone, its apply is rolled back');
  assert.equal(fs.existsSync(plan.operations[0].to), false);
  assert.ok(fs.existsSync(plan.operations[0].from));
});

test('a file that cannot go back yet keeps the apply undoable: undo again retries it, also for a file gone, until left with leaveRest', async () => {
  const fx = makeFolder(FILES);
  const before = snapshot(fx.root);
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [GROUPS[1]], mode: 'move' }), { dataDir: fx.dataDir });
  const middle = snapshot(fx.root);
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [GROUPS[0]], mode: 'move' }), { dataDir: fx.dataDir });
  // The file is open in another program: putting it back fails this time.
  const busy = faultyFs((call, args) => (call === 'link' && String(args[1]).endsWith(path.join('DCIM', 'IMG_2.jpg')) ? 'EBUSY' : null));
  const first = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir, fs: busy });
  assert.deepEqual(first.failed.map((f) => [f.path, f.backTo]), [['Dogs/IMG_2.jpg', 'DCIM/IMG_2.jpg']]);
  assert.match(first.failed[0].reason, /could not go back/);
  assert.equal(first.notBack, 1);
  assert.ok(canUndoApply({ folder: fx.root, dataDir: fx.dataDir }));
  const second = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.equal(second.restored, 1, 'the second undo retries the same apply, only the file left over');
  assert.deepEqual(snapshot(fx.root), middle);

  // Now the person deletes a moved photo: undo reports it and keeps the apply (the photo may come back from the
  // bin); leaving it closes the apply, and the next undo goes to the apply before.
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [GROUPS[0]], mode: 'move' }), { dataDir: fx.dataDir });
  fs.rmSync(path.join(fx.root, 'Dogs', 'IMG_2.jpg'));
  const gone = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.match(gone.failed[0].reason, /gone/);
  assert.equal(gone.notBack, 1);
  const left = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir, leaveRest: true });
  assert.equal(left.notBack, 0);
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  const { ['DCIM/IMG_2.jpg']: _deleted, ...rest } = before;
  assert.deepEqual(snapshot(fx.root), rest, 'everything else is back as it was before both applies');
});

test('undo removes a group folder the OS littered while the person looked at it (.DS_Store, Thumbs.db), not one with a real file', async () => {
  const fx = makeFolder(FILES);
  const before = snapshot(fx.root);
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, mode: 'move' }), { dataDir: fx.dataDir });
  fs.writeFileSync(path.join(fx.root, 'Dogs', '.DS_Store'), 'finder');
  fs.writeFileSync(path.join(fx.root, 'Dogs', 'Thumbs.db'), 'explorer');
  fs.writeFileSync(path.join(fx.root, 'Sea- shore-', 'my notes.txt'), 'mine');
  const undo = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.equal(undo.removedFolders, 1);
  const after = snapshot(fx.root);
  assert.equal(after['Dogs/'], undefined, 'the littered folder is gone');
  assert.equal(fs.readFileSync(path.join(fx.root, 'Sea- shore-', 'my notes.txt'), 'utf8'), 'mine', 'a folder holding a real file stays, file and all');
  const { ['Sea- shore-/']: _dir, ['Sea- shore-/my notes.txt']: _notes, ...rest } = after;
  assert.deepEqual(rest, before);
});
