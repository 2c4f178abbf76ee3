// What the app asks about photos beyond the groups, against the real engine on a small folder with one exact copy:
// why a photo is in its group, search by what photos show, the duplicate sets with what tells copies apart, and
// one copy excluded (or moved) on its own while the other stays.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DuplicateSetView, GroupsView, LikenessEvent, PhotoExplanation } from '../electron/ipc/contract';
import { LikenessService } from '../electron/engine/service';
import { SHARED_MODELS } from './helpers';
import { nextEvent, smallFolder } from './service-fixture';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';

function ok<T>(r: { ok: true; result: unknown } | { ok: false; error: unknown }): T {
  assert.ok(r.ok, JSON.stringify(r));
  return (r as { result: T }).result;
}

async function opened(more?: (folder: string) => Promise<void>) {
  const { folder, dataDir } = smallFolder();
  await more?.(folder);
  const svc = new LikenessService({ dataDir, modelsDir: SHARED_MODELS, transport: 'web', mediaUrl: (p) => `/media/${p}`, indexOptions: { allowDownload: false, provider: 'cpu' } });
  const on = svc.onEvent.bind(svc);
  const { jobId, folder: root } = ok<{ jobId: string; folder: string }>(await svc.handle('folders.open', { folder }));
  const done = await nextEvent(on, (e: LikenessEvent) => (e.type === 'done' || e.type === 'error') && e.jobId === jobId);
  assert.equal(done.type, 'done', JSON.stringify(done));
  return { svc, root, view: ok<GroupsView>(await svc.handle('groups.get', { folder: root })) };
}

test('why a photo is in its group: its top classes, the group’s classes, how close it is to the group', async (t) => {
  const { svc, root, view } = await opened();
  t.after(() => svc.close());
  const g = view.groups[0];
  const photo = g.photos[0];
  const why = ok<PhotoExplanation>(await svc.handle('photos.explain', { folder: root, key: photo.key }));
  assert.equal(why.path, photo.path);
  assert.equal(why.place, 'group');
  assert.equal(why.group?.id, g.id);
  assert.equal(why.group?.size, g.photos.length);
  assert.ok(why.top.length >= 3 && why.top[0].probability >= why.top[1].probability, JSON.stringify(why.top));
  assert.equal(why.top[0].name, photo.label, 'the first class is the one the grid shows');
  assert.ok(why.group!.classes.length > 0 && why.group!.classes[0].share > 0);
  assert.ok(why.closeness && why.closeness.similarity > 0 && why.closeness.similarity <= 1, JSON.stringify(why.closeness));
  assert.ok(why.closeness!.closerMembers < g.photos.length);
  assert.equal(why.placedByUser, false);
  const unknown = await svc.handle('photos.explain', { folder: root, key: 'f'.repeat(64) });
  assert.ok(!unknown.ok && unknown.error.code === 'bad-request');
});

test('search finds photos by what they show (class names), not only by file name', async (t) => {
  const { svc, root, view } = await opened();
  t.after(() => svc.close());
  const all = [...view.groups.flatMap((g) => g.photos), ...view.unsorted];
  // The files are named golf_ball-…: "golf ball" with a space is only in the network's class name.
  const found = ok<{ keys: string[] }>(await svc.handle('photos.search', { folder: root, query: 'golf ball' })).keys;
  const paths = all.filter((p) => found.includes(p.key)).map((p) => p.path);
  assert.ok(paths.length >= 6, `most golf balls are found: ${paths.join(', ')}`);
  assert.ok(paths.every((p) => p.startsWith('golf_ball-')), `only golf balls: ${paths.join(', ')}`);
  const byName = ok<{ keys: string[] }>(await svc.handle('photos.search', { folder: root, query: 'PARACHUTE-' })).keys;
  assert.equal(byName.length, 8, 'file names match too, whatever the case');
  assert.deepEqual(ok<{ keys: string[] }>(await svc.handle('photos.search', { folder: root, query: '   ' })).keys, []);
});

test('duplicates: each copy with its size, resolution, date and place; one copy excluded or moved on its own', async (t) => {
  const { svc, root, view } = await opened();
  t.after(() => svc.close());
  const sets = ok<DuplicateSetView[]>(await svc.handle('duplicates.list', { folder: root }));
  assert.equal(sets.length, 1);
  assert.equal(sets[0].photos.length, 2);
  const b = sets[0].photos.find((p) => p.path.startsWith('Backup/'))!;
  const a = sets[0].photos.find((p) => p !== b)!;
  assert.equal(sets[0].kind, 'exact');
  assert.notEqual(a.key, b.key, 'each copy has its own key');
  assert.ok(a.bytes > 1000 && a.bytes === b.bytes && a.width > 0 && a.height > 0 && a.modified > 0, JSON.stringify(a));
  const total = view.groups.reduce((n, g) => n + g.photos.length, 0) + view.unsorted.length;

  const excluded = ok<GroupsView>(await svc.handle('edits.apply', { folder: root, edit: { kind: 'exclude', photos: [b.key] } }));
  assert.deepEqual(excluded.excluded.map((p) => p.path), [b.path], 'only the copy named is excluded');
  assert.equal(excluded.groups.reduce((n, g) => n + g.photos.length, 0) + excluded.unsorted.length, total - 1);
  assert.equal(excluded.undoLabel, 'exclude 1 photo');
  const after = ok<DuplicateSetView[]>(await svc.handle('duplicates.list', { folder: root }));
  const state = (p: DuplicateSetView['photos'][number]) => [p.path, p.excluded, p.place];
  assert.deepEqual(after[0].photos.map(state).sort(), [[a.path, false, a.place], [b.path, true, 'Excluded']].sort());

  const other = excluded.groups.find((g) => !g.photos.some((p) => p.path === a.path))!;
  const moved = ok<GroupsView>(await svc.handle('edits.apply', { folder: root, edit: { kind: 'move', photos: [a.key], to: other.id } }));
  assert.ok(moved.groups.find((g) => g.id === other.id)!.photos.some((p) => p.path === a.path), 'the copy moved');
  assert.deepEqual(moved.excluded.map((p) => p.path), [b.path], 'the other copy stayed excluded');
});

test('duplicates: a set of near copies says which of its files are the same bytes as another', async (t) => {
  let original = '';
  const { svc, root } = await opened(async (folder) => {
    // The folder's first photo already has a byte-identical copy in Backup/; add a smaller re-encoded one.
    original = fs.readdirSync(folder).filter((f) => f.endsWith('.JPEG')).sort()[0];
    const smaller = await sharp(path.join(folder, original)).resize(180).jpeg({ quality: 80 }).toBuffer();
    fs.writeFileSync(path.join(folder, 'Backup', `small-${original}`), smaller);
  });
  t.after(() => svc.close());
  const sets = ok<DuplicateSetView[]>(await svc.handle('duplicates.list', { folder: root }));
  assert.equal(sets.length, 1, JSON.stringify(sets.map((s) => s.photos.map((p) => p.path))));
  assert.equal(sets[0].kind, 'near');
  const sameAs = Object.fromEntries(sets[0].photos.map((p) => [p.path, p.sameAs ?? null]));
  assert.deepEqual(sameAs, { [`Backup/${original}`]: null, [`Backup/small-${original}`]: null, [original]: `Backup/${original}` });
});
