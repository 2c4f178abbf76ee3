// The media resolver: thumbnails and photos of opened folders are served; anything that could reach another file
// (.., encoded separators, NUL, absolute paths, links out, folders never opened) is refused with 403.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fullMediaPath, MediaRoots, parseMediaPath, thumbMediaPath } from '../electron/engine/service/media';
import { thumbnailPath } from '../electron/engine/paths';
import { tempDir } from './helpers';

const HASH = 'ab'.repeat(32);

function setup() {
  const base = fs.realpathSync(tempDir('likeness-media-'));
  const dataDir = path.join(base, 'data');
  const folder = path.join(base, 'Photos');
  const outside = path.join(base, 'secret');
  fs.mkdirSync(path.join(folder, 'Trip 2020', 'día'), { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(folder, 'Trip 2020', 'día', 'a b#1?.jpg'), 'photo');
  fs.writeFileSync(path.join(folder, 'top.jpg'), 'photo');
  fs.writeFileSync(path.join(outside, 'passwd'), 'secret');
  fs.mkdirSync(path.dirname(thumbnailPath(dataDir, HASH)), { recursive: true });
  fs.writeFileSync(thumbnailPath(dataDir, HASH), 'thumb');
  fs.writeFileSync(path.join(dataDir, 'library.sqlite'), 'db');
  const roots = new MediaRoots(dataDir);
  const key = roots.allowFolder(folder);
  return { base, dataDir, folder, outside, roots, key };
}

test('a cached thumbnail and a photo of an opened folder (unicode, spaces, # and ?) are served', async () => {
  const { roots, folder, dataDir } = setup();
  assert.deepEqual(await roots.resolve(thumbMediaPath(HASH)), { ok: true, file: thumbnailPath(dataDir, HASH) });
  const rel = 'Trip 2020/día/a b#1?.jpg';
  const media = fullMediaPath(folder, rel);
  assert.ok(!media.includes('#') && !media.includes('?') && !media.includes(' '), media);
  assert.deepEqual(await roots.resolve(media), { ok: true, file: path.join(folder, rel) });
});

test('dot-dot, encoded dots and encoded slashes or backslashes are refused with 403', async () => {
  const { roots, key } = setup();
  const attempts = [
    `full/${key}/../secret/passwd`,
    `full/${key}/Trip 2020/../../secret/passwd`,
    `full/${key}/%2e%2e/secret/passwd`,
    `full/${key}/%2E%2E/secret/passwd`,
    `full/${key}/..%2Fsecret%2Fpasswd`,
    `full/${key}/..%2fsecret%2fpasswd`,
    `full/${key}/..%5Csecret%5Cpasswd`,
    `full/${key}/..\\secret\\passwd`,
    `full/${key}/%252e%252e/secret/passwd`,
    `full/${key}/./top.jpg`,
    `thumb/../library.sqlite`,
    `thumb/..%2Flibrary.sqlite`,
    `thumb/ab/../../library.sqlite`,
  ];
  for (const a of attempts) {
    const r = await roots.resolve(a);
    assert.equal(r.ok, false, a);
    assert.equal(!r.ok && r.status, 403, a);
  }
});

test('NUL, absolute paths, drive letters and empty segments are refused with 403', async () => {
  const { roots, key, outside } = setup();
  for (const a of [
    `full/${key}/top.jpg\0.png`,
    `full/${key}/top.jpg%00.png`,
    `/full/${key}/top.jpg`,
    `full/${key}/${outside}/passwd`,
    `full/${key}//etc/passwd`,
    `full/${key}/C:/Windows/win.ini`,
    `full/${key}/C%3A%5CWindows`,
    encodeURIComponent(path.join(outside, 'passwd')),
  ]) {
    const r = await roots.resolve(a);
    assert.equal(!r.ok && r.status, 403, JSON.stringify(a));
  }
});

test('a folder that was never opened, an unknown kind or a malformed thumbnail name is refused', async () => {
  const { roots, outside } = setup();
  for (const a of [fullMediaPath(outside, 'passwd'), `full/0123456789abcdef/passwd`, `full/zz/passwd`, `files/x`, 'thumb/abc', `thumb/${HASH}.jpg`, `thumb/${HASH}/x`, `full/${''}`]) {
    const r = await roots.resolve(a);
    assert.equal(!r.ok && r.status, 403, a);
  }
});

test('a symlink leading out of the opened folder or the thumbnail cache is refused; one that stays inside is served', async (t) => {
  const { roots, folder, outside, dataDir, key } = setup();
  try {
    fs.symlinkSync(path.join(outside, 'passwd'), path.join(folder, 'innocent.jpg'));
  } catch {
    t.skip('symlinks not permitted here');
    return;
  }
  fs.symlinkSync(outside, path.join(folder, 'Linked folder'));
  fs.symlinkSync(path.join(folder, 'top.jpg'), path.join(folder, 'Trip 2020', 'alias.jpg'));
  const hash2 = 'cd'.repeat(32);
  fs.mkdirSync(path.dirname(thumbnailPath(dataDir, hash2)), { recursive: true });
  fs.symlinkSync(path.join(outside, 'passwd'), thumbnailPath(dataDir, hash2));

  for (const a of [`full/${key}/innocent.jpg`, `full/${key}/Linked%20folder/passwd`, thumbMediaPath(hash2)]) {
    const r = await roots.resolve(a);
    assert.equal(!r.ok && r.status, 403, a);
  }
  assert.deepEqual(await roots.resolve(fullMediaPath(folder, 'Trip 2020/alias.jpg')), { ok: true, file: path.join(folder, 'top.jpg') });
});

test('a missing file or a folder is 404, not 403 and never bytes', async () => {
  const { roots, folder } = setup();
  const missing = await roots.resolve(fullMediaPath(folder, 'nope.jpg'));
  assert.equal(!missing.ok && missing.status, 404);
  const dir = await roots.resolve(fullMediaPath(folder, 'Trip 2020'));
  assert.equal(!dir.ok && dir.status, 404);
  const thumb = await roots.resolve(thumbMediaPath('ef'.repeat(32)));
  assert.equal(!thumb.ok && thumb.status, 404);
});

test('parseMediaPath decodes each segment once', () => {
  assert.deepEqual(parseMediaPath('full/k/caf%C3%A9/%F0%9F%90%B6.jpg'), { ok: true, segments: ['full', 'k', 'café', '🐶.jpg'] });
  assert.equal(parseMediaPath('full/k/%E0%A4%A').ok, false);
});

test('an opened folder replaced by a symlink (or a parent of it) after opening serves nothing from the link target', async (t) => {
  const { roots, folder, outside, base, key } = setup();
  fs.renameSync(folder, path.join(base, 'Photos-moved'));
  try {
    fs.symlinkSync(outside, folder);
  } catch {
    t.skip('symlinks not permitted here');
    return;
  }
  const r = await roots.resolve(`full/${key}/passwd`);
  assert.equal(!r.ok && r.status, 403, JSON.stringify(r));
  // A folder above it swapped for a link: same answer.
  fs.rmSync(folder);
  const parent = path.join(base, 'Parent');
  const nested = path.join(parent, 'Inner');
  fs.mkdirSync(nested, { recursive: true });
  fs.writeFileSync(path.join(nested, 'ok.jpg'), 'photo');
  const innerKey = roots.allowFolder(nested);
  assert.equal((await roots.resolve(`full/${innerKey}/ok.jpg`)).ok, true);
  fs.mkdirSync(path.join(outside, 'Inner'));
  fs.writeFileSync(path.join(outside, 'Inner', 'ok.jpg'), 'secret');
  fs.renameSync(parent, path.join(base, 'Parent-moved'));
  fs.symlinkSync(outside, parent);
  const r2 = await roots.resolve(`full/${innerKey}/ok.jpg`);
  assert.equal(!r2.ok && r2.status, 403, JSON.stringify(r2));
});
