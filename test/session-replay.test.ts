// Replaying edits on a suggested grouping (pure): each kind of edit does what a person expects, and the same
// edits keep their meaning on a later grouping whose members and ids have changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replayEdits, toPlanGroups, type EditedGrouping, type StoredEdit } from '../electron/engine/session';
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
  // A later move to the merged-away id lands in the merge target.
  const w = replayEdits(grouping, hashOf, [{ kind: 'merge', groups: [cat, car] }, { kind: 'move', photos: [h('odd1')], to: car }]);
  assert.equal(groupOf(w, 'odd1.jpg'), 'cat');
});

test('split makes a new user group with a deterministic u- id, named after where its photos came from', () => {
  const { grouping, hashOf } = base();
  const edit: StoredEdit = { kind: 'split', photos: [h('dog1'), h('dog2')] };
  const v = replayEdits(grouping, hashOf, [edit]);
  const made = v.groups.find((g) => g.userMade)!;
  assert.match(made.id, GROUP_ID);
  assert.equal(made.id, replayEdits(grouping, hashOf, [edit]).groups.find((g) => g.userMade)!.id, 'same photos, same id');
  assert.deepEqual(made.members, ['dog1.jpg', 'dog2.jpg']);
  assert.equal(made.renamed, false);
  assert.equal(made.name, 'dog 2', 'a name of its own, after its source group');
  assert.deepEqual(sorted(byName(v, 'dog')!.members), ['cat9.jpg', 'dog3.jpg', 'dog4.jpg']);
  const named = replayEdits(grouping, hashOf, [{ kind: 'split', photos: [h('dog1')], name: 'Puppies', group: 'u-1234' }]);
  assert.deepEqual(byName(named, 'Puppies'), { id: 'u-1234', name: 'Puppies', renamed: true, userMade: true, members: ['dog1.jpg'], suggested: [] });
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
  assert.deepEqual(byName(w, 'dog')!.members, ['dog2.jpg']);
});

test('accept makes a suggestion a firm member; reject sends it to Unsorted', () => {
  const { grouping, hashOf } = base();
  const dog = grouping.groups[0].id;
  const v = replayEdits(grouping, hashOf, [
    { kind: 'accept', photos: [h('dog4')], into: { [h('dog4')]: dog } },
    { kind: 'reject', photos: [h('cat9')] },
  ]);
  assert.deepEqual(byName(v, 'dog')!.members, ['dog1.jpg', 'dog2.jpg', 'dog3.jpg', 'dog4.jpg']);
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

test('exact copies share a hash: an edit of the hash moves every copy', () => {
  const { grouping, hashOf } = suggest([{ name: 'dog', files: ['a/dog1.jpg', 'b/dog1.jpg', 'a/dog2.jpg'] }, { name: 'cat', files: ['a/cat1.jpg'] }], []);
  const cat = grouping.groups[1].id;
  const v = replayEdits(grouping, hashOf, [{ kind: 'move', photos: [h('dog1')], to: cat }]);
  assert.deepEqual(byName(v, 'cat')!.members, ['a/cat1.jpg', 'a/dog1.jpg', 'b/dog1.jpg']);
  const x = replayEdits(grouping, hashOf, [{ kind: 'exclude', photos: [h('dog1')] }]);
  assert.deepEqual(x.excluded, ['a/dog1.jpg', 'b/dog1.jpg']);
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

test('edits survive a new grouping with changed members: names, moves, merges and exclusions hold', () => {
  const first = suggest(
    [
      { name: 'dog', files: [...files('dog', 6), 'cat9.jpg'], suggested: { 'dog4.jpg': 0.6, 'cat9.jpg': 0.55 } },
      { name: 'cat', files: files('cat', 3) },
      { name: 'car', files: files('car', 2) },
    ],
    ['odd1.jpg', 'odd2.jpg'],
  );
  const [dog, cat, car] = first.grouping.groups.map((g) => g.id);
  const edits: StoredEdit[] = [
    { kind: 'rename', group: dog, name: 'Dogs' },
    { kind: 'move', photos: [h('dog3')], to: cat },
    { kind: 'merge', groups: [cat, car] },
    { kind: 'exclude', photos: [h('odd1')] },
    { kind: 'split', photos: [h('dog1')], group: 'u-abcd', name: 'Best dog' },
    { kind: 'accept', photos: [h('cat9')], into: { [h('cat9')]: dog } },
    { kind: 'reject', photos: [h('dog4')] },
  ];
  // The folder changed: new dogs and cars arrived, the grouping put dog3, cat9 and dog4 elsewhere, odd1 in a group.
  const second = suggest(
    [
      { name: 'golden retriever', files: ['dog2.jpg', 'dog4.jpg', ...files('dog', 6, 5)] },
      { name: 'tabby', files: [...files('cat', 3), 'dog1.jpg', 'cat9.jpg'] },
      { name: 'sports car', files: [...files('car', 5), 'dog3.jpg', 'odd1.jpg'] },
    ],
    ['odd2.jpg'],
    first.grouping,
  );
  assert.deepEqual(second.grouping.groups.map((g) => g.id), [dog, cat, car], 'ids carried over by overlap');
  const v = replayEdits(second.grouping, second.hashOf, edits);
  const dogs = byName(v, 'Dogs')!;
  assert.equal(dogs.id, dog, 'the renamed group keeps its name as it gains photos');
  assert.deepEqual(sorted(dogs.members), ['cat9.jpg', 'dog10.jpg', 'dog2.jpg', 'dog5.jpg', 'dog6.jpg', 'dog7.jpg', 'dog8.jpg', 'dog9.jpg'], 'cat9 stays accepted into it');
  assert.equal(groupOf(v, 'dog3.jpg'), 'tabby', 'the moved photo stays where the user put it');
  assert.equal(groupOf(v, 'car5.jpg'), 'tabby', 'new photos of the merged-away group follow the merge');
  assert.equal(byName(v, 'sports car'), undefined);
  assert.equal(groupOf(v, 'odd1.jpg'), 'excluded', 'excluded stays excluded');
  assert.equal(groupOf(v, 'dog1.jpg'), 'Best dog', 'the split group is made again');
  assert.equal(groupOf(v, 'dog4.jpg'), 'Unsorted', 'a rejected suggestion stays in Unsorted');
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
