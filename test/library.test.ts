import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { Library, DATABASE_FILE, NewerSchemaError } from '../electron/engine/library/library';
import { MIGRATIONS, SCHEMA_VERSION } from '../electron/engine/library/migrations';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-lib-'));
}

test('a new library is created at the current schema version and reopens without re-running migrations', () => {
  const dir = tempDir();
  const lib = Library.open(dir);
  assert.equal(lib.schemaVersion, SCHEMA_VERSION);
  const id = lib.folderId('/photos');
  lib.close();
  const again = Library.open(dir);
  assert.equal(again.folderId('/photos'), id, 'folder identity survives reopening');
  again.close();
});

test('a database from a newer Likeness is refused with a clear message, not damaged', () => {
  const dir = tempDir();
  Library.open(dir).close();
  const db = new Database(path.join(dir, DATABASE_FILE));
  db.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
  db.close();
  assert.throws(() => Library.open(dir), NewerSchemaError);
});

test('features are stored per content and model, found again for every path with that content', () => {
  const lib = Library.open(tempDir());
  const folder = lib.folderId('/photos');
  const features = Float32Array.from({ length: 1280 }, (_, i) => Math.sin(i) * 3);
  lib.commit(folder, 'm1', {
    contents: [{ hash: 'h1', width: 4000, height: 3000, format: 'jpeg' }],
    embeddings: [{ hash: 'h1', features, top: [[207, 0.71]] }],
    files: [
      { path: 'DCIM/été_1.JPG', size: 10, mtimeMs: 1.5, hash: 'h1', status: 'photo', reason: null },
      { path: 'Backup/été_1.JPG', size: 10, mtimeMs: 2.5, hash: 'h1', status: 'photo', reason: null },
      { path: 'notes.txt', size: 3, mtimeMs: 1, hash: null, status: 'skipped', reason: 'not an image (text)' },
    ],
  });
  const photos = [...lib.photos(folder, 'm1')];
  assert.deepEqual(photos.map((p) => p.path), ['Backup/été_1.JPG', 'DCIM/été_1.JPG']);
  assert.deepEqual(photos[0].top, [[207, 0.71]]);
  assert.equal(photos[0].width, 4000);
  assert.deepEqual(lib.skipped(folder), [{ path: 'notes.txt', reason: 'not an image (text)' }]);
  assert.equal([...lib.photos(folder, 'other-model')].length, 0, 'another model has no features yet');
  assert.deepEqual(lib.pendingPhotos(folder, 'other-model'), ['Backup/été_1.JPG', 'DCIM/été_1.JPG']);
  const m = lib.features(folder, 'm1');
  assert.equal(m.dim, 1280);
  assert.equal(m.matrix.length, 2 * 1280);
  for (let i = 0; i < 1280; i++) assert.ok(Math.abs(m.matrix[1280 + i] - features[i]) <= Math.abs(features[i]) * 1e-3 + 1e-4);
  lib.close();
});

test('removing and updating file rows keeps one row per path', () => {
  const lib = Library.open(tempDir());
  const folder = lib.folderId('/p');
  lib.commit(folder, 'm', { files: [{ path: 'a.jpg', size: 1, mtimeMs: 1, hash: null, status: 'skipped', reason: 'file is truncated' }] });
  lib.commit(folder, 'm', { files: [{ path: 'a.jpg', size: 2, mtimeMs: 2, hash: 'x', status: 'photo', reason: null }] });
  assert.deepEqual([...lib.fileMap(folder).values()], [{ path: 'a.jpg', size: 2, mtimeMs: 2, hash: 'x', status: 'photo', reason: null }]);
  lib.commit(folder, 'm', { removed: ['a.jpg'] });
  assert.equal(lib.fileMap(folder).size, 0);
  lib.close();
});

test('a library from schema 1 is upgraded in place: data kept, signature column added', () => {
  const dir = tempDir();
  const db = new Database(path.join(dir, DATABASE_FILE));
  db.exec(MIGRATIONS[0].sql);
  db.pragma('user_version = 1');
  db.prepare("INSERT INTO contents (hash, width, height, format) VALUES ('h', 10, 20, 'png')").run();
  db.close();
  const lib = Library.open(dir);
  assert.equal(lib.schemaVersion, SCHEMA_VERSION);
  assert.ok(SCHEMA_VERSION >= 2);
  assert.deepEqual({ ...lib.content('h') }, { hash: 'h', width: 10, height: 20, format: 'png', signature: null });
  lib.commit(lib.folderId('/p'), 'm', { contents: [{ hash: 'h2', width: 1, height: 1, format: 'jpeg', signature: new Uint8Array([1, 2, 3]) }] });
  assert.deepEqual([...(lib.content('h2')!.signature as Uint8Array)], [1, 2, 3]);
  lib.close();
});
