// The plan, before anything moves: folder names valid everywhere, no name collision ever overwriting, sidecars
// travelling with their photo, same-named groups merged, and bad plan files refused with the reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { distinctFolderNames, safeFolderName } from '../electron/engine/organize/folder-names';
import { buildPlan, previewOf, type FolderFacts } from '../electron/engine/organize/plan';
import { badPath, groupsOfPlanFile, parsePlanFile, PlanError, validatePlanGroups } from '../electron/engine/organize/plan-input';
import { companionName, findSidecars, metadataPhotoName } from '../electron/engine/organize/sidecars';
import { findCompanions } from '../electron/engine/scan/companions';

test('folder names are valid on Windows, macOS and Linux at once', () => {
  assert.equal(safeFolderName('CON'), 'CON_');
  assert.equal(safeFolderName('lpt1.txt'), 'lpt1.txt_');
  assert.equal(safeFolderName('a:b*c?"d"<e>|f/g\\h'), 'a-b-c--d--e--f-g-h');
  assert.equal(safeFolderName('  dogs...  '), 'dogs');
  assert.equal(safeFolderName('...'), 'Group');
  assert.equal(safeFolderName('tab\there\u0001'), 'tab here-');
  const long = safeFolderName('é'.repeat(300));
  assert.ok(Buffer.byteLength(long) <= 200, 'at most 200 bytes, room for a suffix within 255');
  assert.equal(safeFolderName('e\u0301te\u0301'), 'été', 'NFC');
});

test('names that one file system would treat as the same folder get numbered, and existing folders are joined', () => {
  assert.deepEqual(distinctFolderNames(['Dogs', 'dogs', 'DOGS']), ['Dogs', 'dogs (2)', 'DOGS (3)']);
  assert.deepEqual(distinctFolderNames(['été', 'e\u0301te\u0301']), ['été', 'été (2)']);
  assert.deepEqual(distinctFolderNames(['Cats', 'cats'], new Map([['cats', 'cats']])), ['cats', 'cats (2)']);
});

test('sidecars belong to the photo with their base name; an ambiguous one stays', () => {
  const siblings = ['IMG_1.JPG', 'IMG_1.xmp', 'IMG_1.JPG.json', 'IMG_1.CR2', 'img_1.mov', 'IMG_2.jpg', 'IMG_2.png', 'IMG_2.aae', 'notes.txt', 'IMG_3.txt'];
  const photos = ['IMG_1.JPG', 'IMG_2.jpg', 'IMG_2.png'];
  const r = findSidecars(photos, siblings, (n) => photos.includes(n));
  assert.deepEqual(r.companions.get('IMG_1.JPG'), ['IMG_1.CR2', 'IMG_1.JPG.json', 'IMG_1.xmp', 'img_1.mov']);
  assert.equal(r.companions.get('IMG_2.jpg'), undefined);
  assert.deepEqual(r.ambiguous, [{ name: 'IMG_2.aae', photos: ['IMG_2.jpg', 'IMG_2.png'] }]);
  assert.equal(companionName('IMG_1.xmp', 'IMG_1.JPG', 'IMG_1 (2).JPG'), 'IMG_1 (2).xmp');
  assert.equal(companionName('IMG_1.JPG.json', 'IMG_1.JPG', 'IMG_1 (2).JPG'), 'IMG_1 (2).JPG.json');
});

/** Facts of an imaginary disk: photos with sizes, and other files. */
function facts(root: string, photos: string[], others: string[] = []): FolderFacts {
  const all = [...photos, ...others].map((r) => path.join(root, r));
  return {
    photoCount: photos.length,
    photo: (rel) => (photos.includes(rel) ? { size: 10, mtimeMs: 1, hash: 'h'.repeat(64) } : undefined),
    entries: (dir) => [...new Set(all.filter((a) => path.dirname(a) === dir).map((a) => path.basename(a)).concat(all.filter((a) => a.startsWith(dir + path.sep) && path.dirname(a) !== dir).map((a) => a.slice(dir.length + 1).split(path.sep)[0])))],
    fileFacts: (abs) => (all.includes(abs) ? { size: 3, mtimeMs: 1 } : undefined),
  };
}

test('the plan never overwrites: taken names get a numbered suffix, shown in the preview, and sidecars follow it', () => {
  const root = '/p';
  const f = facts(root, ['a/IMG_1.jpg', 'b/IMG_1.jpg', 'Dogs/IMG_9.jpg', 'c.jpg', 'keep.jpg'], ['a/IMG_1.xmp', 'Dogs/IMG_1.jpg.bak', 'Dogs/IMG_2.jpg']);
  const plan = buildPlan('id', root, root, 'move', [{ name: 'Dogs', files: ['a/IMG_1.jpg', 'b/IMG_1.jpg', 'Dogs/IMG_9.jpg'] }, { name: 'Cats', files: ['c.jpg'] }], f);
  const ops = plan.operations.map((o) => [path.relative(root, o.from), path.relative(root, o.to), o.renamed]);
  assert.deepEqual(ops, [
    ['a/IMG_1.jpg', 'Dogs/IMG_1.jpg', false],
    ['a/IMG_1.xmp', 'Dogs/IMG_1.xmp', false],
    ['b/IMG_1.jpg', 'Dogs/IMG_1 (2).jpg', true],
    ['c.jpg', 'Cats/c.jpg', false],
  ]);
  assert.equal(plan.inPlace, 1, 'Dogs/IMG_9.jpg is already in Dogs');
  assert.equal(plan.untouched, 1, 'keep.jpg is in no group');
  assert.deepEqual(plan.newDirs, ['/p/Cats']);
  const preview = previewOf(plan);
  assert.deepEqual(preview.folders, [{ folder: 'Cats', count: 1 }, { folder: 'Dogs', count: 3 }]);
  assert.equal(preview.operations[2].renamed, true);
  assert.equal(preview.operations[1].companionOf, 'a/IMG_1.jpg');
});

test('a suffix is chosen so that the photo and every sidecar are free together', () => {
  const root = '/p';
  const f = facts(root, ['x/IMG_1.jpg'], ['x/IMG_1.xmp', 'G/IMG_1.xmp', 'G/IMG_1 (2).xmp']);
  const plan = buildPlan('id', root, root, 'copy', [{ name: 'G', files: ['x/IMG_1.jpg'] }], f);
  assert.deepEqual(plan.operations.map((o) => path.basename(o.to)), ['IMG_1 (3).jpg', 'IMG_1 (3).xmp']);
});

test('groups with the same name become one folder; a target elsewhere receives the folders', () => {
  const f = facts('/p', ['1.jpg', '2.jpg']);
  const plan = buildPlan('id', '/p', '/out', 'copy', [{ name: 'Sea', files: ['1.jpg'] }, { name: 'Sea', files: ['2.jpg'] }], f);
  assert.deepEqual(plan.operations.map((o) => o.to), ['/out/Sea/1.jpg', '/out/Sea/2.jpg']);
});

test('plan paths must be relative, inside the folder and known photos; contradictions are refused', () => {
  assert.match(badPath('/etc/passwd')!, /absolute/);
  assert.match(badPath('C:/x.jpg')!, /absolute/);
  assert.match(badPath('a/../../x.jpg')!, /leave the folder/);
  assert.match(badPath('a//b.jpg')!, /empty/);
  assert.match(badPath('a\\b.jpg', 'win32')!, /"\/"/);
  assert.equal(badPath('a\\b.jpg', 'linux'), null, 'a backslash is a legal name character on Linux');
  assert.equal(badPath('DCIM/été 1.JPG'), null);
  const known = new Set(['a.jpg', 'b.jpg']);
  assert.throws(() => validatePlanGroups([{ name: 'X', files: ['a.jpg', 'nope.jpg', '../b.jpg'] }], (r) => known.has(r)), (e: unknown) => {
    assert.ok(e instanceof PlanError);
    assert.equal(e.problems.length, 2);
    assert.match(e.message, /unknown path/);
    return true;
  });
  assert.throws(() => validatePlanGroups([{ name: 'X', files: ['a.jpg'] }, { name: 'Y', files: ['a.jpg'] }], (r) => known.has(r)), /two groups/);
  assert.throws(() => validatePlanGroups([{ name: '  ', files: ['a.jpg'] }], (r) => known.has(r)), /no name/);
  assert.deepEqual(validatePlanGroups([{ name: 'X', files: ['a.jpg'] }, { name: 'X', files: ['a.jpg', 'b.jpg'] }], (r) => known.has(r)), [
    { name: 'X', files: ['a.jpg'] },
    { name: 'X', files: ['b.jpg'] },
  ]);
});

test('a plan file is the cluster report; photos listed in unsorted stay; anything else is refused with a reason', () => {
  const file = parsePlanFile(JSON.stringify({ folder: '/p', groups: [{ id: 'g-1', name: 'Dogs', files: ['a.jpg', 'b.jpg'], suggested: [] }], unsorted: ['b.jpg', { name: 'Cats', files: ['c.jpg'] }], duplicates: [] }));
  assert.deepEqual(groupsOfPlanFile(file), [{ name: 'Dogs', files: ['a.jpg'] }]);
  assert.throws(() => parsePlanFile('{"groups": 3}'), /groups/);
  assert.throws(() => parsePlanFile('not json'), /not valid JSON/);
});

test('edit metadata named the ways phones, editors and Google Takeout name it goes with its photo', () => {
  assert.equal(metadataPhotoName('IMG_1.JPG.xmp'), 'IMG_1.JPG');
  assert.equal(metadataPhotoName('IMG_1.xmp'), null, 'a base name only');
  assert.equal(metadataPhotoName('IMG_1.JPG.supplemental-metadata.json'), 'IMG_1.JPG');
  assert.equal(metadataPhotoName('IMG_1.JPG.supp.json'), 'IMG_1.JPG', 'Takeout cuts long names short');
  assert.equal(metadataPhotoName('IMG_1.JPG(1).json'), 'IMG_1(1).JPG', 'Takeout numbers the photo before its extension, the sidecar after');
  assert.equal(metadataPhotoName('IMG_1.JPG.supplemental-metadata(2).json'), 'IMG_1(2).JPG');
  const siblings = ['IMG_1.JPG', 'IMG_1(1).JPG', 'IMG_1.JPG.supplemental-metadata.json', 'IMG_1.JPG(1).json', 'IMG_2.JPG', 'IMG_2.CR2', 'IMG_2.CR2.xmp', 'metadata.json'];
  const photos = ['IMG_1.JPG', 'IMG_1(1).JPG', 'IMG_2.JPG'];
  const r = findSidecars(photos, siblings, (n) => photos.includes(n));
  assert.deepEqual(r.companions.get('IMG_1.JPG'), ['IMG_1.JPG.supplemental-metadata.json']);
  assert.deepEqual(r.companions.get('IMG_1(1).JPG'), ['IMG_1.JPG(1).json']);
  assert.deepEqual(r.companions.get('IMG_2.JPG'), ['IMG_2.CR2', 'IMG_2.CR2.xmp'], 'the RAW’s own edits go where the RAW goes');
  assert.deepEqual(r.ambiguous, []);
  assert.equal(companionName('IMG_1.JPG(1).json', 'IMG_1(1).JPG', 'IMG_1(1) (2).JPG'), 'IMG_1(1) (2).JPG.json');
  assert.equal(companionName('IMG_2.CR2.xmp', 'IMG_2.JPG', 'IMG_2 (2).JPG'), 'IMG_2 (2).CR2.xmp');
  // The index agrees: each of these travels with a photo, so none is reported as a file that failed to be one.
  const travel = findCompanions(siblings.map((n) => `DCIM/${n}`));
  assert.deepEqual([...travel.keys()].sort(), ['IMG_1.JPG(1).json', 'IMG_1.JPG.supplemental-metadata.json', 'IMG_2.CR2', 'IMG_2.CR2.xmp'].map((n) => `DCIM/${n}`));
  assert.equal(travel.get('DCIM/IMG_1.JPG(1).json'), 'DCIM/IMG_1(1).JPG');
  const notes = findCompanions(['notes.txt', 'notes.xmp', 'clip.mp4', 'clip.xmp', 'MVI_3.MOV', 'MVI_3.THM', 'IMG_4.CR2', 'IMG_4.CR2.pp3']);
  assert.deepEqual(new Map(notes), new Map([['clip.xmp', 'clip.mp4'], ['MVI_3.THM', 'MVI_3.MOV'], ['IMG_4.CR2.pp3', 'IMG_4.CR2']]), 'metadata beside a text file is not a sidecar; beside a video or a RAW it is, and so is a movie’s thumbnail');
});
