// What apply, undo and the plan tell a person when things go wrong (issue 14), on real files: a disk that fills
// half-way, a destination that is a file or too small, a photo replaced after it was grouped, the same plan applied
// twice, files that cannot go back yet, a photo's second name. Every photo of a plan is accounted for, and what is
// said is true: nothing is "undoable" that is not, nothing is "unknown" that an apply moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApplyCancelledError, applyPlan, canUndoApply, makePlan, NothingToUndoError, PlanError, TargetError, undoLastApply } from '../electron/engine/organize';
import type { Fs } from '../electron/engine/organize/file-ops';
import { Library } from '../electron/engine/library/library';
import { faultyFs, makeFolder, registerPhotos, sha256, snapshot, type Fixture } from './organize-fixtures';
import { fillDisk, smallDisk } from './small-disk';
import { tempDir } from './helpers';

const KB = 1024;

/** `n` photos of `size` random bytes, p01.jpg … (sorted as the plan runs them). */
function photos(n: number, size: number, extra: Record<string, Buffer> = {}): Fixture {
  const files: Record<string, Buffer> = { ...extra };
  for (let i = 1; i <= n; i++) files[`p${String(i).padStart(2, '0')}.jpg`] = randomBytes(size);
  return makeFolder(files);
}

function allPhotos(fx: Fixture): string[] {
  return Object.keys(snapshot(fx.root)).filter((p) => p.endsWith('.jpg')).sort();
}

/** Cross-disk moves with a disk that is full from the `nth` copy on (where no small disk can be mounted). */
function fullAfter(nth: number): Fs {
  let copies = 0;
  return faultyFs((call, args) => {
    if (call === 'link' && !String(args[0]).includes('.likeness-partial')) return 'EXDEV';
    return call === 'copyFile' && ++copies >= nth ? 'ENOSPC' : null;
  });
}

test('a disk that fills half-way: every photo of the plan is counted as placed, failed or not tried, and what moved can be undone', async (t) => {
  const fx = photos(31, 60 * KB);
  const before = snapshot(fx.root);
  const disk = smallDisk(t, 2048 * KB);
  const target = disk ?? tempDir('likeness-target-');
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'Kites', files: allPhotos(fx) }], target, mode: 'move' });
  // Another program writes to the disk between the plan and the apply: about 16 photos still fit.
  let fsx: Fs | undefined;
  if (disk) fillDisk(disk, 1000 * KB);
  else fsx = fullAfter(17);
  const result = await applyPlan(plan, { dataDir: fx.dataDir, fs: fsx });

  const p = result.photos;
  assert.equal(p.inPlan, 31);
  assert.ok(p.placed >= 5 && p.placed <= 25, `some photos moved before the disk was full: ${p.placed}`);
  assert.equal(p.failed, 1, 'the photo that met the full disk');
  assert.equal(p.placed + p.alreadyThere + p.failed + p.notTried, 31, 'every photo counted once');
  assert.equal(result.notTried.length, 31 - p.placed - 1, 'the photos after it are listed as not tried');
  const failedName = result.failed[0].path;
  assert.match(result.failed[0].reason, /the disk holding .*Kites is full/);
  for (const n of result.notTried) assert.equal(n.reason, `stopped at ${failedName}: ${result.failed[0].reason}`, n.path);
  for (const n of [failedName, ...result.notTried.map((x) => x.path)]) assert.equal(snapshot(fx.root)[n], before[n], `${n} is still in the folder, unchanged`);
  assert.ok(result.undoable && canUndoApply({ folder: fx.root, dataDir: fx.dataDir }), 'what moved can be undone');

  const undo = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.equal(undo.restored, p.placed);
  assert.equal(undo.notBack, 0);
  assert.deepEqual(snapshot(fx.root), before);
});

test('a disk too full for the first photo: nothing moved, so there is nothing to undo, and the rest is not tried with why', async (t) => {
  const fx = photos(5, 20 * KB, { 'a-large.jpg': randomBytes(600 * KB) });
  const before = snapshot(fx.root);
  const disk = smallDisk(t, 2048 * KB);
  const target = disk ?? tempDir('likeness-target-');
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'Kites', files: allPhotos(fx) }], target, mode: 'move' });
  let fsx: Fs | undefined;
  if (disk) fillDisk(disk, 200 * KB);
  else fsx = fullAfter(1);
  const result = await applyPlan(plan, { dataDir: fx.dataDir, fs: fsx });
  assert.equal(result.done, 0);
  assert.deepEqual(result.failed.map((f) => f.path), ['a-large.jpg']);
  assert.deepEqual(result.notTried.map((n) => n.path), ['p01.jpg', 'p02.jpg', 'p03.jpg', 'p04.jpg', 'p05.jpg']);
  assert.equal(result.undoable, false);
  assert.equal(canUndoApply({ folder: fx.root, dataDir: fx.dataDir }), false);
  await assert.rejects(undoLastApply({ folder: fx.root, dataDir: fx.dataDir }), NothingToUndoError);
  assert.deepEqual(snapshot(fx.root), before);
  assert.ok(!fs.existsSync(path.join(target, 'Kites')), 'the group folder made for it is removed again');
});

test('a cancelled apply tells what it moved before it stopped; the rest is not tried, because it was cancelled', async () => {
  const fx = photos(6, KB);
  const before = snapshot(fx.root);
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'Kites', files: allPhotos(fx) }], mode: 'move' });
  const cancel = new AbortController();
  const run = applyPlan(plan, { dataDir: fx.dataDir, progressIntervalMs: 0, signal: cancel.signal, onProgress: (p) => p.done === 2 && cancel.abort() });
  await assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof ApplyCancelledError && e.name === 'AbortError');
    assert.deepEqual({ ...e.result.photos }, { inPlan: 6, placed: 2, alreadyThere: 0, failed: 0, notTried: 4 });
    assert.deepEqual(new Set(e.result.notTried.map((n) => n.reason)), new Set(['the apply was cancelled']));
    assert.equal(e.result.undoable, true);
    return true;
  });
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.deepEqual(snapshot(fx.root), before);
});

test('a destination that is a file, or lies under one, is refused before anything starts', async () => {
  const fx = photos(3, KB);
  const before = snapshot(fx.root);
  const file = path.join(tempDir('likeness-target-'), 'holiday.jpg');
  fs.writeFileSync(file, 'a photo, not a folder');
  const groups = [{ name: 'G', files: allPhotos(fx) }];
  await assert.rejects(makePlan({ folder: fx.root, dataDir: fx.dataDir, groups, target: file, mode: 'move' }), (e: unknown) => e instanceof TargetError && /holiday\.jpg is a file, not a folder/.test(e.message));
  await assert.rejects(makePlan({ folder: fx.root, dataDir: fx.dataDir, groups, target: path.join(file, 'sub'), mode: 'copy' }), /cannot be created: .*holiday\.jpg is a file, not a folder/);
  assert.deepEqual(snapshot(fx.root), before);
  assert.equal(fs.readFileSync(file, 'utf8'), 'a photo, not a folder');
  assert.equal(canUndoApply({ folder: fx.root, dataDir: fx.dataDir }), false, 'no apply was even begun');
});

test('a plan that does not fit on the destination disk is refused before anything moves', async (t) => {
  // A 1 TiB photo (sparse: it takes no room here) cannot be copied to any disk of this machine.
  const fx = photos(2, KB);
  const huge = path.join(fx.root, 'huge.jpg');
  fs.closeSync(fs.openSync(huge, 'w'));
  fs.truncateSync(huge, 2 ** 40);
  const st = fs.statSync(huge);
  const lib = Library.open(fx.dataDir);
  lib.commit(lib.folderId(fx.root), 'test-model', { files: [{ path: 'huge.jpg', size: st.size, mtimeMs: st.mtimeMs, hash: 'f'.repeat(64), status: 'photo', reason: null }] });
  lib.close();
  const target = tempDir('likeness-target-');
  await assert.rejects(
    makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'G', files: ['huge.jpg', 'p01.jpg'] }], target, mode: 'copy' }),
    (e: unknown) => e instanceof TargetError && /not enough free space on the disk holding .*: the plan copies 1\.1 TB there, and \d+(\.\d)? [kMGT]?B are free/.test(e.message),
  );
  assert.deepEqual(fs.readdirSync(target), [], 'nothing was created');
  fs.rmSync(huge);

  // On a real small disk: three 1 MB photos moved onto 2 MB.
  const disk = smallDisk(t, 2048 * KB);
  if (!disk) return;
  const big = photos(3, 1024 * KB);
  await assert.rejects(makePlan({ folder: big.root, dataDir: big.dataDir, groups: [{ name: 'G', files: allPhotos(big) }], target: disk, mode: 'move' }), /not enough free space .*: the plan moves 3\.1 MB there, and 2\.1 MB are free/);
  assert.deepEqual(fs.readdirSync(disk), []);

  // Sizes that would both read "2.1 MB" are given in bytes, so the message does not say 2.1 MB do not fit in 2.1 MB.
  const close = photos(2, 1025 * KB);
  await assert.rejects(
    makePlan({ folder: close.root, dataDir: close.dataDir, groups: [{ name: 'G', files: allPhotos(close) }], target: disk, mode: 'copy' }),
    /the plan copies 2,105,344 bytes there, and 2,097,152 bytes are free/,
  );
});

test('a photo replaced after it was grouped is not moved into the old photo\'s group, and the plan says why', async () => {
  const fx = makeFolder({ 'tench.jpg': 'a tench, as grouped', 'carp.jpg': 'a carp', 'pike.jpg': 'a pike' });
  const rows = indexRows(fx);
  // What `likeness cluster --json` records of each photo: what the grouping saw.
  const seen = new Map(Object.entries(rows).map(([p, r]) => [p, { hash: r.hash!, size: r.size, mtimeMs: r.mtimeMs }]));
  const groups = [{ name: 'Fish', files: ['carp.jpg', 'pike.jpg', 'tench.jpg'] }];
  const tench = path.join(fx.root, 'tench.jpg');
  const old = fs.statSync(tench);
  // Overwritten by another photo (different size), its old time put back, as copying tools do.
  fs.writeFileSync(tench, 'an eagle, which is no fish at all');
  fs.utimesSync(tench, old.atime, old.mtime);
  // The carp is only touched: same bytes, new time. It still moves.
  fs.utimesSync(path.join(fx.root, 'carp.jpg'), new Date(), new Date());

  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups, mode: 'move', seen });
  assert.deepEqual(plan.leftOut.map((l) => l.path), ['tench.jpg']);
  assert.match(plan.leftOut[0].reason, /changed since it was grouped: it is not the photo the plan grouped/);
  assert.ok(plan.problems.some((p) => /^tench\.jpg is left where it is: changed since it was grouped/.test(p)), 'the preview says so');
  const result = await applyPlan(plan, { dataDir: fx.dataDir });
  assert.deepEqual(result.notTried, [{ path: 'tench.jpg', reason: plan.leftOut[0].reason }]);
  assert.deepEqual({ ...result.photos }, { inPlan: 3, placed: 2, alreadyThere: 0, failed: 0, notTried: 1 });
  assert.equal(fs.readFileSync(tench, 'utf8'), 'an eagle, which is no fish at all', 'the eagle stays where it is');
  assert.ok(fs.existsSync(path.join(fx.root, 'Fish', 'carp.jpg')) && fs.existsSync(path.join(fx.root, 'Fish', 'pike.jpg')));
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });

  // Indexed again since (the index now knows the eagle): the plan file still says what was grouped.
  registerPhotos(fx.root, fx.dataDir, ['tench.jpg']);
  const again = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups, mode: 'move', seen });
  assert.deepEqual(again.leftOut.map((l) => l.path), ['tench.jpg']);
  // A hand-written plan without `photos`: the index is what was grouped, so the eagle (indexed as itself) may move.
  const handWritten = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups, mode: 'move' });
  assert.deepEqual(handWritten.leftOut, []);
});

test('the same plan applied again: photos an earlier apply moved are said to be there already, by which apply; the rest goes ahead', async () => {
  const fx = photos(6, KB);
  const before = snapshot(fx.root);
  const groups = [{ name: 'Kites', files: allPhotos(fx) }];
  // The first run stops at the third photo (a full disk), leaving four not tried.
  const first = await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups, mode: 'move' }), { dataDir: fx.dataDir, fs: faultyFs((call, args) => (call === 'link' && String(args[0]).endsWith('p03.jpg') ? 'ENOSPC' : null)) });
  assert.deepEqual([first.photos.placed, first.photos.failed, first.photos.notTried], [2, 1, 3]);

  // Run again once there is room: the two moved already count as there, the four others move.
  const resumed = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups, mode: 'move' });
  assert.equal(resumed.inPlace, 2);
  assert.deepEqual(resumed.operations.map((o) => path.basename(o.from)), ['p03.jpg', 'p04.jpg', 'p05.jpg', 'p06.jpg']);
  assert.match(resumed.problems[0], /^2 photos of the plan were moved by the apply of \d{4}-\d\d-\d\d \d\d:\d\d already, to where the plan puts them \("p01\.jpg" is "Kites\/p01\.jpg"\)$/);
  assert.deepEqual(resumed.earlier.map((a) => a.undoneNext), [true]);
  const second = await applyPlan(resumed, { dataDir: fx.dataDir });
  assert.deepEqual({ ...second.photos }, { inPlan: 6, placed: 4, alreadyThere: 2, failed: 0, notTried: 0 });

  // A third time: nothing to do, and not "unknown path" six times.
  const third = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups, mode: 'move' });
  assert.equal(third.operations.length, 0);
  assert.equal(third.inPlace, 6);
  assert.equal(third.problems.length, 2, 'one note per apply that moved them');
  // The same photos planned into another group: refused, with where they are and which apply put them there.
  await assert.rejects(makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'Birds', files: ['p05.jpg', 'p06.jpg'] }], mode: 'move' }), (e: unknown) => {
    assert.ok(e instanceof PlanError);
    assert.match(e.message, /2 of its photos were moved elsewhere by the apply of \d{4}-\d\d-\d\d \d\d:\d\d \("p05\.jpg" is now "Kites\/p05\.jpg"\); undo that apply to put them back/);
    assert.doesNotMatch(e.message, /unknown path/);
    assert.deepEqual(e.appliedBefore.map((a) => a.undoneNext), [true]);
    return true;
  });
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.deepEqual(snapshot(fx.root), before);
});

test('a copy plan run again copies only what the first run did not: no second copies "(2)" of the photos copied already', async () => {
  const fx = photos(5, KB);
  const target = tempDir('likeness-target-');
  const groups = [{ name: 'Kites', files: allPhotos(fx) }];
  const first = await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups, target, mode: 'copy' }), { dataDir: fx.dataDir, fs: faultyFs((call, args) => (call === 'copyFile' && String(args[0]).endsWith('p03.jpg') ? 'ENOSPC' : null)) });
  assert.deepEqual([first.photos.placed, first.photos.failed, first.photos.notTried], [2, 1, 2]);
  const resumed = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups, target, mode: 'copy' });
  assert.equal(resumed.inPlace, 2);
  assert.match(resumed.problems[0], /^2 photos of the plan were copied by the apply of .* already, to where the plan puts them/);
  const second = await applyPlan(resumed, { dataDir: fx.dataDir });
  assert.deepEqual({ ...second.photos }, { inPlan: 5, placed: 3, alreadyThere: 2, failed: 0, notTried: 0 });
  assert.deepEqual(fs.readdirSync(path.join(target, 'Kites')).sort(), allPhotos(fx), 'one copy of each');
  // A copy edited since it was made is no copy of the photo any more: that one is copied again.
  fs.appendFileSync(path.join(target, 'Kites', 'p01.jpg'), 'edited');
  const third = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups, target, mode: 'copy' });
  assert.equal(third.inPlace, 4);
  assert.deepEqual(third.operations.map((o) => path.basename(o.to)), ['p01 (2).jpg']);
});

test('undo keeps an apply undoable while any file is not back: a renamed photo and a taken name are retried once the way is clear', async () => {
  const fx = photos(6, KB);
  const before = snapshot(fx.root);
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'Kites', files: allPhotos(fx) }], mode: 'move' }), { dataDir: fx.dataDir });
  // After the apply: the person renames one moved photo, and a new file takes another's original name.
  fs.renameSync(path.join(fx.root, 'Kites', 'p02.jpg'), path.join(fx.root, 'Kites', 'best kite.jpg'));
  fs.writeFileSync(path.join(fx.root, 'p05.jpg'), 'a new file that took the name');

  const first = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.equal(first.restored, 4);
  assert.equal(first.notBack, 2);
  assert.deepEqual(
    first.failed.map((f) => [f.path, f.backTo]),
    [
      ['Kites/p05.jpg', 'p05.jpg'],
      ['Kites/p02.jpg', 'p02.jpg'],
    ],
  );
  assert.match(first.failed[0].reason, /its old place is taken by another file/);
  assert.match(first.failed[1].reason, /gone from there: moved, renamed or deleted outside Likeness/);
  assert.ok(canUndoApply({ folder: fx.root, dataDir: fx.dataDir }), 'the apply stays undoable');
  // Nothing changed: the next undo retries the same two files (not "nothing to undo", not an earlier apply).
  const retry = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.deepEqual([retry.applyId, retry.restored, retry.notBack], [first.applyId, 0, 2]);

  // The way is cleared: the renamed photo gets its name back, the other file goes elsewhere.
  fs.renameSync(path.join(fx.root, 'Kites', 'best kite.jpg'), path.join(fx.root, 'Kites', 'p02.jpg'));
  fs.renameSync(path.join(fx.root, 'p05.jpg'), path.join(fx.root, 'p05 other.jpg'));
  const last = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.deepEqual([last.restored, last.notBack, last.failed.length], [2, 0, 0]);
  const { ['p05 other.jpg']: other, ...rest } = snapshot(fx.root);
  assert.equal(other, sha256('a new file that took the name'));
  assert.deepEqual(rest, before);
  assert.equal(canUndoApply({ folder: fx.root, dataDir: fx.dataDir }), false);
});

test('undo with leaveRest leaves what cannot go back where it is and closes the apply; the next undo reaches the one before', async () => {
  const fx = photos(4, KB);
  const before = snapshot(fx.root);
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'A', files: ['p01.jpg'] }], mode: 'move' }), { dataDir: fx.dataDir });
  const middle = snapshot(fx.root);
  await applyPlan(await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'B', files: ['p02.jpg', 'p03.jpg'] }], mode: 'move' }), { dataDir: fx.dataDir });
  fs.rmSync(path.join(fx.root, 'B', 'p03.jpg')); // deleted for good
  const kept = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.equal(kept.notBack, 1);
  const closed = await undoLastApply({ folder: fx.root, dataDir: fx.dataDir, leaveRest: true });
  assert.equal(closed.notBack, 0);
  assert.match(closed.failed[0].reason, /left where it is$/);
  const { ['p03.jpg']: _gone, ...expected } = middle;
  assert.deepEqual(snapshot(fx.root), expected);
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  const { ['p03.jpg']: _deleted, ...all } = before;
  assert.deepEqual(snapshot(fx.root), all);
});

test('a photo\'s second name (a hard link): a plan may name either, and that name moves', async () => {
  const fx = makeFolder({ 'a.jpg': 'one photo, two names', 'other.jpg': 'another' });
  fs.linkSync(path.join(fx.root, 'a.jpg'), path.join(fx.root, 'b.jpg')); // indexed as a.jpg only
  const before = snapshot(fx.root);
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'G', files: ['b.jpg'] }], mode: 'move' });
  assert.deepEqual(plan.operations.map((o) => path.relative(fx.root, o.to)), [path.join('G', 'b.jpg')]);
  const result = await applyPlan(plan, { dataDir: fx.dataDir });
  assert.deepEqual([result.photos.placed, result.failed.length], [1, 0]);
  assert.ok(fs.existsSync(path.join(fx.root, 'a.jpg')) && !fs.existsSync(path.join(fx.root, 'b.jpg')));
  await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
  assert.deepEqual(snapshot(fx.root), before);
});

function indexRows(fx: Fixture) {
  const lib = Library.open(fx.dataDir);
  try {
    return Object.fromEntries(lib.fileMap(lib.folderId(fx.root)));
  } finally {
    lib.close();
  }
}

test('a plan never moves a photo reached through a link leading outside the folder (an index written before that rule)', async () => {
  const outside = tempDir('likeness-outside-');
  fs.mkdirSync(path.join(outside, 'Trip'));
  fs.writeFileSync(path.join(outside, 'Trip', 'beach.jpg'), 'on another disk');
  const fx = makeFolder({ 'home.jpg': 'here' });
  fs.symlinkSync(path.join(outside, 'Trip'), path.join(fx.root, 'Trip'));
  registerPhotos(fx.root, fx.dataDir, ['Trip/beach.jpg']); // as an older Likeness, which followed it, indexed it
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'G', files: ['home.jpg', 'Trip/beach.jpg'] }], mode: 'move' });
  assert.deepEqual(plan.leftOut, [{ path: 'Trip/beach.jpg', reason: `reached through a link to ${fs.realpathSync(path.join(outside, 'Trip'))}, outside the folder (links are followed only inside it)` }]);
  assert.deepEqual(plan.operations.map((o) => path.basename(o.from)), ['home.jpg']);
});
