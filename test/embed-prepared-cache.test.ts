// Prepared graphs kept between runs: the second load of a model skips the surgery and opens the kept graph, gives
// the same features, and a replaced model file or a damaged cache entry is prepared again, never trusted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Embedder } from '../electron/engine/embed/embedder';
import { loadPrepared } from '../electron/engine/embed/prepared-cache';
import { defaultCacheDir, preparedModelsDirs } from '../electron/engine/paths';
import { getModel } from '../electron/engine/models/catalog';
import { SHARED_MODELS, tempDir } from './helpers';

const entry = getModel('mobilenetv2-int8');

function modelCopy(): string {
  const file = path.join(tempDir(), entry.file);
  fs.copyFileSync(path.join(SHARED_MODELS, entry.file), file);
  return file;
}

test('a model prepared once is opened from the cache afterwards, with the same features', async () => {
  const model = modelCopy();
  const cacheDir = tempDir();
  const first = await loadPrepared(model, entry, true, [cacheDir]);
  assert.equal(first.cached, false);
  const second = await loadPrepared(model, entry, true, [cacheDir]);
  assert.equal(second.cached, true, 'the surgery is not done again');
  assert.equal(typeof second.model, 'string', 'onnxruntime opens the kept file itself');
  assert.deepEqual(second.info, first.info);
  assert.deepEqual(fs.readFileSync(second.model as string), Buffer.from(first.model as Uint8Array));
  assert.equal((await loadPrepared(model, entry, false, [cacheDir])).cached, false, 'the single-image variant is its own entry');

  const input = new Float32Array(2 * 3 * 224 * 224).map((_, i) => Math.sin(i * 0.001));
  const fresh = await Embedder.load(model, entry, { provider: 'cpu' });
  const kept = await Embedder.load(model, entry, { provider: 'cpu', cacheDirs: [cacheDir] });
  try {
    const a = await fresh.embed(input.slice(), 2);
    const b = await kept.embed(input.slice(), 2);
    assert.deepEqual(b.features, a.features);
  } finally {
    await fresh.close();
    await kept.close();
  }
});

test('a replaced model file or a damaged cache entry is prepared again', async () => {
  const model = modelCopy();
  const cacheDir = tempDir();
  await loadPrepared(model, entry, true, [cacheDir]);
  const later = new Date(Date.now() + 60_000);
  fs.utimesSync(model, later, later); // the file at that path is not the one the graph was made from
  assert.equal((await loadPrepared(model, entry, true, [cacheDir])).cached, false);
  assert.equal((await loadPrepared(model, entry, true, [cacheDir])).cached, true);
  for (const f of fs.readdirSync(cacheDir).filter((n) => n.endsWith('.json'))) fs.writeFileSync(path.join(cacheDir, f), '{"info": 1');
  assert.equal((await loadPrepared(model, entry, true, [cacheDir])).cached, false, 'a half-written record is not trusted');
  for (const f of fs.readdirSync(cacheDir).filter((n) => n.endsWith('.onnx'))) fs.rmSync(path.join(cacheDir, f));
  assert.equal((await loadPrepared(model, entry, true, [cacheDir])).cached, false, 'a record without its graph is not trusted');
  // Folders that cannot be written to only cost the surgery each time.
  const blocked = path.join(tempDir(), 'file-not-folder');
  fs.writeFileSync(blocked, '');
  assert.equal((await loadPrepared(model, entry, true, [blocked])).cached, false);
  assert.equal((await loadPrepared(model, entry, true, [blocked])).cached, false);
});

test('a graph kept in the cache folder serves every library; a cache folder that cannot be written sends it to the data folder', async () => {
  const model = modelCopy();
  const env = { LIKENESS_CACHE_DIR: tempDir() };
  const firstLibrary = tempDir();
  const [cache, inLibrary] = preparedModelsDirs(firstLibrary, env);
  assert.equal((await loadPrepared(model, entry, true, [cache, inLibrary])).cached, false);
  assert.ok(fs.readdirSync(cache).some((n) => n.endsWith('.onnx')), 'kept in the cache folder');
  assert.equal(fs.existsSync(inLibrary), false, 'and only there');
  assert.equal((await loadPrepared(model, entry, true, preparedModelsDirs(tempDir(), env))).cached, true, 'a new, empty library opens it');

  const readOnly = path.join(tempDir(), 'file-not-folder');
  fs.writeFileSync(readOnly, ''); // stands for a cache folder this user cannot write (root ignores permissions)
  const library = path.join(tempDir(), 'prepared-models');
  assert.equal((await loadPrepared(model, entry, true, [readOnly, library])).cached, false);
  assert.ok(fs.readdirSync(library).some((n) => n.endsWith('.onnx')), 'kept in the data folder instead');
  assert.equal((await loadPrepared(model, entry, true, [readOnly, library])).cached, true);
});

test("the cache folder is each system's own, and LIKENESS_CACHE_DIR moves it", () => {
  assert.equal(defaultCacheDir({}, 'linux', '/home/ann'), '/home/ann/.cache/likeness');
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/var/cache/ann' }, 'linux', '/home/ann'), '/var/cache/ann/likeness');
  assert.equal(defaultCacheDir({}, 'darwin', '/Users/ann'), '/Users/ann/Library/Caches/Likeness');
  assert.equal(defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann'), 'C:\\Users\\ann\\AppData\\Local\\Likeness\\Cache');
  const [cache, library] = preparedModelsDirs('/data', { LIKENESS_CACHE_DIR: '/tmp/c' });
  assert.equal(cache, path.resolve('/tmp/c/prepared-models'));
  assert.equal(library, '/data/prepared-models');
});
