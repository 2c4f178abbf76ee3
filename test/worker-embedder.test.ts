// The embedder as the pipeline uses it: in a worker thread. Same numbers as in-process, failures that reject
// instead of hanging, and a load that can be cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { Embedder } from '../electron/engine/embed/embedder';
import { WorkerEmbedder } from '../electron/engine/embed/worker-embedder';
import { getModel } from '../electron/engine/models/catalog';
import { SHARED_MODELS } from './helpers';

const entry = getModel('mobilenetv2-int8');
const MODEL = path.join(SHARED_MODELS, entry.file);
const IMAGE = 3 * 224 * 224;

function pattern(count: number): Float32Array {
  const a = new Float32Array(count * IMAGE);
  for (let i = 0; i < a.length; i++) a[i] = Math.sin(i * 0.001) * 2;
  return a;
}

test('the worker gives the same features and logits as the embedder in-process', async () => {
  const local = await Embedder.load(MODEL, entry);
  const remote = await WorkerEmbedder.load(MODEL, entry);
  try {
    assert.equal(remote.featureDim, 1280);
    assert.equal(remote.provider, 'cpu');
    const a = await local.embed(pattern(3), 3);
    const b = await remote.embed(pattern(3), 3);
    assert.deepEqual(b.features, a.features);
    assert.deepEqual(b.logits, a.logits);
  } finally {
    await local.close();
    await remote.close();
  }
});

test('the worker hands each input back, and a batch written into it gives the numbers fresh memory gives', async () => {
  const remote = await WorkerEmbedder.load(MODEL, entry);
  try {
    const sent = pattern(2);
    const first = await remote.embed(sent, 2);
    assert.equal(sent.length, 0, 'the input was transferred, not copied');
    assert.deepEqual(first.input, pattern(2), 'handed back unchanged');
    const other = pattern(2).map((v) => -v);
    const reused = first.input;
    reused.set(other);
    const again = await remote.embed(reused, 2);
    const fresh = await remote.embed(other, 2);
    assert.deepEqual(again.features, fresh.features);
    assert.notDeepEqual(again.features, first.features);
  } finally {
    await remote.close();
  }
});

test('a model that cannot be loaded rejects with the reason, and leaves no worker behind', async () => {
  await assert.rejects(WorkerEmbedder.load('/no/such/model.onnx', entry), /no such file|ENOENT/);
});

test('cancelling while the model loads stops the worker and rejects with the cancel reason', async () => {
  const controller = new AbortController();
  const loading = WorkerEmbedder.load(MODEL, entry, {}, controller.signal);
  controller.abort(new Error('user cancelled'));
  await assert.rejects(loading, /user cancelled/);
});
