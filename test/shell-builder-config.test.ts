// The packaging configuration (build/electron-builder.yml) cannot run here; this keeps it valid and complete: the
// app id and name, the compiled app and model catalog in, tests and benchmarks out, native modules unpacked from
// the asar, the three platforms' targets, each shipping only its own onnxruntime binaries, the verified model.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { ROOT } from './helpers';

type Target = string | { target: string; arch?: string[] };
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
  for (const f of ['dist/electron/**/*.js', 'dist/renderer/**/*', 'models/catalog.json', 'models/imagenet-classes.json', 'models/imagenet-concepts.json']) assert.ok(config.files.includes(f), f);
  for (const f of ['!dist/test/**', '!dist/bench/**']) assert.ok(config.files.includes(f), f);
  assert.ok(!config.files.some((f) => /^(electron|test|bench)\//.test(f)), 'no sources');
});

/**
 * Whether electron-builder leaves a node_modules file out of the `os` build for `arch`. It copies production
 * dependencies itself and applies only the exclusions of `files` (top-level, then the platform's) to them:
 * app-builder-lib fileMatcher.ts, getNodeModuleFileMatcher ("grab only excludes"), patterns after `**\/*`.
 */
function excludedFromNodeModules(os: 'win' | 'mac' | 'linux', arch: string, file: string): boolean {
  const negations = [...config.files, ...(config[os].files ?? [])].filter((p) => p.startsWith('!')).map((p) => p.slice(1).replaceAll('${arch}', arch));
  return negations.some((p) => path.matchesGlob(file, p));
}

const PLATFORMS = [['win', 'win32'], ['mac', 'darwin'], ['linux', 'linux']] as const;
const archesOf = (os: 'win' | 'mac' | 'linux') => [...new Set(config[os].target.flatMap((t) => (typeof t === 'string' ? ['x64'] : t.arch ?? ['x64'])))];

test('native modules are unpacked from the asar; the engine worker scripts stay in it with their siblings', () => {
  for (const m of ['sharp', '@img', 'onnxruntime-node', 'better-sqlite3']) assert.ok(config.asarUnpack.some((p) => p.startsWith(`node_modules/${m}/`)), m);
  const unpacked = (f: string) => config.asarUnpack.some((p) => path.matchesGlob(f, p));
  for (const f of ['node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node', 'node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8', 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']) {
    assert.ok(unpacked(f), f);
  }
  // An unpacked worker would run from app.asar.unpacked, where the modules it requires (../tensor…) are not.
  for (const f of ['dist/electron/engine/embed/embed-worker.js', 'dist/electron/engine/cluster/hdbscan/parallel-worker.js', 'dist/electron/engine/cluster/reduce/pool-worker.js']) {
    assert.ok(fs.existsSync(path.join(ROOT, f.replace(/^dist\//, '').replace(/\.js$/, '.ts'))), `${f} is built from a source that exists`);
    assert.ok(!unpacked(f), f);
  }
});

test('Windows NSIS, macOS dmg, Linux AppImage and deb', () => {
  assert.deepEqual(targets(config.win.target), ['nsis']);
  assert.deepEqual(targets(config.mac.target), ['dmg']);
  assert.deepEqual(targets(config.linux.target).sort(), ['AppImage', 'deb']);
  // No inclusion of node_modules anywhere: electron-builder ignores it for dependencies (see excludedFromNodeModules).
  for (const list of [config.files, config.win.files, config.mac.files, config.linux.files]) {
    assert.ok(!list.some((f) => !f.startsWith('!') && f.includes('node_modules')), JSON.stringify(list));
  }
});

test('each installer ships its own onnxruntime binaries, and only those', () => {
  const bin = path.join(ROOT, 'node_modules', 'onnxruntime-node', 'bin');
  const napi = fs.readdirSync(bin).find((d) => d.startsWith('napi-v'))!;
  const shipped = fs.readdirSync(path.join(bin, napi)).flatMap((p) => fs.readdirSync(path.join(bin, napi, p)).map((a) => [p, a] as const));
  for (const [os, platform] of PLATFORMS) {
    for (const arch of archesOf(os)) {
      // onnxruntime-node loads bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node.
      assert.ok(fs.existsSync(path.join(bin, napi, platform, arch, 'onnxruntime_binding.node')), `onnxruntime-node has no ${platform}/${arch} binary: the ${os} ${arch} build could not embed`);
      for (const [p, a] of shipped) {
        const file = `node_modules/onnxruntime-node/bin/${napi}/${p}/${a}/onnxruntime_binding.node`;
        assert.equal(excludedFromNodeModules(os, arch, file), !(p === platform && a === arch), `${os} ${arch}: ${file}`);
      }
      assert.ok(!excludedFromNodeModules(os, arch, 'node_modules/onnxruntime-node/dist/index.js'), 'its JavaScript stays');
    }
  }
});

test("each installer ships sharp's own @img binaries, and only those", () => {
  const optional = Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'sharp', 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> }).optionalDependencies);
  assert.ok(optional.length > 10 && optional.every((n) => n.startsWith('@img/sharp-')), 'sharp 0.35 binaries are @img/sharp-* packages');
  for (const [os, platform] of PLATFORMS) {
    for (const arch of archesOf(os)) {
      const own = [`@img/sharp-${platform}-${arch}`, `@img/sharp-libvips-${platform}-${arch}`];
      assert.ok(optional.includes(own[0]), `sharp has a ${platform}-${arch} package`);
      for (const pkg of optional) {
        assert.equal(excludedFromNodeModules(os, arch, `node_modules/${pkg}/lib/binary.node`), !own.includes(pkg), `${os} ${arch}: ${pkg}`);
      }
      for (const kept of ['node_modules/@img/colour/index.cjs', 'node_modules/sharp/lib/index.js', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/better-sqlite3/lib/index.js']) {
        assert.ok(!excludedFromNodeModules(os, arch, kept), `${os}: ${kept}`);
      }
    }
  }
});

test('the default model fetched and checked at packaging time ships as a resource', () => {
  assert.deepEqual(config.extraResources, [{ from: 'build/models', to: 'models', filter: ['*.onnx'] }]);
  const script = fs.readFileSync(path.join(ROOT, 'build', 'fetch-default-model.js'), 'utf8');
  assert.match(script, /ensureModel/, 'the engine downloader (sha256 checked) is reused');
  assert.match(script, /build.*models|'models'/);
});
