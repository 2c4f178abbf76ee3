// Checks models/catalog.json: valid, faithful to the ONNX Model Zoo manifest, and reproducible by build/make-catalog.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appRoot } from '../electron/engine/paths';
import { SHARED } from './helpers';
import { DEFAULT_MODEL_ID, UnknownModelError, catalogPath, getModel, listModels, readCatalog } from '../electron/engine/models/catalog';

const HUB_PATH = path.join(SHARED, 'models', 'onnx-hub-classification.json');

interface HubEntry {
  model_path: string;
  sha256: string;
  bytes: number;
  inputs: Array<{ name: string; shape: Array<number | string> }>;
  outputs: Array<{ name: string; shape: Array<number | string> }>;
}
const hub = JSON.parse(fs.readFileSync(HUB_PATH, 'utf8')) as { download_base: string; models: HubEntry[] };

test('the catalog validates and holds the six planned models', () => {
  // The app reads the shipped catalog without its schema (zod is slow to load on every command): it is checked here.
  assert.deepEqual(readCatalog(catalogPath()).models, listModels());
  const ids = listModels().map((m) => m.id);
  assert.deepEqual(ids, ['mobilenetv2-int8', 'mobilenetv2', 'vgg16', 'vgg16-int8', 'resnet50', 'resnet50-int8']);
});

test("every entry's url, sha256, bytes and tensor names equal the hub manifest's", () => {
  for (const m of listModels()) {
    const h = hub.models.filter((e) => path.posix.basename(e.model_path) === m.file);
    assert.equal(h.length, 1, `${m.file} in the hub manifest`);
    assert.equal(m.url, hub.download_base + h[0].model_path, m.id);
    assert.equal(m.sha256, h[0].sha256, m.id);
    assert.equal(m.bytes, h[0].bytes, m.id);
    assert.equal(m.inputName, h[0].inputs[0].name, m.id);
    assert.deepEqual(m.inputShape, h[0].inputs[0].shape, m.id);
    assert.equal(m.outputName, h[0].outputs[0].name, m.id);
    assert.equal(m.classes, 1000, m.id);
    assert.equal(m.outputIsProbability, false, m.id);
    assert.equal(m.license, 'Apache-2.0', m.id);
    assert.equal(m.quantized, m.id.endsWith('-int8'), m.id);
    assert.deepEqual(m.preprocess, {
      resizeShortSide: 224, cropSize: 224, scale: 1 / 255,
      mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], channelOrder: 'RGB', layout: 'NCHW',
    }, m.id);
  }
});

test('the default model exists and is the small int8 MobileNet', () => {
  assert.equal(DEFAULT_MODEL_ID, 'mobilenetv2-int8');
  const m = getModel(DEFAULT_MODEL_ID);
  assert.equal(m.file, 'mobilenetv2-12-int8.onnx');
  assert.equal(m.featureDim, 1280);
});

test("VGG-16 (the design's model) is there with fc7 features", () => {
  const m = getModel('vgg16');
  assert.equal(m.featureDim, 4096);
  assert.equal(m.bytes, 553437752);
  assert.deepEqual(m.inputShape, [1, 3, 224, 224]);
  assert.equal(getModel('resnet50').featureDim, 2048);
});

test('an unknown id gives a one-line message listing the known ids', () => {
  assert.throws(() => getModel('vgg19'), (err: unknown) => {
    assert.ok(err instanceof UnknownModelError);
    assert.ok(!err.message.includes('\n'));
    assert.match(err.message, /vgg19/);
    for (const m of listModels()) assert.ok(err.message.includes(m.id), `mentions ${m.id}`);
    return true;
  });
});

test('entries handed out are copies', () => {
  getModel('vgg16').preprocess.mean[0] = 99;
  assert.equal(getModel('vgg16').preprocess.mean[0], 0.485);
});

test('catalog.json is exactly what build/make-catalog.js makes from the hub manifest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-catalog-'));
  try {
    const out = path.join(dir, 'catalog.json');
    execFileSync(process.execPath, [path.join(appRoot(), 'build', 'make-catalog.js'), HUB_PATH, out], { stdio: 'pipe' });
    assert.equal(fs.readFileSync(out, 'utf8'), fs.readFileSync(catalogPath(), 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a malformed catalog is rejected with its problems named', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-catalog-'));
  try {
    const good = JSON.parse(fs.readFileSync(catalogPath(), 'utf8'));
    const bad = { ...good, default: 'nope', models: [{ ...good.models[0], sha256: 'xyz' }, good.models[0]] };
    const file = path.join(dir, 'catalog.json');
    fs.writeFileSync(file, JSON.stringify(bad));
    assert.throws(() => readCatalog(file), (err: Error) => {
      assert.match(err.message, /invalid model catalog/);
      assert.match(err.message, /models\.0\.sha256/);
      assert.match(err.message, /duplicate model id/);
      assert.match(err.message, /default model "nope"/);
      return true;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
