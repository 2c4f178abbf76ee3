// The packaging configuration (build/electron-builder.yml) cannot run here; this keeps it valid and complete: the
// app id and name, the compiled app and model catalog in, tests and benchmarks out, native modules unpacked from
// the asar, the three platforms' targets, each shipping only its own onnxruntime binaries, the verified model.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { ROOT } from './helpers';

type Target = string | { target: string };
interface Config {
  appId: string;
  productName: string;
  extraMetadata: { main: string };
  files: string[];
  asarUnpack: string[];
  extraResources: Array<{ from: string; to: string; filter: string[] }>;
  win: { target: Target[]; files: string[] };
  mac: { target: Target[]; files: string[] };
  linux: { target: Target[]; files: string[] };
}

const config = parse(fs.readFileSync(path.join(ROOT, 'build', 'electron-builder.yml'), 'utf8')) as Config;
const targets = (ts: Target[]) => ts.map((t) => (typeof t === 'string' ? t : t.target));

test('identity and entry point', () => {
  assert.match(config.appId, /^[a-z0-9]+(\.[a-z0-9-]+)+$/);
  assert.equal(config.productName, 'Likeness');
  assert.equal(config.extraMetadata.main, 'dist/electron/shell/main.js');
  assert.ok(fs.existsSync(path.join(ROOT, 'electron', 'shell', 'main.ts')), 'the entry point is built from electron/shell/main.ts');
});

test('the app ships its compiled code, renderer and model catalog, and never tests or benchmarks', () => {
  for (const f of ['dist/electron/**/*.js', 'dist/renderer/**/*', 'models/catalog.json', 'models/imagenet-classes.json']) assert.ok(config.files.includes(f), f);
  for (const f of ['!dist/test/**', '!dist/bench/**']) assert.ok(config.files.includes(f), f);
  assert.ok(!config.files.some((f) => /^(electron|test|bench)\//.test(f)), 'no sources');
});

test('native modules are unpacked from the asar', () => {
  for (const m of ['sharp', '@img', 'onnxruntime-node', 'better-sqlite3']) assert.ok(config.asarUnpack.some((p) => p.startsWith(`node_modules/${m}/`)), m);
});

test('Windows NSIS, macOS dmg, Linux AppImage and deb, each with only its own onnxruntime binaries', () => {
  assert.deepEqual(targets(config.win.target), ['nsis']);
  assert.deepEqual(targets(config.mac.target), ['dmg']);
  assert.deepEqual(targets(config.linux.target).sort(), ['AppImage', 'deb']);
  assert.ok(config.files.includes('!node_modules/onnxruntime-node/bin/napi-v*/**'), 'all platforms excluded by default');
  for (const [os, platform] of [['win', 'win32'], ['mac', 'darwin'], ['linux', 'linux']] as const) {
    const ort = config[os].files.filter((f) => f.includes('onnxruntime-node/bin'));
    assert.deepEqual(ort, [`node_modules/onnxruntime-node/bin/napi-v*/${platform}/\${arch}/**`], os);
  }
  // The folders those filters name exist in the installed package.
  const napi = fs.readdirSync(path.join(ROOT, 'node_modules', 'onnxruntime-node', 'bin')).find((d) => d.startsWith('napi-v'))!;
  for (const p of ['win32', 'darwin', 'linux']) assert.ok(fs.existsSync(path.join(ROOT, 'node_modules', 'onnxruntime-node', 'bin', napi, p)), p);
});

test('the default model fetched and checked at packaging time ships as a resource', () => {
  assert.deepEqual(config.extraResources, [{ from: 'build/models', to: 'models', filter: ['*.onnx'] }]);
  const script = fs.readFileSync(path.join(ROOT, 'build', 'fetch-default-model.js'), 'utf8');
  assert.match(script, /ensureModel/, 'the engine downloader (sha256 checked) is reused');
  assert.match(script, /build.*models|'models'/);
});
