// What `likeness apply` and `likeness undo` print and exit with when things go wrong (issue 14), as a person or a
// script reads them: counts that add up, "Undo with" only when there is something to undo, a non-zero status
// whenever a photo did not reach its place or go back, how to finish by hand, and file names that cannot break
// the one-line-per-file lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyPlan, makePlan } from '../electron/engine/organize';
import { applyReport, undoReport } from '../electron/cli/organize-report';
import { oneLine } from '../electron/cli/printable';
import type { ApplyResult } from '../electron/ipc/contract';
import { BIN, SHARED_MODELS, DATASETS, tempDir } from './helpers';
import { faultyFs, makeFolder, sha256, snapshot, type Fixture } from './organize-fixtures';
import { smallDisk } from './small-disk';


function likeness(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A folder of `n` indexed photos and a plan file putting them all in one group, as `likeness cluster --json` writes. */
function planned(n: number, size = 64, group = 'Kites'): Fixture & { planFile: string; files: string[] } {
  const files: Record<string, Buffer> = {};
  for (let i = 1; i <= n; i++) files[`p${String(i).padStart(2, '0')}.jpg`] = randomBytes(size);
  const fx = makeFolder(files);
  const planFile = path.join(tempDir(), 'plan.json');
  fs.writeFileSync(planFile, JSON.stringify({ folder: fx.root, groups: [{ name: group, files: Object.keys(files) }], unsorted: [] }));
  return { ...fx, planFile, files: Object.keys(files) };
}

test('--to a file is refused before anything starts: one message, status 1, no undo offered', () => {
  const fx = planned(26);
  const before = snapshot(fx.root);
  const file = path.join(tempDir(), 'photo.jpg');
  fs.writeFileSync(file, 'x');
  const r = likeness(['apply', fx.root, '--plan', fx.planFile, '--data-dir', fx.dataDir, '--to', file]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `likeness: the destination ${file} is a file, not a folder\n`);
  assert.doesNotMatch(r.stdout, /Undo with|Moved/);
  assert.deepEqual(snapshot(fx.root), before);
});

test('a destination disk too small for the plan: refused up front with the sizes, status 1, nothing moved', (t) => {
  const disk = smallDisk(t, 2 * 1024 * 1024);
  if (!disk) return t.skip('no small disk can be mounted here (the engine test covers a disk filling up)');
  const fx = planned(31, 100 * 1024);
  const before = snapshot(fx.root);
  const r = likeness(['apply', fx.root, '--plan', fx.planFile, '--data-dir', fx.dataDir, '--to', disk]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^likeness: not enough free space on the disk holding .*: the plan moves 3\.2 MB there, and 2\.1 MB are free\n$/);
  assert.doesNotMatch(r.stdout, /Undo with/);
  assert.deepEqual(snapshot(fx.root), before);
  assert.deepEqual(fs.readdirSync(disk), []);
});

test('the apply report counts every photo and goes with its status; "Undo with" only when something moved', async () => {
  // A real run that stops at the third photo of six (a full disk), told as the command tells it.
  const fx = planned(6);
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: [{ name: 'Kites', files: fx.files }], mode: 'move' });
  const full = faultyFs((call, args) => (call === 'link' && String(args[0]).endsWith('p03.jpg') ? 'ENOSPC' : null));
  const result = await applyPlan(plan, { dataDir: fx.dataDir, fs: full });
  const report = applyReport(result, '/photos/my folder');
  assert.deepEqual(report.lines, [
    `Moved 2 of 6 photos into ${fx.root}.`,
    'Failed (1 photo):',
    `  p03.jpg: the disk holding ${path.join(fx.root, 'Kites')} is full`,
    `Not tried (3 photos): stopped at p03.jpg: the disk holding ${path.join(fx.root, 'Kites')} is full`,
    '  p04.jpg',
    '  p05.jpg',
    '  p06.jpg',
    "Undo with: likeness undo '/photos/my folder'",
  ]);
  assert.equal(report.status, 1);

  // Nothing moved at all: no undo to offer.
  const none: ApplyResult = { ...result, done: 0, photos: { ...result.photos, placed: 0, failed: 1, notTried: 5 }, undoable: false };
  assert.ok(!applyReport(none, '/p').lines.some((l) => l.startsWith('Undo with')));
  assert.equal(applyReport(none, '/p').status, 1);
  // Everything placed: status 0.
  const all: ApplyResult = { ...result, done: 7, photos: { inPlan: 6, placed: 6, alreadyThere: 0, failed: 0, notTried: 0 }, failed: [], notTried: [], undoable: true };
  assert.deepEqual(applyReport(all, '/p').lines, [`Moved all 6 photos into ${fx.root} (with 1 companion file).`, 'Undo with: likeness undo /p']);
  assert.equal(applyReport(all, '/p').status, 0);
});

test('the same plan applied twice: "already moved by the apply of …" and how to undo it, never "unknown path"', () => {
  const fx = planned(26);
  const first = likeness(['apply', fx.root, '--plan', fx.planFile, '--data-dir', fx.dataDir]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^Moved all 26 photos into /m);
  const after = snapshot(fx.root);

  const again = likeness(['apply', fx.root, '--plan', fx.planFile, '--data-dir', fx.dataDir]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /^note: 26 photos of the plan were moved by the apply of \d{4}-\d\d-\d\d \d\d:\d\d already, to where the plan puts them/m);
  assert.match(again.stdout, /^Nothing to do: all 26 photos of the plan are where it puts them already\.$/m);
  assert.match(again.stdout, /^Undo the apply that put them there with: likeness undo /m);
  assert.doesNotMatch(again.stdout + again.stderr, /unknown path/);
  assert.deepEqual(snapshot(fx.root), after);

  // The same photos planned into another folder: refused, saying where they are and which apply moved them.
  const other = path.join(tempDir(), 'other.json');
  fs.writeFileSync(other, JSON.stringify({ groups: [{ name: 'Birds', files: fx.files }] }));
  const refused = likeness(['apply', fx.root, '--plan', other, '--data-dir', fx.dataDir]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^likeness: the plan cannot be applied: 26 of its photos were moved elsewhere by the apply of .* \("p01\.jpg" is now "Kites\/p01\.jpg"\); undo that apply to put them back\n$/);
  assert.match(refused.stdout, /^Undo that apply with: likeness undo /m);
});

test('undo with files that cannot go back: status 1, each listed with where it belongs and how to finish; the next undo finishes', () => {
  const fx = planned(26);
  const before = snapshot(fx.root);
  assert.equal(likeness(['apply', fx.root, '--plan', fx.planFile, '--data-dir', fx.dataDir]).code, 0);
  fs.renameSync(path.join(fx.root, 'Kites', 'p02.jpg'), path.join(fx.root, 'Kites', 'best.jpg'));
  fs.writeFileSync(path.join(fx.root, 'p05.jpg'), 'someone else');

  const undo = likeness(['undo', fx.root, '--data-dir', fx.dataDir]);
  assert.equal(undo.code, 1, 'not every file went back');
  const lines = undo.stdout.split('\n');
  assert.equal(lines[0], 'Put 24 of 26 files back where they were.');
  assert.equal(lines[1], 'Could not go back yet (2 files); this apply stays undoable:');
  assert.match(lines[2], /^ {2}Kites\/p05\.jpg → p05\.jpg: its old place is taken by another file/);
  assert.match(lines[3], /^ {2}Kites\/p02\.jpg → p02\.jpg: it is gone from there/);
  assert.match(undo.stdout, /^To finish by hand, move each file listed to the path after its arrow/m);
  assert.match(undo.stdout, new RegExp(`^  likeness undo ${fx.root} --leave-rest$`, 'm'));

  fs.renameSync(path.join(fx.root, 'Kites', 'best.jpg'), path.join(fx.root, 'Kites', 'p02.jpg'));
  fs.renameSync(path.join(fx.root, 'p05.jpg'), path.join(fx.root, 'someone else.txt'));
  const finish = likeness(['undo', fx.root, '--data-dir', fx.dataDir]);
  assert.equal(finish.code, 0, finish.stdout);
  assert.match(finish.stdout, /^Put 2 files back where they were, removed 1 empty folder\.$/m);
  const { ['someone else.txt']: theirs, ...rest } = snapshot(fx.root);
  assert.equal(theirs, sha256('someone else'));
  assert.deepEqual(rest, before);
  const none = likeness(['undo', fx.root, '--data-dir', fx.dataDir]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /nothing to undo/);
});

test('a photo replaced since the plan was written: "Not tried" with why, status 1, the others moved', () => {
  const fx = planned(3);
  const seen = Object.fromEntries(fx.files.map((f) => {
    const abs = path.join(fx.root, f);
    const st = fs.statSync(abs);
    return [f, { hash: sha256(fs.readFileSync(abs)), size: st.size, mtimeMs: st.mtimeMs }];
  }));
  fs.writeFileSync(fx.planFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(fx.planFile, 'utf8')), photos: seen }));
  const p2 = path.join(fx.root, 'p02.jpg');
  const old = fs.statSync(p2);
  fs.copyFileSync(path.join(DATASETS, 'photos', 'eagle.jpg'), p2);
  fs.utimesSync(p2, old.atime, old.mtime);
  const r = likeness(['apply', fx.root, '--plan', fx.planFile, '--data-dir', fx.dataDir]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^Moved 2 of 3 photos into /m);
  assert.match(r.stdout, /^Not tried \(1 photo\): changed since it was grouped: it is not the photo the plan grouped/m);
  assert.match(r.stdout, /^ {2}p02\.jpg$/m);
  assert.match(r.stdout, /^Undo with: /m);
  assert.ok(fs.existsSync(p2), 'the replaced photo stays where it is');
});

test('names with a newline or an escape character are escaped in every list, one line per file', () => {
  const fx = makeFolder({ 'new\nline.jpg': 'n', 'esc\x1b[31mred.jpg': 'e' });
  const planFile = path.join(tempDir(), 'plan.json');
  fs.writeFileSync(planFile, JSON.stringify({ groups: [{ name: 'Odd\nnames', files: ['new\nline.jpg', 'esc\x1b[31mred.jpg'] }] }));
  const r = likeness(['apply', fx.root, '--plan', planFile, '--data-dir', fx.dataDir, '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^ {2}new\\nline\.jpg → Odd names\/new\\nline\.jpg$/m);
  assert.match(r.stdout, /^ {2}esc\\x1B\[31mred\.jpg → /m);
  assert.ok(!r.stdout.includes('\x1b'), 'no raw escape character reaches the terminal');

  // The index's list of skipped files.
  const folder = tempDir('likeness-names-');
  fs.copyFileSync(path.join(DATASETS, 'photos', 'dog.jpg'), path.join(folder, 'dog.jpg'));
  fs.writeFileSync(path.join(folder, 'read\nme.txt'), 'not a photo');
  const index = likeness(['index', folder, '--models-dir', SHARED_MODELS, '--data-dir', tempDir()]);
  assert.equal(index.code, 0, index.stderr);
  assert.match(index.stdout, /^ {2}read\\nme\.txt: not an image \(text\)$/m);
});

test('oneLine escapes what would break a line or fake another name, and nothing else', () => {
  assert.equal(oneLine('a\nb\rc\td'), 'a\\nb\\rc\\td');
  assert.equal(oneLine('\x1b[2J\x00\x7f\u0085'), '\\x1B[2J\\x00\\x7F\\x85');
  assert.equal(oneLine('evil\u202Egpj.exe'), 'evil\\u202Egpj.exe');
  assert.equal(oneLine('été 🏖/照片 C:\\x.jpg'), 'été 🏖/照片 C:\\x.jpg');
});

test('the undo report: how to finish by hand, --leave-rest, and kept copies', () => {
  const failed = [{ path: 'G/a.jpg', backTo: 'a.jpg', reason: 'its old place is taken by another file, which is left alone' }];
  const r = undoReport({ applyId: 1, restored: 3, failed, notBack: 1, removedFolders: 0, recovered: [] }, '/p', { copy: false, leaveRest: false });
  assert.equal(r.status, 1);
  assert.equal(r.lines[0], 'Put 3 of 4 files back where they were.');
  assert.ok(r.lines.includes('  likeness undo /p --leave-rest'));
  const left = undoReport({ applyId: 1, restored: 0, failed, notBack: 0, removedFolders: 1, recovered: [] }, '/p', { copy: false, leaveRest: true });
  assert.equal(left.status, 0, 'leaving them was asked for');
  assert.equal(left.lines[1], 'Left where they are (1 file), as asked; this apply is closed:');
  const kept = undoReport({ applyId: 1, restored: 1, failed: [{ path: 'G/b.jpg', reason: 'the copy was kept: it changed after it was copied' }], notBack: 0, removedFolders: 0, recovered: [] }, '/p', { copy: true, leaveRest: false });
  assert.deepEqual(kept.lines, ['Removed 1 of 2 copies.', 'Kept (1 copy), so that no photo is lost:', '  G/b.jpg: the copy was kept: it changed after it was copied']);
  assert.equal(kept.status, 1);
});
