// The Embedder on the real shared MobileNet v2 (int8): 1280-d features that separate dogs from kites,
// sensible classes, batches equal to single runs, and a clean CPU fallback when CUDA is asked for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeCropTensor } from '../electron/engine/decode/tensor';
import { decodePhoto } from '../electron/engine/decode/decode';
import { Embedder } from '../electron/engine/embed/embedder';
import { commonName, topClasses } from '../electron/engine/embed/classes';
import { DATASETS, SHARED_MODELS } from './helpers';
import { getModel } from '../electron/engine/models/catalog';
import type { ModelEntry } from '../electron/engine/types';

const MODEL = path.join(SHARED_MODELS, 'mobilenetv2-12-int8.onnx');
const PHOTOS = path.join(DATASETS, 'photos');
const SPRINGERS = path.join(DATASETS, 'imagenette-val-1k', 'english_springer');

// The catalog's own entry: the test runs what the product runs.
const entry: ModelEntry = getModel('mobilenetv2-int8');
const spec = entry.preprocess;

const IMAGE = 3 * 224 * 224;

/** The product's own decoding and tensor layout. */
async function tensorOf(files: string[]): Promise<Float32Array> {
  const out = new Float32Array(files.length * IMAGE);
  for (let i = 0; i < files.length; i++) {
    const photo = await decodePhoto(fs.readFileSync(files[i]), spec, { thumbSize: 256, maxPixels: 2e8 });
    writeCropTensor(photo.crop, spec, out, i * IMAGE);
  }
  return out;
}

function row(a: Float32Array, i: number, width: number): Float32Array {
  return a.subarray(i * width, (i + 1) * width);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

function assertClose(a: Float32Array, b: Float32Array, tol: number, what: string): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= tol, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

const springer = path.join(SPRINGERS, fs.readdirSync(SPRINGERS).sort()[0]);
const files = [path.join(PHOTOS, 'dog.jpg'), springer, path.join(PHOTOS, 'kite.jpg'), path.join(PHOTOS, 'eagle.jpg')];
let embedder: Embedder;
let input: Float32Array;

before(async () => {
  [embedder, input] = await Promise.all([Embedder.load(MODEL, entry, { provider: 'cpu' }), tensorOf(files)]);
});
after(() => embedder.close());

test('loads with 1280-d features, 1000 classes and batching on the CPU', () => {
  assert.equal(embedder.featureDim, 1280);
  assert.equal(embedder.classes, 1000);
  assert.equal(embedder.provider, 'cpu');
  assert.ok(embedder.maxBatch > 1, `maxBatch ${embedder.maxBatch}`);
  assert.equal(embedder.batchNote, null);
});

test('dog.jpg is a dog; it is closer to another dog than to a kite; a batch equals single runs', async () => {
  const batch = await embedder.embed(input, files.length);
  assert.equal(batch.features.length, files.length * 1280);
  assert.equal(batch.logits.length, files.length * 1000);

  const [[top, p]] = topClasses(row(batch.logits, 0, 1000), 1, false);
  assert.ok(top >= 151 && top <= 268, `dog.jpg's top class is ${top} '${commonName(top)}' (${p.toFixed(3)})`);

  const dog = row(batch.features, 0, 1280);
  const otherDog = cosine(dog, row(batch.features, 1, 1280));
  const kite = cosine(dog, row(batch.features, 2, 1280));
  assert.ok(otherDog > kite, `cos(dog, springer)=${otherDog.toFixed(3)} should beat cos(dog, kite)=${kite.toFixed(3)}`);

  for (let i = 0; i < files.length; i++) {
    const one = await embedder.embed(input.subarray(i * IMAGE, (i + 1) * IMAGE), 1);
    assertClose(row(batch.features, i, 1280), one.features, 1e-4, `features of ${path.basename(files[i])}`);
    assertClose(row(batch.logits, i, 1000), one.logits, 1e-4, `logits of ${path.basename(files[i])}`);
  }
});

test('asking for CUDA where it is missing runs on the CPU, says why, and gives the same features', async () => {
  const cuda = await Embedder.load(MODEL, entry, { provider: 'cuda', threads: 1, maxBatch: 3 });
  try {
    assert.equal(cuda.provider, 'cpu');
    assert.ok(cuda.providerNotes.some((n) => /CUDA/.test(n) && /CPU/.test(n)), cuda.providerNotes.join(' | '));
    assert.equal(cuda.maxBatch, 3);
    // 4 images with maxBatch 3: split into runs of 3 and 1.
    const a = await cuda.embed(input, files.length);
    const b = await embedder.embed(input, files.length);
    assertClose(a.features, b.features, 1e-4, 'features');
  } finally {
    await cuda.close();
  }
});

test('embed refuses input of the wrong size', async () => {
  await assert.rejects(embedder.embed(new Float32Array(10), 1), /expected 1 × 3×224×224/);
});
