// The grouping session around the replay: edits are checked against what the user sees, stored in the library
// (so a new process sees the same groups), undone and redone, and re-applied to a new suggested grouping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Library } from '../electron/engine/library/library';
import { EditError, GroupingSession, type EditedGrouping } from '../electron/engine/session';
import { files, h, suggest } from './session-fixtures';

const FOLDER = '/photos';
const MODEL = 'mobilenetv2-int8';

function tempLibrary(): { dir: string; lib: Library; folder: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-session-'));
  const lib = Library.open(dir);
  return { dir, lib, folder: lib.folderId(FOLDER) };
}

function base() {
  return suggest(
    [
      { name: 'dog', files: [...files('dog', 6), 'cat9.jpg'], suggested: { 'dog6.jpg': 0.6, 'cat9.jpg': 0.55 } },
      { name: 'cat', files: files('cat', 3) },
      { name: 'car', files: files('car', 2) },
    ],
    ['odd1.jpg'],
  );
}

/** A session over the base grouping, in a new library. */
function opened() {
  const { dir, lib, folder } = tempLibrary();
  const { grouping, hashOf } = base();
  const s = GroupingSession.open(lib, folder, MODEL);
  s.view(grouping, hashOf);
  return { dir, lib, folder, grouping, hashOf, s };
}

const names = (v: EditedGrouping) => v.groups.map((g) => g.name);
const groupOf = (v: EditedGrouping, p: string) => v.groups.find((g) => g.members.includes(p))?.name ?? (v.unsorted.includes(p) ? 'Unsorted' : v.excluded.includes(p) ? 'excluded' : 'missing');

test('an edit changes the view; undo reverts it and redo makes it again, with labels for the buttons', () => {
  const { lib, grouping, s } = opened();
  const [dog, cat, car] = grouping.groups.map((g) => g.id);
  assert.equal(s.canUndo, false);
  assert.equal(s.canRedo, false);

  s.edit({ kind: 'rename', group: dog, name: 'Dogs' });
  s.edit({ kind: 'merge', groups: [cat, car, dog] });
  s.edit({ kind: 'move', photos: files('dog', 5).map((f) => h(f.replace('.jpg', ''))), to: null });
  assert.equal(s.undoLabel, 'move 5 photos to Unsorted');
  assert.deepEqual(names(s.current()), ['cat']);
  assert.equal(s.current().unsorted.length, 6);

  assert.ok(s.undo());
  assert.equal(s.undoLabel, 'merge 3 groups');
  assert.equal(s.redoLabel, 'move 5 photos to Unsorted');
  assert.ok(s.undo());
  assert.deepEqual(names(s.current()), ['Dogs', 'cat', 'car']);
  assert.equal(s.undoLabel, 'rename “Dogs”');
  assert.ok(s.redo());
  assert.deepEqual(names(s.current()), ['cat']);
  assert.deepEqual(s.current().groups[0].members.length, 12);
  assert.ok(s.undo());
  assert.ok(s.undo());
  assert.deepEqual(names(s.current()), ['dog', 'cat', 'car']);
  assert.equal(s.canUndo, false);
  assert.equal(s.undo(), null, 'nothing left to undo');
  lib.close();
});

test('a new edit after undo drops what could have been redone', () => {
  const { lib, folder, grouping, s } = opened();
  const [dog, cat] = grouping.groups.map((g) => g.id);
  s.edit({ kind: 'rename', group: dog, name: 'Dogs' });
  s.edit({ kind: 'rename', group: cat, name: 'Cats' });
  s.undo();
  s.undo();
  assert.equal(s.canRedo, true);
  s.edit({ kind: 'rename', group: cat, name: 'Kittens' });
  assert.equal(s.canRedo, false);
  assert.equal(s.redo(), null);
  assert.deepEqual(names(s.current()), ['dog', 'Kittens', 'car']);
  assert.deepEqual(lib.edits(folder, MODEL).map((r) => JSON.parse(r.edit).name), ['Kittens'], 'the dropped edits are gone from the database');
  lib.close();
});

test('the edits and the undo position are stored: a reopened library shows the same groups', () => {
  const { dir, lib, grouping, hashOf, s } = opened();
  const dog = grouping.groups[0].id;
  s.edit({ kind: 'rename', group: dog, name: 'Dogs' });
  const split = s.edit({ kind: 'split', photos: [h('dog1'), h('dog2')], name: 'Puppies' });
  s.edit({ kind: 'exclude', photos: [h('odd1')] });
  s.edit({ kind: 'accept', photos: [h('dog6')] });
  s.edit({ kind: 'move', photos: [h('cat1')], to: dog });
  s.undo();
  const before = s.current();
  lib.close();

  const lib2 = Library.open(dir);
  const again = GroupingSession.open(lib2, lib2.folderId(FOLDER), MODEL);
  assert.deepEqual(again.view(grouping, hashOf), before);
  assert.equal(again.redoLabel, 'move 1 photo');
  assert.equal(again.undoLabel, 'accept 1 photo');
  again.redo();
  assert.equal(groupOf(again.current(), 'cat1.jpg'), 'Dogs');
  assert.equal(groupOf(again.current(), 'dog1.jpg'), 'Puppies');
  assert.equal(again.current().groups.find((g) => g.name === 'Puppies')!.id, split.kind === 'split' ? split.group : '');
  assert.deepEqual(GroupingSession.open(lib2, lib2.folderId('/other'), MODEL).view(grouping, hashOf).excluded, [], 'another folder has its own edits');
  lib2.close();
});

test('a split is given a new u- group id, distinct from earlier splits of the same photos', () => {
  const { lib, grouping, s } = opened();
  const first = s.edit({ kind: 'split', photos: [h('dog1')] });
  assert.ok(first.kind === 'split' && /^[gu]-[0-9a-z]{2,16}$/.test(first.group!) && first.group!.startsWith('u-'));
  s.edit({ kind: 'move', photos: [h('dog1')], to: grouping.groups[0].id });
  const second = s.edit({ kind: 'split', photos: [h('dog1')] });
  assert.ok(second.kind === 'split');
  assert.notEqual(second.group, first.group, 'the emptied group and the new one are not confused');
  assert.equal(s.current().groups.filter((g) => g.userMade).length, 1);
  lib.close();
});

test('edits that cannot be made are refused with a clear message and nothing is stored', () => {
  const { lib, folder } = tempLibrary();
  const { grouping, hashOf } = base();
  const [dog, cat] = grouping.groups.map((g) => g.id);
  const s = GroupingSession.open(lib, folder, MODEL);
  assert.throws(() => s.edit({ kind: 'rename', group: dog, name: 'x' }), /no grouping yet/);
  s.view(grouping, hashOf);
  assert.throws(() => s.edit({ kind: 'rename', group: 'g-nope', name: 'Dogs' }), (e: Error) => e instanceof EditError && /no group g-nope/.test(e.message));
  assert.throws(() => s.edit({ kind: 'rename', group: cat, name: ' DOG ' }), /already a group named “dog”; merge/);
  assert.throws(() => s.edit({ kind: 'merge', groups: [dog, 'g-nope'] }), /no group g-nope/);
  assert.throws(() => s.edit({ kind: 'move', photos: [h('elsewhere')], to: cat }), /not in this folder's groups/);
  assert.throws(() => s.edit({ kind: 'accept', photos: [h('dog1')] }), /only suggested photos can be accepted/);
  assert.throws(() => s.edit({ kind: 'accept', photos: [h('dog6'), h('dog1')] }), /^EditError: 1 of the photos is not a suggestion; only suggested photos can be accepted$/);
  assert.throws(() => s.edit({ kind: 'include', photos: [h('dog1')] }), /none of these photos is excluded/);
  assert.throws(() => s.edit({ kind: 'split', photos: [h('dog1')], name: 'Cat' }), /already a group named “cat”/);
  assert.throws(() => s.edit({ kind: 'rename', group: dog, name: '   ' } as never), /not a valid edit/);
  assert.equal(s.canUndo, false);
  assert.deepEqual(lib.edits(folder, MODEL), []);
  s.edit({ kind: 'rename', group: dog, name: 'Dog' });
  assert.deepEqual(names(s.current()), ['Dog', 'cat', 'car'], 'renaming a group to its own name in other case is fine');
  lib.close();
});

test('exact copies: excluding and moving one hash carries every copy', () => {
  const { lib, folder } = tempLibrary();
  const { grouping, hashOf } = suggest([{ name: 'dog', files: ['a/dog1.jpg', 'b/dog1.jpg', 'a/dog2.jpg'] }, { name: 'cat', files: ['a/cat1.jpg', 'a/cat2.jpg'] }], []);
  const s = GroupingSession.open(lib, folder, MODEL);
  s.view(grouping, hashOf);
  s.edit({ kind: 'move', photos: [h('dog1')], to: grouping.groups[1].id });
  assert.deepEqual([...s.current().groups[1].members].sort(), ['a/cat1.jpg', 'a/cat2.jpg', 'a/dog1.jpg', 'b/dog1.jpg']);
  s.edit({ kind: 'exclude', photos: [h('dog1')] });
  assert.deepEqual(s.current().excluded, ['a/dog1.jpg', 'b/dog1.jpg']);
  lib.close();
});

test('stored edits are re-applied to a new suggested grouping after the folder changed, in a new process', () => {
  const { dir, lib, folder } = tempLibrary();
  const first = base();
  const [dog, cat, car] = first.grouping.groups.map((g) => g.id);
  const s = GroupingSession.open(lib, folder, MODEL);
  s.view(first.grouping, first.hashOf);
  s.edit({ kind: 'rename', group: dog, name: 'My dogs' });
  s.edit({ kind: 'move', photos: [h('dog5')], to: cat });
  s.edit({ kind: 'merge', groups: [cat, car] });
  s.edit({ kind: 'exclude', photos: [h('odd1')] });
  s.edit({ kind: 'accept', photos: [h('cat9')] });
  lib.close();

  // New photos arrived and the grouping changed its mind about several old ones.
  const second = suggest(
    [
      { name: 'golden retriever', files: [...files('dog', 4), 'dog5.jpg', ...files('dog', 3, 10)] },
      { name: 'tabby', files: [...files('cat', 3), 'cat4.jpg'] },
      { name: 'sports car', files: [...files('car', 4), 'odd1.jpg', 'cat9.jpg'], suggested: { 'cat9.jpg': 0.7 } },
    ],
    ['dog6.jpg'],
    first.grouping,
  );
  assert.deepEqual(second.grouping.groups.map((g) => g.id), [dog, cat, car]);
  const lib2 = Library.open(dir);
  const v = GroupingSession.open(lib2, lib2.folderId(FOLDER), MODEL).view(second.grouping, second.hashOf);
  // The groups the user touched keep their photos and names; the new photos follow the new grouping.
  assert.deepEqual(names(v), ['golden retriever', 'My dogs', 'tabby', 'cat', 'sports car'], 'each kept group after the suggested group its photos come from');
  assert.equal(groupOf(v, 'dog1.jpg'), 'My dogs', 'the renamed group keeps its photos and name');
  assert.equal(groupOf(v, 'dog11.jpg'), 'golden retriever', 'a new photo follows the grouping');
  assert.equal(groupOf(v, 'dog5.jpg'), 'cat', 'a moved photo stays where the user put it');
  assert.equal(groupOf(v, 'car1.jpg'), 'cat', 'the merged group keeps the photos merged into it');
  assert.equal(groupOf(v, 'car4.jpg'), 'sports car');
  assert.equal(groupOf(v, 'odd1.jpg'), 'excluded');
  assert.equal(groupOf(v, 'cat9.jpg'), 'My dogs', 'an accepted photo stays in the group it was accepted into');
  lib2.close();
});

test('slider moves are in the log: undone and redone with the edits, and the folder reopens where the slider was left', () => {
  const { dir, lib, folder } = tempLibrary();
  const { grouping, hashOf } = base();
  const s = GroupingSession.open(lib, folder, MODEL);
  s.view(grouping, hashOf);
  assert.equal(s.granularity, null, 'never moved');
  s.edit({ kind: 'rename', group: grouping.groups[0].id, name: 'Dogs' });
  s.moveSlider(0.5, 0.8);
  s.moveSlider(0.8, 0.3);
  assert.equal(s.granularity, 0.3);
  assert.equal(s.undoLabel, 'slider 0.80 → 0.30');
  assert.deepEqual(s.undo(), { kind: 'granularity', from: 0.8, to: 0.3 });
  assert.equal(s.granularity, 0.8, 'an undone move no longer counts');
  assert.equal(s.redoLabel, 'slider 0.80 → 0.30');
  // The replay ignores the slider's entries: the rename still holds.
  assert.deepEqual(names(s.view(grouping, hashOf)), ['Dogs', 'cat', 'car']);
  lib.close();
  const again = Library.open(dir);
  assert.equal(GroupingSession.open(again, again.folderId(FOLDER), MODEL).granularity, 0.8, 'stored: a restart reopens at 0.8');
  again.close();
});
