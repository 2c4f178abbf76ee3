// After `kill -9` in the middle of an apply, every command that touches the folder rolls the apply back and says
// so, as the README promises: `undo` reports the rollback as its own work and succeeds, and `index`, `cluster`
// and `apply` print it before their own output. Real runs of the command on a copy of the messy folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, SHARED_MODELS, messyCopy, tempDir } from './helpers';
import { killedApply } from './killed-apply';
import { snapshot } from './organize-fixtures';


function likeness(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 300_000 });
}

/** The messy folder, clustered, with the groups of its plan file. */
function clusteredFolder() {
  const folder = messyCopy();
  const dataDir = tempDir();
  const planFile = path.join(tempDir(), 'plan.json');
  const r = likeness(['cluster', folder, '--models-dir', SHARED_MODELS, '--data-dir', dataDir, '--json', planFile]);
  assert.equal(r.status, 0, r.stderr);
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as { groups: Array<{ name: string; files: string[] }> };
  return { folder, dataDir, planFile, groups: plan.groups.map((g) => ({ name: g.name, files: g.files })) };
}

const ROLLED_BACK = /^Recovered: an apply to (.+) was interrupted; it was rolled back: (\d+) files put back where they were$/m;

test('undo after a killed apply says it rolled the apply back, exits 0, and every file is back byte for byte', async () => {
  const { folder, dataDir, groups } = clusteredFolder();
  const before = snapshot(folder);
  await killedApply(folder, dataDir, groups, 5);
  assert.notDeepEqual(snapshot(folder), before, 'the killed apply had moved files');

  const undo = likeness(['undo', folder, '--data-dir', dataDir]);
  assert.equal(undo.status, 0, undo.stderr);
  const m = ROLLED_BACK.exec(undo.stdout);
  assert.ok(m, undo.stdout);
  assert.equal(m[1], folder);
  assert.ok(Number(m[2]) >= 5, `at least the 5 files moved before the kill: ${m[2]}`);
  assert.doesNotMatch(undo.stdout + undo.stderr, /nothing to undo/);
  assert.deepEqual(snapshot(folder), before, 'every file back where it was, byte for byte');

  // The rollback was the undo: there is nothing further to undo, and saying so is an error again.
  const again = likeness(['undo', folder, '--data-dir', dataDir]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /nothing to undo/);
});

test('index, cluster and apply after a killed apply each say they rolled it back before their own output', async () => {
  const { folder, dataDir, planFile, groups } = clusteredFolder();
  const before = snapshot(folder);
  const commands: Array<[string, string[]]> = [
    ['index', ['index', folder, '--models-dir', SHARED_MODELS, '--data-dir', dataDir]],
    ['cluster', ['cluster', folder, '--models-dir', SHARED_MODELS, '--data-dir', dataDir]],
    ['apply', ['apply', folder, '--plan', planFile, '--data-dir', dataDir]],
  ];
  for (const [name, args] of commands) {
    await killedApply(folder, dataDir, groups, 2);
    const r = likeness(args);
    assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    assert.match(r.stdout, ROLLED_BACK, name);
    assert.ok(r.stdout.startsWith('Recovered: '), `${name} says it first: ${r.stdout.slice(0, 200)}`);
    if (name === 'apply') {
      assert.match(r.stdout, /^Moved (all )?\d+ (of \d+ )?photos/m, 'then applies the plan as asked');
      assert.equal(likeness(['undo', folder, '--data-dir', dataDir]).status, 0);
    }
    assert.deepEqual(snapshot(folder), before, `${name}: the folder is as it was`);
  }
});
