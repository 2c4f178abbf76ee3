// Whether an interrupted apply's process still runs. Real processes on this machine (Linux): a pid now used by
// another live process, a zombie owner, a changed host name, and a reboot all let recovery roll the apply back,
// while a live owner is still waited for whatever its host name. The rule itself and what macOS and Windows print
// are checked with recorded outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makePlan, recoverFolder, undoLastApply, type PlanGroup } from '../electron/engine/organize';
import { Journal } from '../electron/engine/organize/journal';
import { Library } from '../electron/engine/library/library';
import { ownerAlive, ownerOfColumns, parseDarwinBoottime, parseDarwinPs, parseLinuxBootId, parseLinuxStat, parseWindowsProbe, sameBoot, type OwnerRecord, type Probe } from '../electron/engine/organize/owner';
import { ownerRecordOf, probe, selfOwner, systemProbe } from '../electron/engine/organize/process-probe';
import { makeFolder, snapshot, type Fixture } from './organize-fixtures';

const FILES = { 'a/one.jpg': 'one', 'a/two.jpg': 'two', 'b/three.jpg': 'three' };
const GROUPS: PlanGroup[] = [{ name: 'All', files: ['a/one.jpg', 'a/two.jpg', 'b/three.jpg'] }];

/**
 * The state a crash leaves: an apply journalled as running by `owner`, its first photo moved already. Returns the
 * folder as it was before and the moved photo's two paths.
 */
async function interruptedApply(owner: OwnerRecord): Promise<{ fx: Fixture; before: Record<string, string>; from: string; to: string }> {
  const fx = makeFolder(FILES);
  const before = snapshot(fx.root);
  const plan = await makePlan({ folder: fx.root, dataDir: fx.dataDir, groups: GROUPS, mode: 'move' });
  const lib = Library.open(fx.dataDir);
  try {
    const journal = new Journal(lib, lib.folderId(fx.root), fx.root);
    const id = journal.begin('move', fx.root, plan.operations);
    lib.database.prepare('UPDATE applies SET owner = ?, owner_boot = ?, owner_start = ? WHERE id = ?').run(`${owner.host}:${owner.pid}`, owner.boot, owner.start, id);
    const { from, to } = plan.operations[0];
    journal.recordDir(id, path.dirname(to)); // as apply does: journalled before it exists
    fs.mkdirSync(path.dirname(to));
    fs.linkSync(from, to);
    fs.unlinkSync(from);
    return { fx, before, from, to };
  } finally {
    lib.close();
  }
}

async function expectRolledBack(owner: OwnerRecord, why: string): Promise<void> {
  const { fx, before } = await interruptedApply(owner);
  const notes = await recoverFolder({ folder: fx.root, dataDir: fx.dataDir });
  assert.equal(notes.length, 1, why);
  assert.equal(notes[0].action, 'rolled-back', why);
  assert.match(notes[0].message, /rolled back: 1 file put back where it was/);
  assert.deepEqual(snapshot(fx.root), before, `${why}: the folder is as before`);
}

async function expectBusy(owner: OwnerRecord, why: string): Promise<void> {
  const { fx, from, to } = await interruptedApply(owner);
  await assert.rejects(recoverFolder({ folder: fx.root, dataDir: fx.dataDir }), /another Likeness .* is moving files in this folder/, why);
  await assert.rejects(undoLastApply({ folder: fx.root, dataDir: fx.dataDir }), /another Likeness/, why);
  assert.ok(fs.existsSync(to) && !fs.existsSync(from), `${why}: nothing touched while it runs`);
}

function sleeper(): ChildProcess {
  return spawn('sleep', ['60'], { stdio: 'ignore' });
}

async function end(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

test('a live owner is waited for, under its old host name too (macOS renames itself with the network)', async (t) => {
  const other = sleeper();
  t.after(() => end(other));
  const owner = ownerRecordOf(other.pid!);
  assert.ok(owner.boot && owner.start, 'boot and start time are read on this system');
  await expectBusy(owner, 'live owner');
  await expectBusy({ ...owner, host: 'Someones-MacBook-Pro-2.local' }, 'live owner, host name changed since');
});

test('the owner\'s pid now belongs to another live process, started at another time: rolled back', async (t) => {
  const other = sleeper();
  t.after(() => end(other));
  const live = ownerRecordOf(other.pid!);
  // The apply's process died; its pid went to this unrelated process, which started later.
  await expectRolledBack({ ...live, start: String(Number(live.start) - 1) }, 'pid reused');
});

test('after a reboot the recorded pid and start time may match a new process: another boot means rolled back', async (t) => {
  const other = sleeper();
  t.after(() => end(other));
  const live = ownerRecordOf(other.pid!);
  await expectRolledBack({ ...live, boot: 'id:00000000-0000-4000-8000-000000000000' }, 'another boot');
});

test('a zombie owner (exited, never reaped by its parent) is not running: rolled back', async (t) => {
  // The shell starts a child and becomes `sleep`, which never reaps it: once that child exits it stays a zombie.
  // The child waits until the shell has become `sleep` ($$ is the shell's pid in the child too): a child that
  // exited sooner would be reaped by the shell itself, and no zombie would be left (a race seen on loaded machines).
  // The child holds the pipe until it exits, so the pipe's end tells when it has.
  const parent = spawn('sh', ['-c', '(while [ "$(cat /proc/$$/comm)" != sleep ]; do :; done) & echo $!; exec sleep 60 >/dev/null'], { stdio: ['ignore', 'pipe', 'ignore'] });
  t.after(() => end(parent));
  let out = '';
  parent.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await once(parent.stdout!, 'end');
  const pid = Number(out.trim());
  assert.ok(pid > 0, out);
  // It has closed its files; becoming a zombie is the last step of its exit, a moment later.
  for (let i = 0; i < 1000 && !probe.process(pid)?.zombie; i++) await new Promise((r) => setImmediate(r));
  const state = probe.process(pid);
  assert.deepEqual(state && { zombie: state.zombie }, { zombie: true }, 'the child is a zombie');
  assert.ok(fs.existsSync(`/proc/${pid}`), 'and its pid still answers');
  await expectRolledBack(ownerRecordOf(pid), 'zombie owner');
});

test('an owner whose process is gone is rolled back, whatever host name it was recorded under', async () => {
  const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const record = ownerRecordOf(gone.pid!);
  await once(gone, 'exit');
  await expectRolledBack({ ...record, host: 'another-name' }, 'dead owner, host name changed');
  await expectRolledBack({ ...record, boot: null, start: null, host: 'another-name' }, 'dead owner recorded by an older version');
});

test('this system\'s probe reads the boot and this process; a finished pid reads as no process', async () => {
  const me = selfOwner();
  assert.equal(me.pid, process.pid);
  assert.match(me.boot ?? '', /^id:[0-9a-f-]{36}$/);
  assert.match(me.start ?? '', /^\d+$/);
  assert.deepEqual(probe.process(process.pid), { start: me.start, zombie: false });
  assert.equal(ownerAlive(me, probe), true);
  const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const pid = gone.pid!;
  await once(gone, 'exit');
  assert.equal(probe.process(pid), null);
  // A system without a reader of its own still knows whether a pid exists.
  const other = systemProbe('aix');
  assert.equal(other.boot(), null);
  assert.deepEqual(other.process(process.pid), { start: null, zombie: false });
  assert.equal(other.process(pid), null);
});

/** A system that answers from a table. */
function fakeProbe(boot: string | null, processes: Record<number, { start: string | null; zombie?: boolean }>): Probe {
  return { boot: () => boot, process: (pid) => (processes[pid] ? { start: processes[pid].start, zombie: processes[pid].zombie ?? false } : null) };
}

test('the rule: alive only with the same boot, the same pid and start time, and no zombie; the host name never counts', () => {
  const owner: OwnerRecord = { host: 'laptop.local', pid: 400, boot: 'id:b1', start: '9000' };
  assert.equal(ownerAlive(owner, fakeProbe('id:b1', { 400: { start: '9000' } })), true);
  assert.equal(ownerAlive({ ...owner, host: 'laptop-2.local' }, fakeProbe('id:b1', { 400: { start: '9000' } })), true, 'renamed host, same process');
  assert.equal(ownerAlive(owner, fakeProbe('id:b2', { 400: { start: '9000' } })), false, 'rebooted');
  assert.equal(ownerAlive(owner, fakeProbe('id:b1', { 400: { start: '9100' } })), false, 'pid reused');
  assert.equal(ownerAlive(owner, fakeProbe('id:b1', { 400: { start: '9000', zombie: true } })), false, 'zombie');
  assert.equal(ownerAlive(owner, fakeProbe('id:b1', {})), false, 'no such pid');
  // What cannot be read is no reason to race with a process that may be running.
  assert.equal(ownerAlive(owner, fakeProbe(null, { 400: { start: '9000' } })), true, 'boot unreadable');
  assert.equal(ownerAlive(owner, fakeProbe('id:b1', { 400: { start: null } })), true, 'start unreadable');
  // Rows written before boot and start were recorded: the pid alone, zombies excluded.
  const old: OwnerRecord = { host: 'laptop.local', pid: 400, boot: null, start: null };
  assert.equal(ownerAlive(old, fakeProbe('id:b1', { 400: { start: '1' } })), true);
  assert.equal(ownerAlive(old, fakeProbe('id:b1', { 400: { start: '1', zombie: true } })), false);
  // Boot times (macOS, Windows) read twice may differ by rounding, never by a reboot's length.
  assert.equal(sameBoot('time:1715000000431', 'time:1715000000900'), true);
  assert.equal(sameBoot('time:1715000000431', 'time:1715000060431'), false);
  assert.equal(sameBoot('id:b1', 'time:1715000000431'), false);
});

test('journal columns become an owner: "host:pid" with boot and start, host names with colons kept whole', () => {
  assert.deepEqual(ownerOfColumns('my:odd:host:123', 'id:b', '77'), { host: 'my:odd:host', pid: 123, boot: 'id:b', start: '77' });
  assert.deepEqual(ownerOfColumns('old-host:55', null, null), { host: 'old-host', pid: 55, boot: null, start: null });
  assert.equal(ownerOfColumns(null, null, null), null);
  assert.equal(ownerOfColumns('garbage', null, null), null);
});

test('Linux: /proc/<pid>/stat with a command name holding spaces and parentheses; boot_id', () => {
  const stat = (state: string) => `4242 (my (odd) name) ${state} 1 4242 4242 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 12345678 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;
  assert.deepEqual(parseLinuxStat(stat('S')), { start: '987654', zombie: false });
  assert.deepEqual(parseLinuxStat(stat('Z')), { start: '987654', zombie: true });
  assert.equal(parseLinuxStat('garbage'), null);
  assert.equal(parseLinuxBootId('3f0c8a8e-51b1-4f6c-9d43-0e0c62b1a6b2\n'), 'id:3f0c8a8e-51b1-4f6c-9d43-0e0c62b1a6b2');
  assert.equal(parseLinuxBootId(''), null);
});

test('macOS: sysctl kern.boottime and ps stat/lstart (UTC, C locale)', () => {
  assert.equal(parseDarwinBoottime('{ sec = 1715000000, usec = 431234 } Mon May  6 12:53:20 2024\n'), 'time:1715000000431');
  assert.equal(parseDarwinBoottime('nonsense'), null);
  assert.deepEqual(parseDarwinPs('Ss   Mon May  6 10:00:00 2024\n'), { start: String(Date.UTC(2024, 4, 6, 10, 0, 0) / 1000), zombie: false });
  assert.deepEqual(parseDarwinPs('Z    Tue Dec 31 23:59:59 2024\n'), { start: String(Date.UTC(2024, 11, 31, 23, 59, 59) / 1000), zombie: true });
  assert.equal(parseDarwinPs(''), null, 'no such process');
});

test('Windows: boot time and process creation time as FILETIME ticks; an exited process is not listed', () => {
  // 2024-05-06T10:00:00Z = 133594632000000000 ticks since 1601.
  const r = parseWindowsProbe('boot 133594632000000000\r\nstart 133594350001234567\r\n');
  assert.equal(r.boot, `time:${Date.UTC(2024, 4, 6, 10, 0, 0)}`);
  assert.deepEqual(r.process, { start: '133594350001234567', zombie: false });
  assert.deepEqual(parseWindowsProbe('none\r\n'), { boot: null, process: null });
});
