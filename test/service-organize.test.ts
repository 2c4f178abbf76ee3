// Apply and undo through the service: a previewed plan copied to another folder puts every grouped photo there
// (with the user's group name), the view is rebuilt afterwards, undo removes the copies, and a plan cannot be
// applied twice.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { ApplyResult, GroupsView, LikenessEvent, PlanPreview, UndoResult } from '../electron/ipc/contract';
import { LikenessService } from '../electron/engine/service';
import { nextEvent, smallFolder } from './service-fixture';
import { SHARED_MODELS, tempDir } from './helpers';

function ok<T>(r: { ok: true; result: unknown } | { ok: false; error: unknown }): T {
  assert.ok(r.ok, JSON.stringify(r));
  return (r as { result: T }).result;
}

test('plan → apply (copy elsewhere) → files on disk → undo → gone', async (t) => {
  const { folder, dataDir } = smallFolder();
  const svc = new LikenessService({ dataDir, modelsDir: SHARED_MODELS, transport: 'web', mediaUrl: (p) => `/media/${p}`, indexOptions: { allowDownload: false, provider: 'cpu' } });
  t.after(() => svc.close());
  const on = svc.onEvent.bind(svc);
  const end = (jobId: string) => nextEvent(on, (e) => (e.type === 'done' || e.type === 'error') && e.jobId === jobId);

  const { jobId, folder: root } = ok<{ jobId: string; folder: string }>(await svc.handle('folders.open', { folder }));
  const opened = await end(jobId);
  assert.equal(opened.type, 'done', JSON.stringify(opened));
  const view = ok<GroupsView>(await svc.handle('groups.get', { folder: root }));
  const first = view.groups[0];
  ok(await svc.handle('edits.apply', { folder: root, edit: { kind: 'rename', group: first.id, name: 'Chosen ones' } }));
  assert.equal(ok<boolean>(await svc.handle('organize.canUndo', { folder: root })), false);

  const target = tempDir('likeness-target-');
  const preview = ok<PlanPreview>(await svc.handle('organize.plan', { folder: root, target, mode: 'copy' }));
  const grouped = view.groups.reduce((n, g) => n + g.photos.length, 0);
  assert.equal(preview.operations.length, grouped, 'one copy per grouped photo');
  assert.ok(preview.folders.some((f) => f.folder.endsWith('Chosen ones')), JSON.stringify(preview.folders));

  const apply = ok<{ jobId: string }>(await svc.handle('organize.apply', { folder: root, planId: preview.planId }));
  const refreshed: LikenessEvent[] = [];
  const off = on((e) => {
    if (e.jobId === apply.jobId && (e.type === 'groups' || (e.type === 'progress' && e.stage !== 'apply'))) refreshed.push(e);
  });
  const applied = await end(apply.jobId);
  off();
  assert.equal(applied.type, 'done', JSON.stringify(applied));
  const result = (applied as Extract<LikenessEvent, { type: 'done' }>).result as ApplyResult;
  assert.equal(result.done, grouped);
  assert.deepEqual(result.failed, []);
  // A copy into another folder leaves this one as it was: no re-index, no "grouping" progress, no new view.
  assert.deepEqual(refreshed, []);
  const copies = fs.readdirSync(path.join(target, 'Chosen ones'));
  assert.equal(copies.length, first.photos.length);
  for (const p of first.photos) assert.ok(fs.existsSync(path.join(root, p.path)), 'copy leaves the originals');

  const again = await svc.handle('organize.apply', { folder: root, planId: preview.planId });
  assert.ok(!again.ok && again.error.code === 'bad-request', 'a plan runs once');

  assert.equal(ok<boolean>(await svc.handle('organize.canUndo', { folder: root })), true);
  const undo = ok<{ jobId: string }>(await svc.handle('organize.undo', { folder: root }));
  const undone = await end(undo.jobId);
  assert.equal(undone.type, 'done', JSON.stringify(undone));
  assert.equal(((undone as Extract<LikenessEvent, { type: 'done' }>).result as UndoResult).restored, grouped);
  assert.ok(!fs.existsSync(path.join(target, 'Chosen ones')), 'the copies and their folder are gone');
});

test('a destination typed from the home folder (~/Sorted) lands there; a relative one is refused, not read from the app\'s working folder', async (t) => {
  const { folder, dataDir } = smallFolder();
  const home = path.dirname(folder);
  // os.homedir() reads HOME, and USERPROFILE on Windows.
  for (const name of ['HOME', 'USERPROFILE']) {
    const before = process.env[name];
    process.env[name] = home;
    t.after(() => (before === undefined ? delete process.env[name] : (process.env[name] = before)));
  }
  const svc = new LikenessService({ dataDir, modelsDir: SHARED_MODELS, transport: 'web', mediaUrl: (p) => `/media/${p}`, indexOptions: { allowDownload: false, provider: 'cpu' } });
  t.after(() => svc.close());
  const end = (jobId: string) => nextEvent(svc.onEvent.bind(svc), (e) => (e.type === 'done' || e.type === 'error') && e.jobId === jobId);

  const { jobId, folder: root } = ok<{ jobId: string; folder: string }>(await svc.handle('folders.open', { folder: `~/${path.basename(folder)}` }));
  assert.equal(root, fs.realpathSync(folder), 'the folder typed from home is opened');
  assert.equal((await end(jobId)).type, 'done');

  const preview = ok<PlanPreview>(await svc.handle('organize.plan', { folder: root, target: '~/Sorted', mode: 'copy' }));
  assert.equal(preview.target, path.join(fs.realpathSync(home), 'Sorted'));

  const relative = await svc.handle('organize.plan', { folder: root, target: 'Sorted', mode: 'copy' });
  assert.ok(!relative.ok && relative.error.code === 'bad-request', JSON.stringify(relative));
  assert.match(relative.error.message, /not a complete folder path: Sorted \(give it from the top, like .*Pictures, or from your home folder, like ~\/Pictures\)/);
});
