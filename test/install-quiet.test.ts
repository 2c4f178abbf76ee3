// The install as a person meets it: commands run through npm print no warning of the project's making (the
// onnxruntime-node key once kept in .npmrc made every npm and npx command warn), every dependency's install script
// is reviewed in allowScripts, and onnxruntime-node's CPU binaries load although its install script never runs.
// (`npm ci` itself is checked in .ci/run, which fails on any warning it prints.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';

function npm(cmd: 'npm' | 'npx', args: string[]) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false' } });
  assert.equal(r.error, undefined, `${cmd} ${args.join(' ')}: ${r.error}`);
  return r;
}

test('npx likeness --help prints the usage and no npm warning', () => {
  const r = npm('npx', ['likeness', '--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Likeness groups photos by what they show\./);
  assert.doesNotMatch(r.stderr, /npm warn/i, r.stderr);
});

test('the project has no npm config key npm does not know', () => {
  const r = npm('npm', ['config', 'list']);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /Unknown (project|env|user|cli) config/i, r.stderr);
  if (fs.existsSync(path.join(ROOT, '.npmrc'))) assert.doesNotMatch(fs.readFileSync(path.join(ROOT, '.npmrc'), 'utf8'), /onnxruntime-node-install/);
});

test('every installed package with an install script is allowed or denied in allowScripts', () => {
  const r = npm('npm', ['install-scripts', 'ls']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /No packages with unreviewed install scripts/, r.stdout);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> };
  assert.equal(pkg.allowScripts['onnxruntime-node'], false, 'its script would download CUDA binaries at install');
});

test("onnxruntime-node's CPU binding loads without its install script", () => {
  const r = spawnSync(process.execPath, ['-e', "const ort = require('onnxruntime-node'); console.log(JSON.stringify(ort.listSupportedBackends()))"], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const backends = JSON.parse(r.stdout) as Array<{ name: string; bundled: boolean }>;
  assert.deepEqual(backends.find((b) => b.name === 'cpu'), { name: 'cpu', bundled: true });
});
