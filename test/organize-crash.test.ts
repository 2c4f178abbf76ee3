// Fault injection: apply (and undo) run in a child process killed with SIGKILL at random moments — between two
// files, inside a move, inside a verified copy. After recovery (and undo of whatever finished), the folder's files,
// paths and bytes, must equal the original exactly, every time; and a killed apply run again ends with every
// photo existing exactly once, where the plan put it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canUndoApply, recoverFolder, undoLastApply, type PlanGroup } from '../electron/engine/organize';
import { prng, tempDir } from './helpers';
import { makeFolder, snapshot, type Fixture } from './organize-fixtures';

const CHILD = path.join(__dirname, `organize-child${path.extname(__filename)}`);
const EXEC_ARGS = __filename.endsWith('.ts') ? ['--import', 'tsx'] : [];

/** 48 photos of 20–120 kB in three folders, with sidecars, name clashes, and files in no group. */
function crashFolder(seed: number): { fx: Fixture; groups: PlanGroup[] } {
  const rand = prng(seed);
  const files: Record<string, Buffer> = {};
  const groups: PlanGroup[] = [{ name: 'Dogs', files: [] }, { name: 'Sea', files: [] }, { name: 'CON', files: [] }];
  for (let i = 0; i < 48; i++) {
    const rel = `${['DCIM', 'Phone/Camera', 'Backup'][i % 3]}/IMG_${i % 20}.jpg`;
    const bytes = Buffer.alloc(20_000 + Math.floor(rand() * 100_000));
    for (let b = 0; b < bytes.length; b += 4096) bytes[b] = Math.floor(rand() * 256);
    bytes.write(rel);
    files[rel] = bytes;
    if (i % 5 === 0) files[rel.replace(/\.jpg$/, '.xmp')] = Buffer.from(`<xmp for ${rel}/>`);
    if (i % 7 !== 3) groups[i % 3].files.push(rel);
  }
  return { fx: makeFolder(files), groups };
}

function otherDisk(): string {
  return fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : tempDir(), 'likeness-crash-'));
}

/** Runs the child; kills it with SIGKILL after `afterLines` progress lines plus a random few hundred microseconds. */
function runChild(job: object, afterLines: number | null, rand: () => number): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...EXEC_ARGS, CHILD, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let lines = 0;
    let killed = false;
    const kill = () => {
      if (killed) return;
      killed = true;
      // Spin a little so that the kill lands inside an operation, not always right at a progress line.
      const until = process.hrtime.bigint() + BigInt(Math.floor(rand() * 400_000));
      while (process.hrtime.bigint() < until);
      child.kill('SIGKILL');
    };
    if (afterLines === 0) kill();
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      lines += d.toString().split('\n').length - 1;
      if (afterLines !== null && lines >= afterLines) kill();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, out });
      else if (code === 0) resolve({ killed: false, out });
      else reject(new Error(`child failed (${code}): ${err}`));
    });
  });
}

function assertNoLeftovers(...roots: string[]): void {
  for (const r of roots) assert.ok(!Object.keys(snapshot(r)).some((k) => k.includes('.likeness-partial')), `no half-written file under ${r}`);
}

const MODES: Array<{ mode: 'move' | 'copy'; elsewhere: boolean }> = [
  { mode: 'move', elsewhere: false },
  { mode: 'move', elsewhere: true },
  { mode: 'copy', elsewhere: true },
];

test('apply killed at random moments: recovery plus undo restores the exact original every time', async () => {
  const rand = prng(7);
  const outcomes: string[] = [];
  for (let round = 0; round < 18; round++) {
    const { fx, groups } = crashFolder(round);
    const { mode, elsewhere } = MODES[round % MODES.length];
    const target = elsewhere ? otherDisk() : null;
    const before = snapshot(fx.root);
    const ops = groups.reduce((a, g) => a + g.files.length, 0) + 10;
    const r = await runChild({ op: 'apply', folder: fx.root, dataDir: fx.dataDir, groups, target, mode }, Math.floor(rand() * ops), rand);
    const notes = await recoverFolder({ folder: fx.root, dataDir: fx.dataDir });
    if (canUndoApply({ folder: fx.root, dataDir: fx.dataDir })) await undoLastApply({ folder: fx.root, dataDir: fx.dataDir });
    assert.deepEqual(snapshot(fx.root), before, `round ${round} (${mode}${elsewhere ? ' elsewhere' : ''})`);
    if (target) assert.deepEqual(snapshot(target), {}, `round ${round}: nothing left in the target`);
    outcomes.push(r.killed ? (notes.length ? 'rolled back' : 'killed before journal') : 'finished then undone');
  }
  console.log(`kill outcomes: ${outcomes.join(', ')}`);
  assert.ok(outcomes.filter((o) => o === 'rolled back').length >= 9, `most kills land mid-apply: ${outcomes.join(', ')}`);
});

test('apply killed then run again to completion: every photo exists exactly once, where the plan put it', async () => {
  const rand = prng(11);
  for (let round = 0; round < 9; round++) {
    const { fx, groups } = crashFolder(100 + round);
    const { mode, elsewhere } = MODES[round % 2]; // moves: the case where a photo could be lost or doubled
    const target = elsewhere ? otherDisk() : null;
    const before = snapshot(fx.root);
    await runChild({ op: 'apply', folder: fx.root, dataDir: fx.dataDir, groups, target, mode }, 1 + Math.floor(rand() * 40), rand);
    const second = await runChild({ op: 'apply', folder: fx.root, dataDir: fx.dataDir, groups, target, mode }, null, rand);
    assert.match(second.out, /^done /m);
    const after = { ...snapshot(fx.root), ...prefixed(target ? snapshot(target) : {}, '@') };
    const count = (h: string) => Object.values(after).filter((v) => v === h).length;
    for (const [rel, hash] of Object.entries(before)) {
      if (rel.endsWith('/')) continue;
      assert.equal(count(hash), 1, `round ${round}: ${rel} exists exactly once`);
    }
    const grouped = new Set(groups.flatMap((g) => g.files));
    for (const rel of grouped) {
      const where = Object.keys(after).find((k) => after[k] === before[rel])!;
      const group = groups.find((g) => g.files.includes(rel))!.name;
      assert.ok(where.replace(/^@/, '').split('/').slice(-2, -1)[0].startsWith(group), `round ${round}: ${rel} is in its group folder (${where})`);
    }
    assertNoLeftovers(fx.root, ...(target ? [target] : []));
  }
});

test('undo killed at random moments is finished by recovery: the exact original every time', async () => {
  const rand = prng(23);
  for (let round = 0; round < 9; round++) {
    const { fx, groups } = crashFolder(200 + round);
    const { mode, elsewhere } = MODES[round % MODES.length];
    const target = elsewhere ? otherDisk() : null;
    const before = snapshot(fx.root);
    await runChild({ op: 'apply', folder: fx.root, dataDir: fx.dataDir, groups, target, mode }, null, rand);
    await runChild({ op: 'undo', folder: fx.root, dataDir: fx.dataDir, groups, target, mode }, 1 + Math.floor(rand() * 40), rand);
    const notes = await recoverFolder({ folder: fx.root, dataDir: fx.dataDir });
    assert.ok(notes.every((n) => n.action === 'finished'), 'an interrupted undo is finished, not rolled back');
    assert.deepEqual(snapshot(fx.root), before, `round ${round}`);
    if (target) assert.deepEqual(snapshot(target), {});
  }
});

function prefixed(o: Record<string, string>, p: string): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [`${p}${k}`, v]));
}
