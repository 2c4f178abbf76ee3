// From what the user selected to the contract's edits, and the groups view as listed on screen
// (renderer/src/logic/edits.ts, sections.ts, plan-summary.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GroupsView, Photo, PlanPreview } from '../electron/ipc/contract';
import { mergeEdit, moveEdit, renameEdit, selectedHashes } from '../renderer/src/logic/edits';
import { flatten, sectionsOf } from '../renderer/src/logic/sections';
import { planCounts, planSentence, relativeTo, sortedOperations } from '../renderer/src/logic/plan-summary';

const h = (c: string) => c.repeat(64);
const photo = (p: string, hash: string, extra: Partial<Photo> = {}): Photo => ({ path: p, hash: h(hash), width: 1, height: 1, thumb: '', full: '', label: '', ...extra });

test('exact duplicates (one hash, two files) are sent once', () => {
  const photos = [photo('a.jpg', 'a'), photo('Backup/a.jpg', 'a'), photo('b.jpg', 'b'), photo('c.jpg', 'c')];
  assert.deepEqual(selectedHashes(photos, new Set(['Backup/a.jpg', 'a.jpg', 'c.jpg'])), [h('a'), h('c')]);
});

test('move to a group or to Unsorted; nothing to move is no edit', () => {
  assert.deepEqual(moveEdit([h('a')], 'g-12'), { kind: 'move', photos: [h('a')], to: 'g-12' });
  assert.deepEqual(moveEdit([h('a')], null), { kind: 'move', photos: [h('a')], to: null });
  assert.equal(moveEdit([], 'g-12'), null);
});

test('merge keeps the first checked group in screen order and needs two', () => {
  assert.deepEqual(mergeEdit(['g-1', 'g-2', 'g-3'], new Set(['g-3', 'g-1'])), { kind: 'merge', groups: ['g-1', 'g-3'] });
  assert.equal(mergeEdit(['g-1', 'g-2'], new Set(['g-2'])), null);
});

test('a rename is sent only for a new, non-blank name', () => {
  assert.deepEqual(renameEdit('g-1', 'Dogs', '  Puppies '), { kind: 'rename', group: 'g-1', name: 'Puppies' });
  assert.equal(renameEdit('g-1', 'Dogs', 'Dogs'), null);
  assert.equal(renameEdit('g-1', 'Dogs', '   '), null);
});

const view: GroupsView = {
  folder: '/p',
  modelId: 'm',
  granularity: 0.5,
  groups: [
    { id: 'g-1', name: 'Dogs', renamed: false, userMade: false, photos: [photo('d1', 'd'), photo('d2', 'e', { suggested: 0.6 })] },
    { id: 'u-2', name: 'Mine', renamed: true, userMade: true, photos: [photo('m1', 'f')] },
  ],
  unsorted: [photo('u1', '1')],
  excluded: [],
  duplicates: [],
  skipped: [],
  videos: [],
  canUndo: false,
  canRedo: false,
};

test('the screen lists the groups, then Unsorted; Excluded only when something is', () => {
  const s = sectionsOf(view);
  assert.deepEqual(s.map((x) => x.name), ['Dogs', 'Mine', 'Unsorted']);
  assert.equal(s[0].suggested, 1);
  assert.equal(s[1].userMade, true);
  assert.equal(s[2].id, null);
  assert.deepEqual(sectionsOf({ ...view, excluded: [photo('x', '2')] }).map((x) => x.kind), ['group', 'group', 'unsorted', 'excluded']);
  assert.deepEqual(flatten(s).map((f) => f.photo.path), ['d1', 'd2', 'm1', 'u1']);
});

test('the apply dialog sums up a plan in one sentence', () => {
  const plan: PlanPreview = {
    planId: 'p',
    mode: 'copy',
    target: '/out',
    operations: [
      { from: 'b.jpg', to: '/out/Dogs/b.jpg' },
      { from: 'a.jpg', to: '/out/Dogs/a (2).jpg', renamed: true },
      { from: 'a.xmp', to: '/out/Dogs/a (2).xmp', companionOf: 'a.jpg' },
      { from: 'c.jpg', to: '/out/Cats/c.jpg' },
    ],
    folders: [
      { folder: 'Dogs', count: 3 },
      { folder: 'Cats', count: 1 },
    ],
    untouched: 5,
    problems: [],
    recovered: [],
  };
  assert.deepEqual(planCounts(plan), { files: 4, photos: 3, companions: 1, renamed: 1, folders: 2 });
  assert.equal(planSentence(plan), 'Copy 3 photos (and 1 companion file) into 2 folders; 1 renamed to avoid overwriting a file; 5 photos left in place.');
  assert.equal(planSentence({ ...plan, operations: [] }), 'Nothing to do: no photo is in a group.');
  assert.deepEqual(sortedOperations(plan.operations).map((o) => o.from), ['c.jpg', 'a.jpg', 'a.xmp', 'b.jpg']);
});

test('destination folders are listed below the target', () => {
  assert.equal(relativeTo('/out', '/out/Dogs'), 'Dogs');
  assert.equal(relativeTo('/out/', '/out/Dogs/2019'), 'Dogs/2019');
  assert.equal(relativeTo('C:\\out', 'C:\\out\\Dogs'), 'Dogs');
  assert.equal(relativeTo('/out', '/outside/Dogs'), '/outside/Dogs');
});
