// The service's jobs racing each other, with a fake organize engine whose apply waits for the test: a previewed
// plan does not survive an edit, a knob move, an undo or a newer preview; apply and undo of an apply are refused
// while the folder is being indexed or files are moving; a cancelled apply that moved files still refreshes the view.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ApplyResult, GroupsView, LikenessEvent, PlanPreview } from '../electron/ipc/contract';
import { LikenessService } from '../electron/engine/service';
import type { OrganizeEngine, PlanHandle } from '../electron/engine/service/organize';
import { nextEvent, smallFolder } from './service-fixture';
import { SHARED_MODELS } from './helpers';

type Reply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } };

function ok<T>(r: Reply): T {
  assert.ok(r.ok, JSON.stringify(r));
  return r.result as T;
}

function refused(r: Reply, pattern: RegExp): void {
  assert.ok(!r.ok, `expected a refusal, got ${JSON.stringify(r).slice(0, 200)}`);
  assert.equal(r.error.code, 'bad-request', r.error.message);
  assert.match(r.error.message, pattern);
}

/** An organize engine that records what it is asked and whose apply runs `onApply` (the test decides when it ends). */
function fakeOrganize() {
  let n = 0;
  const applied: string[] = [];
  const state = {
    onApply: async (_plan: PlanHandle, _signal?: AbortSignal): Promise<void> => undefined,
    /** What the journal's newest apply is, as latestApply reports it. */
    latest: null as { id: number; state: string } | null,
    undos: 0,
  };
  const engine: OrganizeEngine = {
    plan: async (o) => {
      const id = `plan-${++n}`;
      const preview: PlanPreview = { planId: id, mode: o.mode, target: o.target ?? o.folder, operations: [], folders: [], untouched: 0, problems: [], recovered: [] };
      return { id, folder: o.folder, preview, plan: o.groups };
    },
    apply: async (plan, o) => {
      applied.push(plan.id);
      await state.onApply(plan, o.signal);
      return {
        applyId: applied.length,
        mode: 'move',
        target: plan.folder,
        done: 0,
        photos: { inPlan: 0, placed: 0, alreadyThere: 0, failed: 0, notTried: 0 },
        failed: [],
        notTried: [],
        undoable: false,
        showPath: plan.folder,
        recovered: [],
      } satisfies ApplyResult;
    },
    undo: async () => {
      state.undos++;
      return { applyId: state.latest?.id ?? 1, restored: 3, failed: [], notBack: 0, removedFolders: 0, recovered: [] };
    },
    recover: async () => [],
    canUndo: () => true,
    latestApply: () => state.latest,
  };
  return { engine, applied, state };
}

async function opened() {
  const { folder, dataDir } = smallFolder();
  const fake = fakeOrganize();
  const svc = new LikenessService({ dataDir, modelsDir: SHARED_MODELS, transport: 'web', mediaUrl: (p) => `/media/${p}`, indexOptions: { allowDownload: false, provider: 'cpu' }, organize: fake.engine });
  const on = svc.onEvent.bind(svc);
  const end = (jobId: string) => nextEvent(on, (e): e is Extract<LikenessEvent, { type: 'done' | 'error' }> => (e.type === 'done' || e.type === 'error') && e.jobId === jobId);
  const call = (name: string, args: unknown) => svc.handle(name, args) as Promise<Reply>;
  const { jobId, folder: root } = ok<{ jobId: string; folder: string }>(await call('folders.open', { folder }));
  assert.equal((await end(jobId)).type, 'done');
  const view = ok<GroupsView>(await call('groups.get', { folder: root }));
  return { svc, fake, root, view, end, call, on };
}

const preview = async (call: (n: string, a: unknown) => Promise<Reply>, root: string) => ok<PlanPreview>(await call('organize.plan', { folder: root, target: null, mode: 'move' })).planId;

test('a plan previewed before an edit, an undo of it, a knob move or a newer preview is not applied', async (t) => {
  const { svc, fake, root, view, call } = await opened();
  t.after(() => svc.close());
  const g = view.groups[0];

  const beforeEdit = await preview(call, root);
  ok(await call('edits.apply', { folder: root, edit: { kind: 'rename', group: g.id, name: 'Renamed after the preview' } }));
  refused(await call('organize.apply', { folder: root, planId: beforeEdit }), /preview again/);

  const beforeUndo = await preview(call, root);
  ok(await call('edits.undo', { folder: root }));
  refused(await call('organize.apply', { folder: root, planId: beforeUndo }), /preview again/);

  const beforeRedo = await preview(call, root);
  ok(await call('edits.redo', { folder: root }));
  refused(await call('organize.apply', { folder: root, planId: beforeRedo }), /preview again/);

  const beforeKnob = await preview(call, root);
  ok(await call('groups.regroup', { folder: root, granularity: 0.9 }));
  refused(await call('organize.apply', { folder: root, planId: beforeKnob }), /preview again/);

  // Only the latest preview of a folder is kept: the dialog shows one, and older ones are not held in memory.
  const older = await preview(call, root);
  const latest = await preview(call, root);
  refused(await call('organize.apply', { folder: root, planId: older }), /preview again/);
  assert.deepEqual(fake.applied, [], 'no stale plan reached the engine');
  ok(await call('organize.apply', { folder: root, planId: latest }));
});

test('a plan previewed before an undo of an apply is not applied afterwards', async (t) => {
  const { svc, root, call, end } = await opened();
  t.after(() => svc.close());
  const planId = await preview(call, root);
  const undo = ok<{ jobId: string }>(await call('organize.undo', { folder: root }));
  assert.equal((await end(undo.jobId)).type, 'done');
  refused(await call('organize.apply', { folder: root, planId }), /preview again/);
});

test('apply and undo of an apply are refused while the folder is being indexed again, and opening while files move', async (t) => {
  const { svc, fake, root, call, end } = await opened();
  t.after(() => svc.close());
  const planId = await preview(call, root);
  const reopen = ok<{ jobId: string }>(await call('folders.open', { folder: root }));
  refused(await call('organize.apply', { folder: root, planId }), /being looked at|busy|wait/i);
  refused(await call('organize.undo', { folder: root }), /being looked at|busy|wait/i);
  assert.equal((await end(reopen.jobId)).type, 'done');
  assert.deepEqual(fake.applied, [], 'nothing moved files while indexing');

  // While an apply runs: another apply, an undo, a new preview and a new open all wait for it.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let started!: () => void;
  const running = new Promise<void>((r) => (started = r));
  fake.state.onApply = async () => {
    started();
    await held;
  };
  const apply = ok<{ jobId: string }>(await call('organize.apply', { folder: root, planId: await preview(call, root) }));
  await running;
  refused(await call('organize.undo', { folder: root }), /moving files|busy|wait/i);
  refused(await call('organize.plan', { folder: root, target: null, mode: 'move' }), /moving files|busy|wait/i);
  refused(await call('folders.open', { folder: root }), /moving files|busy|wait/i);
  release();
  assert.equal((await end(apply.jobId)).type, 'done');
  await preview(call, root); // idle again
});

test('a cancelled apply that already moved files still rebuilds the view before it ends', async (t) => {
  const { svc, fake, root, view, call, end, on } = await opened();
  t.after(() => svc.close());
  const photo = view.groups[0].photos[0];
  const movedTo = path.join('Moved', path.basename(photo.path));
  fake.state.onApply = async (_plan, signal) => {
    // One file moves, then the user cancels: the engine stops between two files and throws.
    fs.mkdirSync(path.join(root, 'Moved'), { recursive: true });
    fs.renameSync(path.join(root, photo.path), path.join(root, movedTo));
    ok(await call('jobs.cancel', { jobId: applyJob }));
    signal?.throwIfAborted();
  };
  let applyJob = '';
  const planId = await preview(call, root);
  const groupsEvents: GroupsView[] = [];
  on((e) => {
    if (e.type === 'groups' && e.jobId === applyJob) groupsEvents.push(e.view);
  });
  applyJob = ok<{ jobId: string }>(await call('organize.apply', { folder: root, planId })).jobId;
  const ended = await end(applyJob);
  // A cancelled apply ends done, saying it was cancelled and what was put back (here: the fake had no journal).
  assert.equal(ended.type, 'done', JSON.stringify(ended));
  assert.deepEqual((ended as Extract<LikenessEvent, { type: 'done' }>).result, {
    applyId: 0,
    mode: 'move',
    target: root,
    done: 0,
    photos: { inPlan: 0, placed: 0, alreadyThere: 0, failed: 0, notTried: 0 },
    failed: [],
    notTried: [],
    undoable: false,
    showPath: root,
    recovered: [],
    cancelled: { restored: 0, failed: [] },
  });
  assert.equal(groupsEvents.length, 1, 'the view was rebuilt and sent before the job ended');
  const now = ok<GroupsView>(await call('groups.get', { folder: root }));
  const paths = [...now.groups.flatMap((g) => g.photos), ...now.unsorted, ...now.excluded].map((p) => p.path);
  assert.ok(paths.includes(movedTo.split(path.sep).join('/')), 'the moved file is shown where it is now');
  assert.ok(!paths.includes(photo.path), 'and no longer where it was');
});

test('Cancel during an apply: it stops, then undoes what it did, and says how many files went back', async (t) => {
  const { svc, fake, root, call, end } = await opened();
  t.after(() => svc.close());
  let applyJob = '';
  fake.state.onApply = async (_plan, signal) => {
    fake.state.latest = { id: 7, state: 'applied' }; // three files moved, then the person pressed Cancel
    ok(await call('jobs.cancel', { jobId: applyJob }));
    signal?.throwIfAborted();
  };
  applyJob = ok<{ jobId: string }>(await call('organize.apply', { folder: root, planId: await preview(call, root) })).jobId;
  const ended = await end(applyJob);
  assert.equal(ended.type, 'done', JSON.stringify(ended));
  assert.deepEqual(((ended as Extract<LikenessEvent, { type: 'done' }>).result as ApplyResult).cancelled, { restored: 3, failed: [] });
  assert.equal(fake.state.undos, 1, 'the cancelled apply was undone');
});

test('Cancel before an apply moved anything undoes nothing, not even the apply before it', async (t) => {
  const { svc, fake, root, call, end } = await opened();
  t.after(() => svc.close());
  fake.state.latest = { id: 4, state: 'applied' }; // an earlier apply, still undoable
  let applyJob = '';
  fake.state.onApply = async (_plan, signal) => {
    ok(await call('jobs.cancel', { jobId: applyJob }));
    signal?.throwIfAborted();
  };
  applyJob = ok<{ jobId: string }>(await call('organize.apply', { folder: root, planId: await preview(call, root) })).jobId;
  const ended = await end(applyJob);
  assert.equal(ended.type, 'done');
  assert.deepEqual(((ended as Extract<LikenessEvent, { type: 'done' }>).result as ApplyResult).cancelled, { restored: 0, failed: [] });
  assert.equal(fake.state.undos, 0, 'the earlier apply is left alone');
});

test('a cancel that comes as the apply finishes does not turn a done apply into an error or leave the view stale', async (t) => {
  const { svc, fake, root, view, call, end } = await opened();
  t.after(() => svc.close());
  const photo = view.groups[0].photos[0];
  let applyJob = '';
  fake.state.onApply = async () => {
    fs.renameSync(path.join(root, photo.path), path.join(root, `moved-${path.basename(photo.path)}`));
    ok(await call('jobs.cancel', { jobId: applyJob })); // too late: every file has moved, the engine returns
  };
  applyJob = ok<{ jobId: string }>(await call('organize.apply', { folder: root, planId: await preview(call, root) })).jobId;
  const ended = await end(applyJob);
  assert.equal(ended.type, 'done', JSON.stringify(ended));
  const now = ok<GroupsView>(await call('groups.get', { folder: root }));
  const paths = [...now.groups.flatMap((g) => g.photos), ...now.unsorted, ...now.excluded].map((p) => p.path);
  assert.ok(paths.includes(`moved-${path.basename(photo.path)}`), 'the view follows the moved file');
});

test('two previews in flight: the newer one stays appliable when the older one finishes last', async (t) => {
  const { svc, fake, root, call } = await opened();
  t.after(() => svc.close());
  const makePlan = fake.engine.plan;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let calls = 0;
  fake.engine.plan = async (o) => {
    if (++calls === 1) await held; // the first preview (say, "move") is slow; the user already picked "copy"
    return makePlan(o);
  };
  const slow = call('organize.plan', { folder: root, target: null, mode: 'move' });
  const fast = ok<PlanPreview>(await call('organize.plan', { folder: root, target: null, mode: 'copy' }));
  release();
  ok(await slow);
  ok(await call('organize.apply', { folder: root, planId: fast.planId }));
});
