// LikenessService against the real engine: opening a small folder streams progress and then the groups; the
// knob re-groups from the cached geometry keeping the user's edits; edits undo and redo; malformed calls are
// refused; a cancelled open ends in a cancelled error; thumbnails resolve through the media roots.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import type { GroupsView, LikenessEvent } from '../electron/ipc/contract';
import { LikenessService } from '../electron/engine/service';
import { nextEvent, smallFolder, CLASSES, PER_CLASS } from './service-fixture';
import { SHARED_MODELS } from './helpers';

function service(dataDir: string) {
  return new LikenessService({
    dataDir,
    modelsDir: SHARED_MODELS,
    transport: 'web',
    mediaUrl: (p) => `/media/${p}`,
    indexOptions: { allowDownload: false, provider: 'cpu' },
  });
}

test('open → progress → groups → done; regroup keeps a rename; undo/redo; media resolves', async (t) => {
  const { folder, dataDir } = smallFolder();
  const svc = service(dataDir);
  t.after(() => svc.close());
  const events: LikenessEvent[] = [];
  svc.onEvent((e) => events.push(e));

  const open = await svc.handle('folders.open', { folder });
  assert.ok(open.ok, JSON.stringify(open));
  const { jobId, folder: root } = open.result as { jobId: string; folder: string };
  assert.equal(root, fs.realpathSync(folder));
  const groupsEvent = await nextEvent(svc.onEvent.bind(svc), (e): e is Extract<LikenessEvent, { type: 'groups' }> => e.type === 'groups' && e.jobId === jobId);
  const done = await nextEvent(svc.onEvent.bind(svc), (e) => (e.type === 'done' || e.type === 'error') && e.jobId === jobId);
  assert.equal(done.type, 'done', JSON.stringify(done));

  const progress = events.filter((e) => e.type === 'progress' && e.jobId === jobId);
  assert.ok(progress.some((e) => e.type === 'progress' && e.stage === 'index'), 'indexing progress was shown');
  assert.ok(progress.some((e) => e.type === 'progress' && e.stage === 'cluster'), 'grouping progress was shown');

  const view: GroupsView = groupsEvent.view;
  const all = [...view.groups.flatMap((g) => g.photos), ...view.unsorted];
  assert.equal(all.length, CLASSES.length * PER_CLASS + 1, 'every photo is in the view once');
  assert.ok(view.groups.length >= 2, `photos of three subjects form groups (got ${view.groups.length})`);
  assert.equal(view.duplicates.length, 1, 'the Backup copy is a duplicate');
  assert.ok(all.filter((p) => p.duplicate === 0).length === 2);
  const photo = all[0];
  assert.match(photo.thumb, /^\/media\/thumb\/[0-9a-f]{64}$/);
  assert.match(photo.full, /^\/media\/full\/[0-9a-f]{16}\//);
  const resolved = await svc.media.resolve(photo.thumb.slice('/media/'.length));
  assert.ok(resolved.ok, 'the thumbnail URL resolves to the cached file');
  const full = await svc.media.resolve(photo.full.slice('/media/'.length));
  assert.ok(full.ok && full.file.startsWith(root), 'the full photo URL resolves inside the folder');

  // Edits: rename, then move the knob: the renamed group keeps its name.
  const g0 = view.groups[0];
  const renamed = await svc.handle('edits.apply', { folder: root, edit: { kind: 'rename', group: g0.id, name: 'Holiday' } });
  assert.ok(renamed.ok);
  const v1 = renamed.result as GroupsView;
  assert.equal(v1.groups.find((g) => g.id === g0.id)?.name, 'Holiday');
  assert.equal(v1.canUndo, true);
  assert.match(v1.undoLabel ?? '', /Holiday/);

  const regrouped = await svc.handle('groups.regroup', { folder: root, granularity: 0.3 });
  assert.ok(regrouped.ok, JSON.stringify(regrouped));
  const v2 = regrouped.result as GroupsView;
  assert.equal(v2.granularity, 0.3);
  assert.ok(v2.groups.some((g) => g.name === 'Holiday' && g.renamed), 'the rename survives the knob');

  // The slider move is in the undo history: the first undo puts the slider back, the rename stays.
  assert.equal(v2.undoLabel, 'slider 0.50 → 0.30');
  const sliderBack = (await svc.handle('edits.undo', { folder: root })) as { ok: true; result: GroupsView };
  assert.equal(sliderBack.result.granularity, 0.5);
  assert.ok(sliderBack.result.groups.some((g) => g.name === 'Holiday'));
  const undone = (await svc.handle('edits.undo', { folder: root })) as { ok: true; result: GroupsView };
  assert.ok(!undone.result.groups.some((g) => g.name === 'Holiday'));
  assert.equal(undone.result.canRedo, true);
  const redone = (await svc.handle('edits.redo', { folder: root })) as { ok: true; result: GroupsView };
  assert.ok(redone.result.groups.some((g) => g.name === 'Holiday'));

  // A session opened again (a restart) sees the same edits.
  const again = (await svc.handle('groups.get', { folder: root })) as { ok: true; result: GroupsView };
  assert.ok(again.result.groups.some((g) => g.name === 'Holiday'));

  const recent = (await svc.handle('folders.recent', {})) as { ok: true; result: string[] };
  assert.deepEqual(recent.result, [root]);

  // Closing releases the folder: no view, no plan, and its photos are no longer served (thumbnails still are).
  const closed = (await svc.handle('folders.close', { folder: root })) as { ok: true; result: boolean };
  assert.equal(closed.result, true);
  assert.equal(((await svc.handle('groups.get', { folder: root })) as { ok: true; result: unknown }).result, null);
  assert.equal((await svc.handle('organize.plan', { folder: root, target: null, mode: 'copy' })).ok, false);
  assert.equal((await svc.media.resolve(photo.full.slice('/media/'.length))).ok, false, 'a closed folder serves nothing');
  assert.ok((await svc.media.resolve(photo.thumb.slice('/media/'.length))).ok);
});

test('malformed calls are refused as bad requests and nothing runs', async (t) => {
  const { dataDir } = smallFolder();
  const svc = service(dataDir);
  t.after(() => svc.close());
  for (const [name, args] of [
    ['no.such.call', {}],
    ['folders.open', {}],
    ['folders.open', { folder: 'relative/path' }],
    ['groups.regroup', { folder: '/x', granularity: 2 }],
    ['edits.apply', { folder: '/x', edit: { kind: 'rename', group: '../etc', name: 'x' } }],
    ['settings.set', { modelId: 'no-such-model' }],
    ['groups.regroup', { folder: '/not/open', granularity: 0.5 }],
  ] as const) {
    const r = await svc.handle(name, args);
    assert.equal(r.ok, false, name);
    assert.equal(!r.ok && r.error.code, 'bad-request', `${name} ${JSON.stringify(args)}: ${JSON.stringify(r)}`);
  }
  const missing = await svc.handle('folders.open', { folder: '/definitely/not/here' });
  assert.ok(!missing.ok && missing.error.code === 'failed' && /not found/.test(missing.error.message));
});

test('cancelling an open ends the job with a cancelled error and no groups', async (t) => {
  const { folder, dataDir } = smallFolder();
  const svc = service(dataDir);
  t.after(() => svc.close());
  const events: LikenessEvent[] = [];
  svc.onEvent((e) => events.push(e));
  const open = (await svc.handle('folders.open', { folder })) as { ok: true; result: { jobId: string } };
  const jobId = open.result.jobId;
  const cancelled = await svc.handle('jobs.cancel', { jobId });
  assert.deepEqual(cancelled, { ok: true, result: true });
  const end = await nextEvent(svc.onEvent.bind(svc), (e) => (e.type === 'done' || e.type === 'error') && e.jobId === jobId);
  assert.deepEqual(end, { type: 'error', jobId, job: 'open', message: 'cancelled', cancelled: true });
  assert.ok(!events.some((e) => e.type === 'groups'));
  assert.deepEqual(await svc.handle('jobs.cancel', { jobId }), { ok: true, result: false }, 'a finished job cannot be cancelled');
});

test('settings and models are answered', async (t) => {
  const { dataDir } = smallFolder();
  const svc = service(dataDir);
  t.after(() => svc.close());
  const set = (await svc.handle('settings.set', { theme: 'dark' })) as { ok: true; result: { theme: string } };
  assert.equal(set.result.theme, 'dark');
  const models = (await svc.handle('models.list', {})) as { ok: true; result: Array<{ id: string; present: boolean; isDefault: boolean }> };
  const def = models.result.find((m) => m.isDefault);
  assert.equal(def?.id, 'mobilenetv2-int8');
  assert.equal(def?.present, true, 'the shared model is there');
  const info = (await svc.handle('app.info', {})) as { ok: true; result: { transport: string; version: string } };
  assert.equal(info.result.transport, 'web');
  assert.match(info.result.version, /^\d+\.\d+\.\d+/);
});
