// From what the user selected to the contract's edits, the groups view as listed on screen and filtered by a search,
// the copy of a duplicate set to keep, and the plan before and after it is applied (renderer/src/logic/edits.ts,
// sections.ts, filter.ts, duplicates.ts, plan-summary.ts, apply-summary.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplyResult, DuplicateSetView, GroupsView, Photo, PlanPreview } from '../electron/ipc/contract';
import { outcomeByFolder } from '../renderer/src/logic/apply-summary';
import { bestCopy, othersOf } from '../renderer/src/logic/duplicates';
import { mergeEdit, moveEdit, renameEdit, selectedKeys, setAsideEdit } from '../renderer/src/logic/edits';
import { filterSections, nameMatches } from '../renderer/src/logic/filter';
import { flatten, photoTotal, sectionsOf } from '../renderer/src/logic/sections';
import { planCounts, planSentence, relativeTo, sortedOperations } from '../renderer/src/logic/plan-summary';

const h = (c: string) => c.repeat(64);
const photo = (p: string, hash: string, extra: Partial<Photo> = {}): Photo => ({ path: p, hash: h(hash), key: h(hash), width: 1, height: 1, thumb: '', full: '', label: '', ...extra });

test('each selected photo is sent by its key: one exact copy apart from the other', () => {
  const copy = (p: string) => photo(p, 'a', { key: `${h('a')}:${p}` });
  const photos = [copy('a.jpg'), copy('Backup/a.jpg'), photo('b.jpg', 'b'), photo('c.jpg', 'c')];
  assert.deepEqual(selectedKeys(photos, new Set(['Backup/a.jpg', 'c.jpg'])), [`${h('a')}:Backup/a.jpg`, h('c')]);
  assert.deepEqual(selectedKeys([...photos, photos[3]], new Set(['c.jpg'])), [h('c')], 'a key is sent once');
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
    { id: 'g-1', name: 'Dogs', renamed: false, userMade: false, kept: false, photos: [photo('d1', 'd'), photo('d2', 'e', { suggested: 0.6 })] },
    { id: 'u-2', name: 'Mine', renamed: true, userMade: true, kept: true, photos: [photo('m1', 'f')] },
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
  assert.equal(photoTotal({ ...view, excluded: [photo('x', '2')] }), 5, 'excluded photos are counted with the others');
});

test('a search shows the groups whose name matches whole, and elsewhere only the photos found', () => {
  const s = sectionsOf(view);
  assert.deepEqual(filterSections(s, null), s);
  const dogs = filterSections(s, { query: 'dog', keys: new Set([h('1')]) });
  assert.deepEqual(dogs.map((x) => [x.name, x.photos.map((p) => p.path)]), [['Dogs', ['d1', 'd2']], ['Unsorted', ['u1']]]);
  const found = filterSections(s, { query: 'tabby cat', keys: new Set([h('e')]) });
  assert.deepEqual(found.map((x) => [x.name, x.photos.map((p) => p.path), x.suggested]), [['Dogs', ['d2'], 1]]);
  assert.deepEqual(filterSections(s, { query: 'zebra', keys: new Set() }), []);
  assert.equal(nameMatches('Golden retriever', 'RETR gold'), true);
  assert.equal(nameMatches('Golden retriever', '   '), false);
});

test('duplicates: the copy kept is the one with most pixels, then the largest, oldest, shortest path; the others are set aside, never deleted', () => {
  const copy = (path: string, over: Partial<DuplicateSetView['photos'][number]> = {}) => ({ key: path, path, thumb: '', bytes: 1000, width: 100, height: 100, modified: 10, place: 'Dogs', excluded: false, ...over });
  assert.equal(bestCopy([copy('a.jpg'), copy('b.jpg', { width: 200 })])!.path, 'b.jpg');
  assert.equal(bestCopy([copy('a.jpg'), copy('b.jpg', { bytes: 2000 })])!.path, 'b.jpg');
  assert.equal(bestCopy([copy('a.jpg', { modified: 20 }), copy('b.jpg')])!.path, 'b.jpg');
  assert.equal(bestCopy([copy('Backup/a (2).jpg'), copy('a.jpg')])!.path, 'a.jpg');
  const set: DuplicateSetView = { kind: 'exact', photos: [copy('a.jpg'), copy('b.jpg'), copy('c.jpg', { excluded: true }), copy('d.jpg', { place: 'Duplicates' })] };
  assert.deepEqual(othersOf(set, 'a.jpg'), ['b.jpg'], 'copies already excluded or filed are left as they are');
  assert.deepEqual(setAsideEdit(['b.jpg'], 'exclude', view.groups), { kind: 'exclude', photos: ['b.jpg'] });
  assert.deepEqual(setAsideEdit(['b.jpg'], 'file', view.groups), { kind: 'split', photos: ['b.jpg'], name: 'Duplicates' });
  assert.deepEqual(setAsideEdit(['b.jpg'], 'file', [...view.groups, { id: 'u-9', name: 'duplicates' }]), { kind: 'move', photos: ['b.jpg'], to: 'u-9' });
  assert.equal(setAsideEdit([], 'exclude', view.groups), null);
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

test('the result screen sums up the apply per destination folder, failures counted where they were going', () => {
  const plan: PlanPreview = {
    planId: 'p',
    mode: 'move',
    target: '/p',
    operations: [
      { from: 'a.jpg', to: 'Dogs/a.jpg' },
      { from: 'b.jpg', to: 'Dogs/b.jpg' },
      { from: 'c.jpg', to: 'Cats/c.jpg' },
    ],
    folders: [
      { folder: 'Cats', count: 1 },
      { folder: 'Dogs', count: 2 },
    ],
    untouched: 0,
    problems: [],
    recovered: [],
  };
  const result: ApplyResult = {
    applyId: 1,
    mode: 'move',
    target: '/p',
    done: 2,
    photos: { inPlan: 3, placed: 2, alreadyThere: 0, failed: 1, notTried: 0 },
    failed: [{ path: 'b.jpg', reason: 'open elsewhere' }],
    notTried: [],
    undoable: true,
    showPath: '/p',
    recovered: [],
  };
  assert.deepEqual(outcomeByFolder(plan, result), [
    { folder: 'Cats', done: 1, failed: 0 },
    { folder: 'Dogs', done: 1, failed: 1 },
  ]);
});

test('destination folders are listed below the target', () => {
  assert.equal(relativeTo('/out', '/out/Dogs'), 'Dogs');
  assert.equal(relativeTo('/out/', '/out/Dogs/2019'), 'Dogs/2019');
  assert.equal(relativeTo('C:\\out', 'C:\\out\\Dogs'), 'Dogs');
  assert.equal(relativeTo('/out', '/outside/Dogs'), '/outside/Dogs');
});
