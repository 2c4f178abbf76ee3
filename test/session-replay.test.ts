// Replaying edits on a suggested grouping (pure): each kind of edit does what a person expects, one exact copy can
// be edited apart from the others, and the same edits keep their meaning on a later grouping whose members and
// ids have changed (a coarser, a finer, the same under new ids). Edits written by hand here lack what the session
// stores with them and take the replay's fallback for older logs; `made` stores them as the session does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Edit } from '../electron/ipc/contract';
import { PhotoKeys, prepareEdit, replayEdits, toPlanGroups, type EditedGrouping, type StoredEdit, type SuggestedGrouping } from '../electron/engine/session';
import { files, h, suggest } from './session-fixtures';

const GROUP_ID = /^[gu]-[0-9a-z]{2,16}$/;

function base() {
  return suggest(
    [
      { name: 'dog', files: [...files('dog', 4), 'cat9.jpg'], suggested: { 'dog4.jpg': 0.6, 'cat9.jpg': 0.55 } },
      { name: 'cat', files: files('cat', 3) },
      { name: 'car', files: files('car', 2) },
    ],
    ['odd1.jpg', 'odd2.jpg'],
  );
}

const byName = (v: EditedGrouping, name: string) => v.groups.find((g) => g.name === name);
/** Membership, whatever the order (the order has a test of its own). */
const sorted = (paths: string[]) => [...paths].sort();
const groupOf = (v: EditedGrouping, path: string) => v.groups.find((g) => g.members.includes(path))?.name ?? (v.unsorted.includes(path) ? 'Unsorted' : v.excluded.includes(path) ? 'excluded' : 'missing');

test('no edits: the view is the suggestion, suggested members marked with their confidence', () => {
  const { grouping, hashOf } = base();
  const v = replayEdits(grouping, hashOf, []);
  assert.deepEqual(v.groups.map((g) => [g.name, g.members.length]), [['dog', 5], ['cat', 3], ['car', 2]]);
  assert.deepEqual(byName(v, 'dog')!.suggested, [{ path: 'cat9.jpg', confidence: 0.55 }, { path: 'dog4.jpg', confidence: 0.6 }]);
  assert.deepEqual(v.unsorted, ['odd1.jpg', 'odd2.jpg']);
  assert.deepEqual(v.excluded, []);
  assert.ok(v.groups.every((g) => !g.renamed && !g.userMade));
});

test('rename gives the group the name and marks it renamed', () => {
  const { grouping, hashOf } = base();
  const dog = grouping.groups[0].id;
  const v = replayEdits(grouping, hashOf, [{ kind: 'rename', group: dog, name: 'Rex' }]);
  assert.equal(v.groups[0].name, 'Rex');
  assert.equal(v.groups[0].renamed, true);
  assert.equal(v.groups[0].id, dog);
});

test('merge puts every photo of the other groups into the first, which keeps its id (and takes a given name)', () => {
  const { grouping, hashOf } = base();
  const [dog, cat, car] = grouping.groups.map((g) => g.id);
  const v = replayEdits(grouping, hashOf, [{ kind: 'merge', groups: [cat, car], name: 'Pets and cars' }]);
  assert.deepEqual(v.groups.map((g) => g.id), [dog, cat]);
  assert.equal(v.groups[1].name, 'Pets and cars');
  assert.deepEqual(sorted(v.groups[1].members), ['car1.jpg', 'car2.jpg', 'cat1.jpg', 'cat2.jpg', 'cat3.jpg']);
});

test('split makes a new user group with a deterministic u- id, named after where its photos came from', () => {
  const { grouping, hashOf } = base();
  const edit: StoredEdit = { kind: 'split', photos: [h('dog1'), h('dog2')] };
  const v = replayEdits(grouping, hashOf, [edit]);
  const made = v.groups.find((g) => g.userMade)!;
  assert.match(made.id, GROUP_ID);
  assert.equal(made.id, replayEdits(grouping, hashOf, [edit]).groups.find((g) => g.userMade)!.id, 'same photos, same id');
  assert.deepEqual(sorted(made.members), ['dog1.jpg', 'dog2.jpg']);
  assert.equal(made.renamed, false);
  assert.equal(made.name, 'dog 2', 'a name of its own, after its source group');
  assert.deepEqual(sorted(byName(v, 'dog')!.members), ['cat9.jpg', 'dog3.jpg', 'dog4.jpg']);
  const named = replayEdits(grouping, hashOf, [{ kind: 'split', photos: [h('dog1')], name: 'Puppies', group: 'u-1234' }]);
  assert.deepEqual(byName(named, 'Puppies'), { id: 'u-1234', name: 'Puppies', renamed: true, userMade: true, kept: true, members: ['dog1.jpg'], suggested: [] });
});

test('move takes photos to another group or to Unsorted; a moved suggestion is no longer a suggestion', () => {
  const { grouping, hashOf } = base();
  const cat = grouping.groups[1].id;
  const v = replayEdits(grouping, hashOf, [
    { kind: 'move', photos: [h('cat9')], to: cat },
    { kind: 'move', photos: [h('dog1')], to: null },
  ]);
  assert.deepEqual(sorted(byName(v, 'cat')!.members), ['cat1.jpg', 'cat2.jpg', 'cat3.jpg', 'cat9.jpg']);
  assert.deepEqual(byName(v, 'cat')!.suggested, []);
  assert.deepEqual(v.unsorted, ['dog1.jpg', 'odd1.jpg', 'odd2.jpg']);
  assert.deepEqual(byName(v, 'dog')!.suggested.map((s) => s.path), ['dog4.jpg']);
});

test('exclude sets photos aside, include brings them back where they were', () => {
  const { grouping, hashOf } = base();
  const excluded = replayEdits(grouping, hashOf, [{ kind: 'exclude', photos: [h('dog1'), h('odd1')] }]);
  assert.deepEqual(excluded.excluded, ['dog1.jpg', 'odd1.jpg']);
  assert.ok(!byName(excluded, 'dog')!.members.includes('dog1.jpg'));
  assert.deepEqual(excluded.unsorted, ['odd2.jpg']);
  const back = replayEdits(grouping, hashOf, [{ kind: 'exclude', photos: [h('dog1'), h('odd1')] }, { kind: 'include', photos: [h('dog1'), h('odd1')] }]);
  assert.deepEqual(back, replayEdits(grouping, hashOf, []));
});

test('exclude-group sets the whole group aside (suggested members too); including one photo shows the group again', () => {
  const { grouping, hashOf } = base();
  const dog = grouping.groups[0].id;
  const v = replayEdits(grouping, hashOf, [{ kind: 'exclude-group', group: dog }]);
  assert.equal(byName(v, 'dog'), undefined);
  assert.deepEqual(v.excluded, ['cat9.jpg', 'dog1.jpg', 'dog2.jpg', 'dog3.jpg', 'dog4.jpg']);
  const w = replayEdits(grouping, hashOf, [{ kind: 'exclude-group', group: dog }, { kind: 'include', photos: [h('dog2')] }]);
  assert.deepEqual(sorted(byName(w, 'dog')!.members), ['dog2.jpg']);
});

test('accept makes a suggestion a firm member; reject sends it to Unsorted', () => {
  const { grouping, hashOf } = base();
  const dog = grouping.groups[0].id;
  const v = replayEdits(grouping, hashOf, [
    { kind: 'accept', photos: [h('dog4')], into: { [h('dog4')]: dog } },
    { kind: 'reject', photos: [h('cat9')] },
  ]);
  assert.deepEqual(sorted(byName(v, 'dog')!.members), ['dog1.jpg', 'dog2.jpg', 'dog3.jpg', 'dog4.jpg']);
  assert.deepEqual(byName(v, 'dog')!.suggested, []);
  assert.deepEqual(v.unsorted, ['cat9.jpg', 'odd1.jpg', 'odd2.jpg']);
});

test('a group emptied by edits disappears', () => {
  const { grouping, hashOf } = base();
  const v = replayEdits(grouping, hashOf, [{ kind: 'move', photos: [h('car1'), h('car2')], to: null }]);
  assert.equal(byName(v, 'car'), undefined);
  assert.equal(v.groups.length, 2);
});

test('edits naming groups or photos that do not exist are skipped, the rest still applies', () => {
  const { grouping, hashOf } = base();
  const cat = grouping.groups[1].id;
  const v = replayEdits(grouping, hashOf, [
    { kind: 'rename', group: 'g-gone', name: 'Ghost' },
    { kind: 'move', photos: [h('dog1')], to: 'g-gone' },
    { kind: 'merge', groups: ['g-gone', 'g-lost'] },
    { kind: 'exclude-group', group: 'u-zzzz' },
    { kind: 'move', photos: [h('nowhere'), h('dog2')], to: cat },
    { kind: 'split', photos: [h('nowhere')] },
    { kind: 'accept', photos: [h('dog4')], into: { [h('dog4')]: 'g-gone' } },
  ]);
  assert.deepEqual(v.groups.map((g) => g.name), ['dog', 'cat', 'car']);
  assert.equal(groupOf(v, 'dog1.jpg'), 'dog');
  assert.equal(groupOf(v, 'dog2.jpg'), 'cat');
  assert.deepEqual(byName(v, 'dog')!.suggested.map((s) => s.path), ['cat9.jpg', 'dog4.jpg'], 'accepted into a vanished group: still a suggestion');
});

test('a user name wins over a suggested name that a new grouping gives another group: no two groups share a name', () => {
  const { grouping, hashOf } = base();
  const [dog, cat] = grouping.groups.map((g) => g.id);
  const v = replayEdits(grouping, hashOf, [{ kind: 'rename', group: cat, name: 'DOG' }]);
  assert.deepEqual(v.groups.map((g) => g.name), ['dog 2', 'DOG', 'car']);
  assert.equal(v.groups[0].id, dog);
});

test('the plan takes every shown group with its suggested members, and leaves Unsorted and excluded photos out', () => {
  const { grouping, hashOf } = base();
  const dog = grouping.groups[0].id;
  const v = replayEdits(grouping, hashOf, [
    { kind: 'rename', group: dog, name: 'Dogs' },
    { kind: 'exclude', photos: [h('dog1')] },
    { kind: 'exclude-group', group: grouping.groups[2].id },
  ]);
  assert.deepEqual(toPlanGroups(v).map((g) => ({ ...g, files: sorted(g.files) })), [
    { name: 'Dogs', files: ['cat9.jpg', 'dog2.jpg', 'dog3.jpg', 'dog4.jpg'] },
    { name: 'cat', files: ['cat1.jpg', 'cat2.jpg', 'cat3.jpg'] },
  ]);
});

/** Makes each edit the way the session does (checked against the view it sees, stored with what it decided). */
function made(grouping: SuggestedGrouping, hashOf: Map<string, string>, edits: Edit[]): StoredEdit[] {
  const log: StoredEdit[] = [];
  for (const e of edits) {
    const view = replayEdits(grouping, hashOf, log);
    log.push(prepareEdit(e, view, hashOf, new Set()));
  }
  return log;
}

/** A view without ids: each group as its name and members, then Unsorted and excluded. */
const shape = (v: EditedGrouping) => ({ groups: v.groups.map((g) => `${g.name}: ${g.members.join(' ')}`).sort(), unsorted: v.unsorted, excluded: v.excluded });

test('exact copies: a bare hash names every copy, hash:path names one copy and leaves the other where it is', () => {
  const { grouping, hashOf } = suggest([{ name: 'dog', files: ['a/dog1.jpg', 'b/dog1.jpg', 'a/dog2.jpg'] }, { name: 'cat', files: ['a/cat1.jpg'] }], []);
  const cat = grouping.groups[1].id;
  const v = replayEdits(grouping, hashOf, [{ kind: 'move', photos: [h('dog1')], to: cat }]);
  assert.deepEqual(sorted(byName(v, 'cat')!.members), ['a/cat1.jpg', 'a/dog1.jpg', 'b/dog1.jpg']);
  const x = replayEdits(grouping, hashOf, [{ kind: 'exclude', photos: [`${h('dog1')}:b/dog1.jpg`] }]);
  assert.deepEqual(x.excluded, ['b/dog1.jpg'], 'only the copy named');
  assert.deepEqual(sorted(byName(x, 'dog')!.members), ['a/dog1.jpg', 'a/dog2.jpg']);
  const keys = new PhotoKeys(hashOf);
  assert.equal(keys.keyOf('a/dog2.jpg'), h('dog2'), 'a photo without copies is named by its hash');
  assert.equal(keys.keyOf('b/dog1.jpg'), `${h('dog1')}:b/dog1.jpg`);
  assert.deepEqual(keys.paths(`${h('dog1')}:c/renamed.jpg`), ['a/dog1.jpg', 'b/dog1.jpg'], 'a copy whose file is gone: the content, wherever it is');
});

test('edits hold on a grouping whose ids all changed: the same photos, groups and names (the slider went away and back)', () => {
  const first = suggest(
    [
      { name: 'dog', files: [...files('dog', 6), 'cat9.jpg'], suggested: { 'dog4.jpg': 0.6, 'cat9.jpg': 0.55 } },
      { name: 'retriever', files: files('ret', 4) },
      { name: 'cat', files: files('cat', 3) },
      { name: 'car', files: files('car', 2) },
    ],
    ['odd1.jpg', 'odd2.jpg'],
  );
  const [dog, ret, cat, car] = first.grouping.groups.map((g) => g.id);
  const log = made(first.grouping, first.hashOf, [
    { kind: 'merge', groups: [dog, ret] },
    { kind: 'rename', group: cat, name: 'Cats' },
    { kind: 'move', photos: [h('dog3')], to: car },
    { kind: 'exclude', photos: [h('odd1')] },
    { kind: 'split', photos: [h('dog1'), h('ret1')], name: 'Best dogs' },
    { kind: 'accept', photos: [h('cat9')] },
    { kind: 'reject', photos: [h('dog4')] },
  ]);
  const edited = replayEdits(first.grouping, first.hashOf, log);
  // The same partition under ids the identity matching never saw (what a slider trip away and back can give).
  const renamed = { ...first.grouping, groups: first.grouping.groups.map((g, i) => ({ ...g, id: `g-new${i}` })) };
  assert.deepEqual(shape(replayEdits(renamed, first.hashOf, log)), shape(edited));
  assert.equal(edited.groups.length, 4, 'dogs (merged), Best dogs, Cats, car');
  assert.deepEqual(sorted(byName(edited, 'dog')!.members), ['cat9.jpg', ...files('dog', 6).filter((f) => !['dog1.jpg', 'dog3.jpg', 'dog4.jpg'].includes(f)), ...files('ret', 4).slice(1)].sort());
});

test('edits hold on a coarser and a finer grouping: kept groups keep their photos, the rest follows the grouping', () => {
  const base = suggest(
    [
      { name: 'golden retriever', files: files('gold', 4) },
      { name: 'Shih-Tzu', files: files('shih', 3) },
      { name: 'tabby', files: files('tab', 5) },
    ],
    ['odd1.jpg'],
  );
  const [gold, shih] = base.grouping.groups.map((g) => g.id);
  const log = made(base.grouping, base.hashOf, [{ kind: 'merge', groups: [gold, shih] }]);
  assert.equal(replayEdits(base.grouping, base.hashOf, log).groups.length, 2);
  // Coarser: every animal in one suggested group. The merged dogs stay together and apart from the cats.
  const coarse = suggest([{ name: 'animal', files: [...files('gold', 4), ...files('shih', 3), ...files('tab', 5)] }], ['odd1.jpg'], base.grouping);
  const c = replayEdits(coarse.grouping, coarse.hashOf, log);
  assert.deepEqual(c.groups.map((g) => [g.name, g.members.length]).sort(), [['animal', 5], ['golden retriever', 7]]);
  assert.ok(c.groups.find((g) => g.name === 'golden retriever')!.kept);
  // Finer: each dog breed split in two; the merge still holds every dog in one group.
  const fine = suggest(
    [
      { name: 'golden retriever', files: files('gold', 2) },
      { name: 'puppy', files: files('gold', 2, 3) },
      { name: 'Shih-Tzu', files: files('shih', 3) },
      { name: 'tabby', files: files('tab', 5) },
    ],
    ['odd1.jpg'],
    coarse.grouping,
  );
  const f = replayEdits(fine.grouping, fine.hashOf, log);
  assert.deepEqual(f.groups.map((g) => [g.name, g.members.length]).sort(), [['golden retriever', 7], ['tabby', 5]]);
  // Back where the edit was made, whatever ids the trip left: as right after the merge.
  const back = suggest(
    [
      { name: 'golden retriever', files: files('gold', 4) },
      { name: 'Shih-Tzu', files: files('shih', 3) },
      { name: 'tabby', files: files('tab', 5) },
    ],
    ['odd1.jpg'],
    fine.grouping,
  );
  assert.deepEqual(shape(replayEdits(back.grouping, back.hashOf, log)), shape(replayEdits(base.grouping, base.hashOf, log)));
});

test('a group that takes a kept group’s id from the grouping gets an id of its own', () => {
  const base = suggest([{ name: 'dog', files: files('dog', 3) }, { name: 'cat', files: files('cat', 3) }], []);
  const [dog] = base.grouping.groups.map((g) => g.id);
  const log = made(base.grouping, base.hashOf, [{ kind: 'rename', group: dog, name: 'Rex' }]);
  const drifted = { ...base.grouping, groups: [{ ...base.grouping.groups[1], id: dog }, { ...base.grouping.groups[0], id: 'g-beef' }] };
  const v = replayEdits(drifted, base.hashOf, log);
  assert.deepEqual(v.groups.map((g) => g.name).sort(), ['Rex', 'cat']);
  assert.equal(new Set(v.groups.map((g) => g.id)).size, 2, 'ids stay distinct');
  assert.equal(byName(v, 'Rex')!.id, dog, 'the kept group keeps its id');
});

test('members keep the suggested order (most typical first), photos brought in by where they stood, suggestions last', () => {
  // The engine's order: most typical first, suggested members last.
  const grouping = {
    groups: [
      { id: 'g-aaaa', name: 'Dogs', files: ['d3.jpg', 'd1.jpg', 'd2.jpg', 'c9.jpg'], suggested: [{ path: 'c9.jpg', confidence: 0.4, reason: 'looks like: tabby' }] },
      { id: 'g-bbbb', name: 'Cats', files: ['c2.jpg', 'c1.jpg', 'c3.jpg'], suggested: [] },
    ],
    unsorted: ['x.jpg'],
  };
  const hashOf = new Map([...grouping.groups.flatMap((g) => g.files), 'x.jpg'].map((p) => [p, h(p)]));
  const v = replayEdits(grouping, hashOf, []);
  assert.deepEqual(v.groups[0].members, ['d3.jpg', 'd1.jpg', 'd2.jpg', 'c9.jpg']);
  assert.deepEqual(v.groups[0].suggested, [{ path: 'c9.jpg', confidence: 0.4, reason: 'looks like: tabby' }], 'the reason travels with the suggestion');
  // The first dog (most typical there) moved to the cats goes before their last; Unsorted photos come at the end.
  const w = replayEdits(grouping, hashOf, [
    { kind: 'move', photos: [h('d3.jpg'), h('x.jpg')], to: 'g-bbbb' },
    { kind: 'accept', photos: [h('c9.jpg')], into: { [h('c9.jpg')]: 'g-aaaa' } },
  ]);
  assert.deepEqual(w.groups[1].members, ['c2.jpg', 'd3.jpg', 'c1.jpg', 'c3.jpg', 'x.jpg']);
  assert.deepEqual(w.groups[0].members, ['d1.jpg', 'd2.jpg', 'c9.jpg'], 'an accepted suggestion keeps its place, no longer last for being suggested');
  assert.deepEqual(w.groups[0].suggested, []);
});

test('with a grouping that can name photos, groups the user made or changed are named from what they hold', () => {
  const namer = (groups: ReadonlyArray<readonly string[]>, taken: Iterable<string>) => {
    const used = new Set([...taken].map((n) => n.toLowerCase()));
    return groups.map((g) => {
      const cats = g.filter((p) => p.startsWith('cat')).length;
      let name = cats * 2 > g.length ? 'Cats' : 'Dogs';
      if (used.has(name.toLowerCase())) name = cats * 2 > g.length ? 'Tabbies' : 'Puppies';
      used.add(name.toLowerCase());
      return name;
    });
  };
  const { grouping, hashOf } = suggest([{ name: 'Dogs', files: files('dog', 4) }, { name: 'Cats', files: files('cat', 3) }], []);
  const named = { ...grouping, nameGroups: namer };
  // Split off two cats from the cats: "Cats" is taken by the group they left, so the new one is told apart.
  const v = replayEdits(named, hashOf, [{ kind: 'split', photos: [h('cat1'), h('cat2')] }]);
  assert.deepEqual(v.groups.map((g) => g.name), ['Dogs', 'Cats', 'Tabbies']);
  assert.ok(v.groups.every((g) => !/\d/.test(g.name)), 'never "Cats 2"');
  // A name the user typed wins, and the suggested group it would collide with is named apart.
  const w = replayEdits(named, hashOf, [{ kind: 'rename', group: grouping.groups[1].id, name: 'dogs' }]);
  assert.deepEqual(w.groups.map((g) => g.name), ['Puppies', 'dogs']);
  // Unchanged groups keep the engine's names.
  assert.deepEqual(replayEdits(named, hashOf, []).groups.map((g) => g.name), ['Dogs', 'Cats']);
});
