// The `likeness` command as a person or a script runs it: exit codes, one-line errors, the --json contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, DATASETS, ROOT, SHARED_MODELS, tempDir } from './helpers';


function likeness(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('likeness index writes the JSON contract: folder, model, every photo once, every other file once', () => {
  const dataDir = tempDir();
  const json = path.join(tempDir(), 'out.json');
  const folder = path.join(DATASETS, 'photos');
  const r = likeness(['index', folder, '--data-dir', dataDir, '--json', json], { LIKENESS_MODELS_DIR: SHARED_MODELS });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '', 'no progress noise when not on a terminal');
  const out = JSON.parse(fs.readFileSync(json, 'utf8'));
  assert.equal(out.folder, fs.realpathSync(folder));
  assert.deepEqual(out.model, { id: 'mobilenetv2-int8', name: out.model.name, provider: 'cpu', providerNotes: out.model.providerNotes, featureDim: 1280 });
  const all = [...out.files.map((f: { path: string }) => f.path), ...out.skipped.map((s: { path: string }) => s.path)].sort();
  assert.deepEqual(all, fs.readdirSync(folder).sort());
  const dog = out.files.find((f: { path: string }) => f.path === 'dog.jpg');
  assert.ok(dog.width > 0 && dog.height > 0 && /^[0-9a-f]{64}$/.test(dog.hash));
  assert.equal(typeof dog.top[0][0], 'string');
  for (const k of ['scanSeconds', 'embedSeconds', 'totalSeconds']) assert.equal(typeof out.timings[k], 'number');
  assert.match(r.stdout, /photos/);
});

test('asking for CUDA on a machine without it falls back to the CPU and says why', () => {
  const json = path.join(tempDir(), 'out.json');
  const r = likeness(['index', path.join(DATASETS, 'photos'), '--provider', 'cuda', '--models-dir', SHARED_MODELS, '--data-dir', tempDir(), '--json', json]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /on cpu/);
  assert.match(r.stdout, /note: .*CUDA/i);
  assert.equal(JSON.parse(fs.readFileSync(json, 'utf8')).model.provider, 'cpu');
});

test('failures are one line and non-zero: missing folder, unknown model, model not there and no download', () => {
  const missing = likeness(['index', '/no/such/folder', '--models-dir', SHARED_MODELS, '--data-dir', tempDir()]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^likeness: folder not found: \/no\/such\/folder\n$/);

  const unknown = likeness(['index', path.join(DATASETS, 'photos'), '--model', 'alexnet-9000', '--data-dir', tempDir()]);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr.split('\n').filter(Boolean).length, 1);
  assert.match(unknown.stderr, /alexnet-9000/);

  const absent = likeness(['index', path.join(DATASETS, 'photos'), '--models-dir', tempDir(), '--data-dir', tempDir(), '--no-download']);
  assert.equal(absent.code, 1);
  assert.equal(absent.stderr.split('\n').filter(Boolean).length, 1);
  assert.match(absent.stderr, /mobilenetv2-12-int8\.onnx/);

  const usage = likeness(['index', '--provider', 'tpu', '.']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /unknown provider "tpu"/);
});

test('likeness models list shows the catalog and which models are present', () => {
  const r = likeness(['models', 'list', '--models-dir', SHARED_MODELS, '--data-dir', tempDir()]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /mobilenetv2-int8\s+present\s+3\.7 MB /);
  // Sizes as the app's model list words them (decimal units): 553,437,752 bytes are "553 MB" in both.
  assert.match(r.stdout, /vgg16\s+not here\s+553 MB /);
});

test("the README's command runs as written: bin/likeness is executable on its own, and its Windows twin calls it", () => {
  // Spawned as a program, not through node: the shebang and the file's executable bit (kept by git) must both hold.
  const r = spawnSync(BIN, ['--help'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Likeness groups photos by what they show\./);
  assert.match(r.stdout, /likeness index <folder>/);
  const cmd = fs.readFileSync(path.join(ROOT, 'bin', 'likeness.cmd'), 'utf8');
  assert.equal(cmd, '@node "%~dp0likeness" %*\r\n', 'cmd.exe runs the same script beside it, with every argument');
});

test('an index that needs no model exits as soon as it is done: the embedding worker started ahead does not hold it', () => {
  const dataDir = tempDir();
  const folder = path.join(DATASETS, 'photos');
  assert.equal(likeness(['index', folder, '--data-dir', dataDir, '--models-dir', SHARED_MODELS]).code, 0);
  const again = spawnSync(process.execPath, [BIN, 'index', folder, '--data-dir', dataDir, '--models-dir', SHARED_MODELS], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(again.status, 0, again.error ? String(again.error) : again.stderr);
  assert.match(again.stdout, /unchanged/);
});

/** Runs the command with its standard output already closed by the reader, as `likeness … | head -1` can leave it. */
function likenessIntoClosedPipe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

test('a reader that stops early (likeness … | head) ends the output, not the command: no crash, and the --json report is still written', async () => {
  const dataDir = tempDir();
  const folder = path.join(DATASETS, 'photos');
  for (const command of ['index', 'cluster']) {
    const json = path.join(tempDir(), `${command}.json`);
    const r = await likenessIntoClosedPipe([command, folder, '--data-dir', dataDir, '--models-dir', SHARED_MODELS, '--json', json]);
    assert.equal(r.stderr, '', `${command}: nothing on stderr`);
    assert.equal(r.code, 0, command);
    assert.ok(JSON.parse(fs.readFileSync(json, 'utf8')), `${command}: its report`);
  }
});
