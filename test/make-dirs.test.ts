// Folders the app makes (library, caches, models): made with their parents, and a place that cannot hold a new
// folder is an error in words at once, never a hang (Node's recursive mkdir spins forever under /proc).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeDirs, makeDirsSync } from '../electron/engine/make-dirs';
import { BIN, DATASETS, SHARED_MODELS, tempDir } from './helpers';

const onLinux = process.platform === 'linux' && fs.existsSync('/proc/self');

test('a folder is made with its missing parents, and making it again changes nothing', async () => {
  const root = tempDir();
  makeDirsSync(path.join(root, 'a', 'b', 'c'));
  await makeDirs(path.join(root, 'a', 'x', 'y'));
  assert.ok(fs.statSync(path.join(root, 'a', 'b', 'c')).isDirectory());
  assert.ok(fs.statSync(path.join(root, 'a', 'x', 'y')).isDirectory());
  makeDirsSync(path.join(root, 'a', 'b', 'c'));
  await makeDirs(root);
  assert.deepEqual(fs.readdirSync(path.join(root, 'a')).sort(), ['b', 'x']);
});

test('a file in the way is named in the error', async () => {
  const root = tempDir();
  fs.writeFileSync(path.join(root, 'photo.jpg'), 'x');
  assert.throws(() => makeDirsSync(path.join(root, 'photo.jpg', 'lib')), /cannot be created: part of that path is a file, not a folder \(ENOTDIR\)/);
  await assert.rejects(makeDirs(path.join(root, 'photo.jpg')), (err: NodeJS.ErrnoException) => err.code === 'EEXIST' && /photo\.jpg is a file, not a folder/.test(err.message));
});

// In a child process with a time limit: a regression would otherwise hang the whole test run.
function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
  assert.equal(r.signal, null, `finished by itself, not killed after 30 s: ${args.join(' ')}`);
  return r;
}

test('under /proc, where a new folder is "not found", both forms fail at once in words', { skip: !onLinux && 'no /proc here' }, () => {
  const lib = path.join(__dirname, '..', 'electron', 'engine', 'make-dirs.js');
  for (const call of ['makeDirsSync(d)', 'makeDirs(d)']) {
    const script = `const m = require(${JSON.stringify(lib)}); const d = '/proc/likeness-nowhere/lib';
      Promise.resolve().then(() => m.${call}).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(3); });`;
    const r = run(['-e', script]);
    assert.equal(r.status, 3, call);
    assert.match(r.stderr, /the folder \/proc\/likeness-nowhere\/lib cannot be created: \/proc\/likeness-nowhere cannot be made there \(ENOENT\)/);
  }
});

test('likeness index: a data folder that cannot be made is refused at once; a cache folder that cannot is done without', { skip: !onLinux && 'no /proc here' }, () => {
  const folder = path.join(DATASETS, 'ants-bees', 'ants');
  const refused = run([BIN, 'index', folder, '--data-dir', '/proc/likeness-nowhere/lib', '--models-dir', SHARED_MODELS]);
  assert.equal(refused.status, 1);
  assert.equal(refused.stderr, 'likeness: the folder /proc/likeness-nowhere/lib cannot be created: /proc/likeness-nowhere cannot be made there (ENOENT)\n');

  const dataDir = tempDir();
  const done = run([BIN, 'index', folder, '--data-dir', dataDir, '--models-dir', SHARED_MODELS], { LIKENESS_CACHE_DIR: '/proc/likeness-nowhere/cache' });
  assert.equal(done.status, 0, done.stderr);
  assert.match(done.stdout, /\d+ photos \(\d+ looked at now/);
  assert.ok(fs.readdirSync(path.join(dataDir, 'prepared-models')).some((f) => f.endsWith('.onnx')), 'the prepared graph kept in the data folder instead');
});
