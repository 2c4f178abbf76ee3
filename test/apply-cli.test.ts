// `likeness cluster --json` → `likeness apply --plan` → `likeness undo` as a person runs them on a copy of the messy
// folder: the preview changes nothing, every grouped photo lands in its group folder with identical bytes and
// nothing else is touched, a hand-edited plan is honoured, a bad one is refused, and undo gives the exact original.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, DATASETS, SHARED_MODELS, messyCopy, tempDir } from './helpers';
import { sha256, snapshot } from './organize-fixtures';


function likeness(args: string[], expectStatus = 0) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, expectStatus, `likeness ${args.join(' ')}\n${r.stderr}`);
  return r;
}

interface Report {
  folder: string;
  groups: Array<{ id: string; name: string; files: string[] }>;
  unsorted: string[];
  photos: Record<string, { hash: string; size: number; mtimeMs: number }>;
}

/** A copy of the messy folder, clustered with `--json`: the plan file a person would edit. */
function clustered() {
  const folder = messyCopy();
  const dataDir = tempDir();
  const planFile = path.join(tempDir(), 'plan.json');
  likeness(['cluster', folder, '--models-dir', SHARED_MODELS, '--data-dir', dataDir, '--json', planFile]);
  return { folder, dataDir, planFile, plan: JSON.parse(fs.readFileSync(planFile, 'utf8')) as Report };
}

test('cluster → apply → undo on the messy folder: photos in their group folders, then the exact original', () => {
  const { folder, dataDir, planFile, plan } = clustered();
  const before = snapshot(folder);

  const dry = likeness(['apply', folder, '--plan', planFile, '--data-dir', dataDir, '--dry-run']);
  assert.match(dry.stdout, /Would move \d+ files into \d+ folders/);
  assert.deepEqual(snapshot(folder), before, 'a dry run changes nothing');

  const json = path.join(tempDir(), 'apply.json');
  const run = likeness(['apply', folder, '--plan', planFile, '--data-dir', dataDir, '--json', json]);
  assert.match(run.stdout, /^Moved all \d+ photos into /m);
  const result = JSON.parse(fs.readFileSync(json, 'utf8'));
  const after = snapshot(folder);
  const grouped = new Set(plan.groups.flatMap((g) => g.files));
  for (const op of result.operations as Array<{ from: string; to: string; companionOf?: string }>) {
    assert.equal(after[op.to], before[op.from], `${op.from} → ${op.to} with identical bytes`);
    assert.equal(after[op.from], undefined);
    if (!op.companionOf) {
      assert.ok(grouped.has(op.from));
      const group = plan.groups.find((g) => g.files.includes(op.from))!;
      assert.equal(op.to.split('/')[0], group.name.replace(/[<>:"/\\|?*]/g, '-'), `${op.from} is in the folder of its group`);
    }
  }
  const moved = new Set(result.operations.map((o: { from: string }) => o.from));
  for (const [rel, hash] of Object.entries(before)) {
    if (!moved.has(rel) && !rel.endsWith('/')) assert.equal(after[rel], hash, `${rel} untouched`);
  }
  assert.ok(plan.unsorted.every((u) => after[u] === before[u]), 'unsorted photos stay where they are');

  likeness(['undo', folder, '--data-dir', dataDir]);
  assert.deepEqual(snapshot(folder), before, 'undo gives back the exact original');
  const again = likeness(['undo', folder, '--data-dir', dataDir], 1);
  assert.match(again.stderr, /nothing to undo/);
});

test('a hand-edited plan: renamed and same-named groups, groups removed or moved to unsorted stay, bad paths refused', () => {
  const { folder, dataDir, plan } = clustered();
  assert.ok(plan.groups.length >= 3, 'the messy folder has several groups');
  const [a, b, c, ...rest] = plan.groups;
  const edited = { ...plan, groups: [{ ...a, name: 'Holiday: best?' }, { ...b, name: 'Holiday: best?' }], unsorted: [...plan.unsorted, c] };
  const editedFile = path.join(tempDir(), 'edited.json');
  fs.writeFileSync(editedFile, JSON.stringify(edited));
  const before = snapshot(folder);
  likeness(['apply', folder, '--plan', editedFile, '--data-dir', dataDir]);
  const after = snapshot(folder);
  const merged = new Set(Object.keys(after).filter((k) => k.startsWith('Holiday- best-/')).map((k) => after[k]));
  for (const f of [...a.files, ...b.files]) assert.ok(merged.has(before[f]) && after[f] === undefined, `${f} moved into the one merged folder`);
  for (const f of [...c.files, ...rest.flatMap((g) => g.files)]) assert.equal(after[f], before[f], `${f} stays (group left out of the plan)`);
  likeness(['undo', folder, '--data-dir', dataDir]);
  assert.deepEqual(snapshot(folder), before);

  for (const bad of ['../outside.jpg', '/etc/hosts', 'DCIM/../../x.jpg', 'no/such/photo.jpg']) {
    const badFile = path.join(tempDir(), 'bad.json');
    fs.writeFileSync(badFile, JSON.stringify({ ...plan, groups: [{ ...a, files: [...a.files, bad] }] }));
    const r = likeness(['apply', folder, '--plan', badFile, '--data-dir', dataDir], 1);
    assert.match(r.stderr, /the plan cannot be applied/);
    assert.deepEqual(snapshot(folder), before, `nothing moved for ${bad}`);
  }
});

test('counts are worded for their number: one file into one folder, one photo in no group', () => {
  const { folder, dataDir, plan } = clustered();
  const dryRun = (edited: Report) => {
    const file = path.join(tempDir(), 'edited.json');
    fs.writeFileSync(file, JSON.stringify(edited));
    return likeness(['apply', folder, '--plan', file, '--data-dir', dataDir, '--dry-run']).stdout;
  };
  const [a] = plan.groups;
  const single = dryRun({ ...plan, groups: [{ ...a, files: [a.files[0]] }] });
  assert.match(single, /^Would move 1 file into 1 folder of /m);
  const [left, ...grouped] = [...plan.unsorted, ...plan.groups.flatMap((g) => g.files)];
  const allButOne = dryRun({ ...plan, groups: [{ ...a, files: grouped }], unsorted: [left] });
  assert.match(allButOne, /^1 photo is in no group and stays where it is\.$/m);
  for (const out of [single, allButOne]) assert.doesNotMatch(out, /\b1 (files|folders|photos)\b/);
});

test('the plan records what the grouping saw of each photo; a photo replaced since is not moved into the old photo\'s group', () => {
  const { folder, dataDir, planFile, plan } = clustered();
  const grouped = plan.groups.flatMap((g) => g.files);
  assert.deepEqual(Object.keys(plan.photos).sort(), [...grouped, ...plan.unsorted].sort(), 'every photo of the grouping');
  for (const rel of grouped.slice(0, 20)) {
    const abs = path.join(folder, ...rel.split('/'));
    const st = fs.statSync(abs);
    assert.deepEqual(plan.photos[rel], { hash: sha256(fs.readFileSync(abs)), size: st.size, mtimeMs: st.mtimeMs }, rel);
  }
  // A grouped photo is overwritten by an eagle (another size, the old time put back) after the plan was written,
  // and the folder is even indexed again: the old plan must not carry the eagle into the old photo's group.
  const victim = plan.groups[0].files[0];
  const abs = path.join(folder, ...victim.split('/'));
  const old = fs.statSync(abs);
  fs.copyFileSync(path.join(DATASETS, 'photos', 'eagle.jpg'), abs);
  fs.utimesSync(abs, old.atime, old.mtime);
  likeness(['index', folder, '--models-dir', SHARED_MODELS, '--data-dir', dataDir]);
  const r = likeness(['apply', folder, '--plan', planFile, '--data-dir', dataDir], 1);
  assert.match(r.stdout, new RegExp(`^note: ${victim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is left where it is: changed since it was grouped`, 'm'));
  assert.match(r.stdout, /^Not tried \(1 photo\): changed since it was grouped: it is not the photo the plan grouped/m);
  assert.equal(sha256(fs.readFileSync(abs)), sha256(fs.readFileSync(path.join(DATASETS, 'photos', 'eagle.jpg'))), 'the eagle stays where it was');
});
