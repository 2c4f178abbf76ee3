// A Mac's Pictures folder holds the Photos library, Lightroom's previews and Photo Booth's library beside a person's
// own photos. Their files belong to those applications: indexing never opens them (each is reported once, with
// why), and organizing never moves files out of one or writes into one, which would break that application.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { walkFolder } from '../electron/engine/scan/walk';
import { enclosingLibrary, managedLibraryOf } from '../electron/engine/scan/managed-libraries';
import { applyPlan, makePlan, TargetError } from '../electron/engine/organize';
import { checkOutsideLibraries } from '../electron/engine/organize/target-check';
import { makeFolder, registerPhotos, snapshot } from './organize-fixtures';
import { tempDir } from './helpers';

const PICTURES = {
  'Holiday/beach.jpg': 'sea',
  'Photos Library.photoslibrary/originals/A/IMG_1.jpeg': 'original',
  'Photos Library.photoslibrary/resources/derivatives/A/IMG_1_1_105_c.jpeg': 'derivative',
  'Lightroom/Catalog Previews.lrdata/0/0A1B.lrprev': 'preview',
  'Lightroom/Catalog Smart Previews.lrdata/0/IMG_2.dng': 'smart preview',
  'Photo Booth Library/Pictures/Photo on 1-1-26.jpg': 'booth',
};

test('the walk lists a person’s photos and reports each application library once, never what is inside', async () => {
  const fx = makeFolder(PICTURES);
  const files: string[] = [];
  const skipped = new Map<string, string>();
  for await (const f of walkFolder(fx.root, { onSkip: (p, why) => skipped.set(p, why) })) files.push(f.path);
  assert.deepEqual(files, ['Holiday/beach.jpg']);
  assert.deepEqual([...skipped.keys()].sort(), ['Lightroom/Catalog Previews.lrdata', 'Lightroom/Catalog Smart Previews.lrdata', 'Photo Booth Library', 'Photos Library.photoslibrary']);
  assert.match(skipped.get('Photos Library.photoslibrary')!, /^an Apple Photos library: not opened \(the application keeps its files there, and moving them would damage it\)$/);
  assert.match(skipped.get('Photo Booth Library')!, /^a Photo Booth library: /);
  assert.equal(managedLibraryOf('Vacation.photoslibrary.zip'), null, 'an archive of one is a file, and no library');
  assert.equal(managedLibraryOf('My.Photos'), null);
  assert.equal(managedLibraryOf('Lightroom Library.lrlibrary'), 'a Lightroom library', 'Lightroom (cloud) keeps its originals there');
  assert.equal(enclosingLibrary('/Users/a/Pictures/Photos Library.photoslibrary/originals/A')?.path, '/Users/a/Pictures/Photos Library.photoslibrary');
  assert.throws(() => checkOutsideLibraries('/Users/a/Pictures/Photos Library.photoslibrary/originals', '/Users/a/Sorted', 'move'), /^Error: \/Users\/a\/Pictures\/Photos Library.photoslibrary\/originals is inside an Apple Photos library \(\/Users\/a\/Pictures\/Photos Library.photoslibrary\): moving its files/);
  checkOutsideLibraries('/Users/a/Pictures/Photos Library.photoslibrary/originals', '/Users/a/Sorted', 'copy'); // copying out is allowed
  assert.throws(() => checkOutsideLibraries('/Users/a/Pictures/Holiday', '/Users/a/Pictures/Lightroom/Catalog Previews.lrdata/x', 'copy'), /the destination .* is inside Lightroom previews/);
});

test('photos inside an application library may be copied out, never moved out, and nothing is written into one', async () => {
  // The library opened as the folder (a person who found it and opened it anyway), indexed as any folder is.
  const root = path.join(fs.realpathSync(tempDir()), 'Photos Library.photoslibrary');
  const dataDir = tempDir('likeness-data-');
  for (const [rel, text] of [['originals/A/IMG_1.jpg', 'one'], ['originals/B/IMG_2.jpg', 'two']]) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  registerPhotos(root, dataDir, ['originals/A/IMG_1.jpg', 'originals/B/IMG_2.jpg']);
  const groups = [{ name: 'Numbers', files: ['originals/A/IMG_1.jpg', 'originals/B/IMG_2.jpg'] }];
  const before = snapshot(root);

  await assert.rejects(makePlan({ folder: root, dataDir, groups, mode: 'copy' }), (e: Error) => e instanceof TargetError && /is an Apple Photos library: that application keeps its files there, and new folders in it would damage it; choose a folder outside it$/.test(e.message));
  const outside = tempDir('likeness-out-');
  await assert.rejects(makePlan({ folder: root, dataDir, groups, target: outside, mode: 'move' }), (e: Error) => e instanceof TargetError && /is an Apple Photos library: moving its files would damage that library; copy them to a folder outside it instead$/.test(e.message));
  const result = await applyPlan(await makePlan({ folder: root, dataDir, groups, target: outside, mode: 'copy' }), { dataDir });
  assert.deepEqual(result.failed, []);
  const copied = snapshot(outside);
  assert.deepEqual([copied['Numbers/IMG_1.jpg'], copied['Numbers/IMG_2.jpg']], [before['originals/A/IMG_1.jpg'], before['originals/B/IMG_2.jpg']], 'both copied out');
  assert.deepEqual(snapshot(root), before, 'the library is as it was');
});
