// Graph surgery on small classifier graphs built here with onnx-proto: the exposed features must equal the
// penultimate layer computed independently in JS, logits must be untouched, and batches must work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onnx } from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareGraph } from '../electron/engine/embed/surgery';
import { Embedder } from '../electron/engine/embed/embedder';
import { openSession } from '../electron/engine/embed/session';
import type { ModelEntry } from '../electron/engine/types';

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const UINT8 = onnx.TensorProto.DataType.UINT8;

/** Seeded PRNG (mulberry32) so weights and inputs are the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randoms(rand: () => number, n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
}

// ---- tiny ONNX builder -------------------------------------------------------------------------------

function floatInit(name: string, dims: number[], data: Float32Array): onnx.ITensorProto {
  return { name, dims, dataType: FLOAT, floatData: Array.from(data) };
}
function uint8Init(name: string, dims: number[], data: number[]): onnx.ITensorProto {
  return { name, dims, dataType: UINT8, rawData: Uint8Array.from(data) };
}
function int64Init(name: string, values: number[]): onnx.ITensorProto {
  return { name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values };
}
function node(opType: string, inputs: string[], outputs: string[], attrs: Record<string, number | number[]> = {}, domain = ''): onnx.INodeProto {
  const attribute = Object.entries(attrs).map(([name, v]) =>
    Array.isArray(v)
      ? { name, ints: v, type: onnx.AttributeProto.AttributeType.INTS }
      : Number.isInteger(v)
        ? { name, i: v, type: onnx.AttributeProto.AttributeType.INT }
        : { name, f: v, type: onnx.AttributeProto.AttributeType.FLOAT },
  );
  return { opType, input: inputs, output: outputs, attribute, name: `${opType}_${outputs[0]}`, domain };
}
function valueInfo(name: string, dims: Array<number | string>, elemType = FLOAT): onnx.IValueInfoProto {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } };
}
function model(g: onnx.IGraphProto, opsets: Array<[string, number]> = [['', 13]]): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 7,
    producerName: 'likeness-test',
    opsetImport: opsets.map(([domain, version]) => ({ domain, version })),
    graph: g,
  }).finish();
}

// ---- the small VGG-shaped network and its JS reference -------------------------------------------------

const H = 8;
const W = 8;
const C1 = 4; // conv channels
const FLAT = C1 * (H / 2) * (W / 2); // after 2×2 max pool
const FC6 = 16;
const FC7 = 12;
const CLASSES = 10;

interface VggWeights {
  conv: Float32Array; convB: Float32Array;
  fc6: Float32Array; fc6B: Float32Array;
  fc7: Float32Array; fc7B: Float32Array;
  fc8: Float32Array; fc8B: Float32Array;
}

function vggWeights(seed: number): VggWeights {
  const r = prng(seed);
  return {
    conv: randoms(r, C1 * 3 * 9, 0.5), convB: randoms(r, C1, 0.1),
    fc6: randoms(r, FC6 * FLAT, 0.3), fc6B: randoms(r, FC6, 0.1),
    fc7: randoms(r, FC7 * FC6, 0.4), fc7B: randoms(r, FC7, 0.1),
    fc8: randoms(r, CLASSES * FC7, 0.4), fc8B: randoms(r, CLASSES, 0.1),
  };
}

/**
 * Like the zoo's VGG-16: static batch 1, Reshape to a constant [1, n] before fc6, Gemms with transB=1.
 * 'ComputedReshape' builds the [1, n] shape with a Concat, which the batch rewrite cannot see through.
 */
function vggModel(w: VggWeights, flatten: 'Reshape' | 'Flatten' | 'ComputedReshape'): Uint8Array {
  const flattenNodes =
    flatten === 'Reshape' ? [node('Reshape', ['pool', 'flat_shape'], ['flat'])]
    : flatten === 'Flatten' ? [node('Flatten', ['pool'], ['flat'], { axis: 1 })]
    : [node('Concat', ['one', 'flat_len'], ['flat_shape_computed'], { axis: 0 }), node('Reshape', ['pool', 'flat_shape_computed'], ['flat'])];
  return model({
    name: 'tiny-vgg',
    input: [valueInfo('data', [1, 3, H, W])],
    output: [valueInfo('fc8', [1, CLASSES])],
    // Stale fixed-batch shape info, as exporters leave it.
    valueInfo: [valueInfo('fc6_relu', [1, FC6]), valueInfo('pool', [1, C1, H / 2, W / 2])],
    initializer: [
      floatInit('conv_w', [C1, 3, 3, 3], w.conv), floatInit('conv_b', [C1], w.convB),
      ...(flatten === 'Reshape' ? [int64Init('flat_shape', [1, FLAT])] : []),
      ...(flatten === 'ComputedReshape' ? [int64Init('one', [1]), int64Init('flat_len', [FLAT])] : []),
      floatInit('fc6_w', [FC6, FLAT], w.fc6), floatInit('fc6_b', [FC6], w.fc6B),
      floatInit('fc7_w', [FC7, FC6], w.fc7), floatInit('fc7_b', [FC7], w.fc7B),
      floatInit('fc8_w', [CLASSES, FC7], w.fc8), floatInit('fc8_b', [CLASSES], w.fc8B),
    ],
    node: [
      node('Conv', ['data', 'conv_w', 'conv_b'], ['conv'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('Relu', ['conv'], ['conv_relu']),
      node('MaxPool', ['conv_relu'], ['pool'], { kernel_shape: [2, 2], strides: [2, 2] }),
      ...flattenNodes,
      node('Gemm', ['flat', 'fc6_w', 'fc6_b'], ['fc6'], { transB: 1 }),
      node('Relu', ['fc6'], ['fc6_relu']),
      node('Dropout', ['fc6_relu'], ['fc6_drop']),
      node('Gemm', ['fc6_drop', 'fc7_w', 'fc7_b'], ['fc7'], { transB: 1 }),
      node('Relu', ['fc7'], ['fc7_relu']),
      node('Dropout', ['fc7_relu'], ['fc7_drop']),
      node('Gemm', ['fc7_drop', 'fc8_w', 'fc8_b'], ['fc8'], { transB: 1 }),
    ],
  });
}

/** 3×3 convolution, padding 1, stride 1, one image CHW. */
function conv3x3(x: Float32Array, cin: number, h: number, w: number, weight: Float32Array, bias: Float32Array, cout: number): Float32Array {
  const out = new Float32Array(cout * h * w);
  for (let m = 0; m < cout; m++)
    for (let y = 0; y < h; y++)
      for (let xx = 0; xx < w; xx++) {
        let s = bias[m];
        for (let c = 0; c < cin; c++)
          for (let ky = 0; ky < 3; ky++)
            for (let kx = 0; kx < 3; kx++) {
              const iy = y + ky - 1;
              const ix = xx + kx - 1;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              s += weight[((m * cin + c) * 3 + ky) * 3 + kx] * x[(c * h + iy) * w + ix];
            }
        out[(m * h + y) * w + xx] = s;
      }
  return out;
}

const relu = (v: Float32Array) => v.map((x) => Math.max(0, x));

function maxPool2(x: Float32Array, c: number, h: number, w: number): Float32Array {
  const out = new Float32Array(c * (h / 2) * (w / 2));
  for (let k = 0; k < c; k++)
    for (let y = 0; y < h / 2; y++)
      for (let xx = 0; xx < w / 2; xx++) {
        const at = (dy: number, dx: number) => x[(k * h + 2 * y + dy) * w + 2 * xx + dx];
        out[(k * (h / 2) + y) * (w / 2) + xx] = Math.max(at(0, 0), at(0, 1), at(1, 0), at(1, 1));
      }
  return out;
}

/** y = W x + b with W stored [out, in] (Gemm transB=1). */
function dense(x: Float32Array, weight: Float32Array, bias: Float32Array, outDim: number): Float32Array {
  const inDim = x.length;
  return Float32Array.from({ length: outDim }, (_, o) => {
    let s = bias[o];
    for (let i = 0; i < inDim; i++) s += weight[o * inDim + i] * x[i];
    return s;
  });
}

function fc7Reference(w: VggWeights, image: Float32Array): Float32Array {
  const pooled = maxPool2(relu(conv3x3(image, 3, H, W, w.conv, w.convB, C1)), C1, H, W);
  const fc6 = relu(dense(pooled, w.fc6, w.fc6B, FC6));
  return relu(dense(fc6, w.fc7, w.fc7B, FC7));
}

// ---- helpers over onnxruntime ------------------------------------------------------------------------

async function runOnce(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(bytes, { graphOptimizationLevel: 'all' });
  try {
    const out = await session.run(feeds);
    return Object.fromEntries(Object.entries(out).map(([k, t]) => [k, t.data as Float32Array]));
  } finally {
    await session.release();
  }
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

// ---- tests ----------------------------------------------------------------------------------------------

for (const flatten of ['Reshape', 'Flatten'] as const) {
  test(`VGG-shaped graph (${flatten}): fc7 features, untouched logits, symbolic batch`, async () => {
    const w = vggWeights(7);
    const original = vggModel(w, flatten);
    const prepared = prepareGraph(original);
    assert.equal(prepared.logitsOutput, 'fc8');
    assert.equal(prepared.featureDim, FC7);
    assert.equal(prepared.batch, 'symbolic');
    assert.ok(['fc7_relu', 'fc7_drop'].includes(prepared.featureOutput), prepared.featureOutput);

    const images = Array.from({ length: 3 }, (_, i) => randoms(prng(100 + i), 3 * H * W));
    const singles: Array<Record<string, Float32Array>> = [];
    for (const image of images) {
      const out = await runOnce(prepared.bytes, { data: new ort.Tensor('float32', image, [1, 3, H, W]) });
      assertClose(out[prepared.featureOutput], fc7Reference(w, image), 1e-4, 'features vs JS fc7');
      const before = await runOnce(original, { data: new ort.Tensor('float32', image, [1, 3, H, W]) });
      assertClose(out.fc8, before.fc8, 1e-5, 'logits vs original model');
      singles.push(out);
    }

    const batch = new Float32Array(3 * 3 * H * W);
    images.forEach((img, i) => batch.set(img, i * img.length));
    const out = await runOnce(prepared.bytes, { data: new ort.Tensor('float32', batch, [3, 3, H, W]) });
    for (let i = 0; i < 3; i++) {
      assertClose(out[prepared.featureOutput].subarray(i * FC7, (i + 1) * FC7), singles[i][prepared.featureOutput], 1e-5, `batch row ${i} features`);
      assertClose(out.fc8.subarray(i * CLASSES, (i + 1) * CLASSES), singles[i].fc8, 1e-5, `batch row ${i} logits`);
    }
  });
}

test('keeping the batch layout leaves a static batch of 1 that still runs', async () => {
  const w = vggWeights(8);
  const prepared = prepareGraph(vggModel(w, 'Reshape'), { symbolicBatch: false, logitsOutput: 'fc8' });
  assert.equal(prepared.batch, 'static');
  const image = randoms(prng(5), 3 * H * W);
  const out = await runOnce(prepared.bytes, { data: new ort.Tensor('float32', image, [1, 3, H, W]) });
  assertClose(out[prepared.featureOutput], fc7Reference(w, image), 1e-4, 'features');
});

test('quantized tail: QuantizeLinear → Reshape → QLinearMatMul → QLinearAdd → DequantizeLinear', async () => {
  const K = 6;
  const N = 5;
  const r = prng(11);
  const xScale = 0.02;
  const xZero = 7;
  const weights = Array.from({ length: K * N }, () => Math.floor(r() * 256));
  const bias = Array.from({ length: N }, () => Math.floor(r() * 256));
  const bytes = model(
    {
      name: 'quant-tail',
      input: [valueInfo('x', ['n', K])],
      output: [valueInfo('logits', ['n', N])],
      initializer: [
        { name: 'x_scale', dims: [], dataType: FLOAT, floatData: [xScale] }, uint8Init('x_zero', [], [xZero]),
        uint8Init('w_q', [K, N], weights), { name: 'w_scale', dims: [], dataType: FLOAT, floatData: [0.01] }, uint8Init('w_zero', [], [128]),
        { name: 'y_scale', dims: [], dataType: FLOAT, floatData: [0.05] }, uint8Init('y_zero', [], [120]),
        uint8Init('b_q', [N], bias), { name: 'b_scale', dims: [], dataType: FLOAT, floatData: [0.01] }, uint8Init('b_zero', [], [128]),
        { name: 'out_scale', dims: [], dataType: FLOAT, floatData: [0.06] }, uint8Init('out_zero', [], [125]),
        int64Init('shape', [-1, K]),
      ],
      node: [
        node('Relu', ['x'], ['x_relu']),
        node('QuantizeLinear', ['x_relu', 'x_scale', 'x_zero'], ['x_q']),
        node('Reshape', ['x_q', 'shape'], ['x_q_flat']),
        node('QLinearMatMul', ['x_q_flat', 'x_scale', 'x_zero', 'w_q', 'w_scale', 'w_zero', 'y_scale', 'y_zero'], ['mm_q']),
        node('QLinearAdd', ['mm_q', 'y_scale', 'y_zero', 'b_q', 'b_scale', 'b_zero', 'out_scale', 'out_zero'], ['sum_q'], {}, 'com.microsoft'),
        node('DequantizeLinear', ['sum_q', 'out_scale', 'out_zero'], ['logits']),
      ],
    },
    [['', 13], ['com.microsoft', 1]],
  );
  const prepared = prepareGraph(bytes);
  assert.equal(prepared.featureDim, K);
  assert.equal(prepared.batch, 'symbolic');
  assert.equal(prepared.logitsOutput, 'logits');

  const rows = 4;
  const x = randoms(prng(12), rows * K, 3);
  const out = await runOnce(prepared.bytes, { x: new ort.Tensor('float32', x, [rows, K]) });
  const features = out[prepared.featureOutput];
  // What the classifier sees: relu, then quantize (round half to even, saturate) and dequantize.
  const expected = Array.from(x, (v) => {
    const scaled = Math.max(0, v) / xScale;
    const rounded = Math.abs(scaled % 1) === 0.5 ? 2 * Math.round(scaled / 2) : Math.round(scaled);
    const q = Math.min(255, Math.max(0, rounded + xZero));
    return (q - xZero) * xScale;
  });
  assertClose(features, expected, 1e-6, 'dequantized features');
  const before = await runOnce(bytes, { x: new ort.Tensor('float32', x, [rows, K]) });
  assertClose(out.logits, before.logits, 0, 'logits vs original model');
});

test('SqueezeNet-style 1×1 conv classifier: features are the pooled conv input', async () => {
  const r = prng(21);
  const conv = randoms(r, 6 * 3 * 9, 0.5);
  const convB = randoms(r, 6, 0.1);
  const head = randoms(r, 5 * 6, 0.5);
  const bytes = model({
    name: 'squeeze-like',
    input: [valueInfo('data', [1, 3, 4, 4])],
    output: [valueInfo('prob', [1, 5, 1, 1])],
    initializer: [
      floatInit('conv_w', [6, 3, 3, 3], conv), floatInit('conv_b', [6], convB),
      floatInit('head_w', [5, 6, 1, 1], head),
    ],
    node: [
      node('Conv', ['data', 'conv_w', 'conv_b'], ['c1'], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
      node('Relu', ['c1'], ['r1']),
      node('Conv', ['r1', 'head_w'], ['c2'], { kernel_shape: [1, 1] }),
      node('Relu', ['c2'], ['r2']),
      node('GlobalAveragePool', ['r2'], ['gap']),
      node('Softmax', ['gap'], ['prob'], { axis: 1 }),
    ],
  });
  const prepared = prepareGraph(bytes);
  assert.equal(prepared.featureDim, 6);
  const image = randoms(prng(22), 3 * 16);
  const out = await runOnce(prepared.bytes, { data: new ort.Tensor('float32', image, [1, 3, 4, 4]) });
  const r1 = relu(conv3x3(image, 3, 4, 4, conv, convB, 6));
  const expected = Array.from({ length: 6 }, (_, c) => r1.subarray(c * 16, (c + 1) * 16).reduce((a, b) => a + b, 0) / 16);
  assertClose(out[prepared.featureOutput], expected, 1e-5, 'pooled features');
});

test('a graph without a classifier layer is refused with a clear error', () => {
  const bytes = model({
    name: 'no-head',
    input: [valueInfo('x', [1, 8])],
    output: [valueInfo('y', [1, 8])],
    node: [node('Relu', ['x'], ['r']), node('Softmax', ['r'], ['y'], { axis: 1 })],
  });
  assert.throws(() => prepareGraph(bytes), /no classifier layer found behind output 'y'.*graph input/);
  const conv3 = model({
    name: 'conv-head',
    input: [valueInfo('x', [1, 3, 4, 4])],
    output: [valueInfo('y', [1, 2, 1, 1])],
    initializer: [floatInit('w', [2, 3, 3, 3], new Float32Array(54))],
    node: [node('Conv', ['x', 'w'], ['c'], { kernel_shape: [3, 3] }), node('GlobalAveragePool', ['c'], ['y'])],
  });
  assert.throws(() => prepareGraph(conv3), /not an ungrouped 1×1 convolution/);
  assert.throws(() => prepareGraph(vggModel(vggWeights(1), 'Flatten'), { logitsOutput: 'nope' }), /no output 'nope'/);
});

// ---- the Embedder on the same small graphs ------------------------------------------------------------

function tinyEntry(): ModelEntry {
  return {
    id: 'tiny-vgg', name: 'tiny VGG', file: 'tiny-vgg.onnx', url: 'file:tiny-vgg.onnx', sha256: '', bytes: 0,
    inputName: 'data', inputShape: [1, 3, H, W], outputName: 'fc8', classes: CLASSES, featureDim: FC7,
    quantized: false, outputIsProbability: false, license: 'test',
    preprocess: { resizeShortSide: H, cropSize: H, scale: 1 / 255, mean: [0, 0, 0], std: [1, 1, 1], channelOrder: 'RGB', layout: 'NCHW' },
  };
}

async function withModelFile<T>(bytes: Uint8Array, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-embed-'));
  try {
    const file = path.join(dir, 'model.onnx');
    fs.writeFileSync(file, bytes);
    return await fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

for (const flatten of ['Reshape', 'ComputedReshape'] as const) {
  const batched = flatten === 'Reshape';
  test(`Embedder on a static-batch graph (${flatten}): ${batched ? 'batches after surgery' : 'falls back to one image per run'}`, async () => {
    const w = vggWeights(31);
    await withModelFile(vggModel(w, flatten), async (file) => {
      const embedder = await Embedder.load(file, tinyEntry(), { provider: 'cpu', threads: 1, maxBatch: 2 });
      try {
        assert.equal(embedder.featureDim, FC7);
        assert.equal(embedder.classes, CLASSES);
        assert.equal(embedder.maxBatch, batched ? 2 : 1);
        if (batched) assert.equal(embedder.batchNote, null);
        else assert.match(embedder.batchNote ?? '', /one image at a time/);
        const count = 5; // with maxBatch 2: runs of 2, 2, 1
        const images = Array.from({ length: count }, (_, i) => randoms(prng(200 + i), 3 * H * W));
        const input = new Float32Array(count * 3 * H * W);
        images.forEach((img, i) => input.set(img, i * img.length));
        const { features, logits } = await embedder.embed(input, count);
        assert.equal(logits.length, count * CLASSES);
        images.forEach((img, i) => assertClose(features.subarray(i * FC7, (i + 1) * FC7), fc7Reference(w, img), 1e-4, `image ${i} features`));
      } finally {
        await embedder.close();
      }
    });
  });
}

test('Embedder refuses a catalog entry whose feature size does not match the graph', async () => {
  await withModelFile(vggModel(vggWeights(3), 'Flatten'), async (file) => {
    await assert.rejects(Embedder.load(file, { ...tinyEntry(), featureDim: 4096 }, { provider: 'cpu', threads: 1 }), /12 features, the catalog says 4096/);
  });
});

test('a provider that cannot start is skipped for the next one, with the reason noted', async () => {
  // DirectML does not exist in the Linux/macOS builds, so creating a session with it throws there.
  if (process.platform === 'win32') return;
  const opened = await openSession(vggModel(vggWeights(4), 'Flatten'), ['dml', 'cpu'], { logSeverityLevel: 3 });
  try {
    assert.equal(opened.provider, 'cpu');
    assert.equal(opened.notes.length, 1);
    assert.match(opened.notes[0], /^DirectML could not be used \(.+\); using CPU$/);
  } finally {
    await opened.session.release();
  }
});
