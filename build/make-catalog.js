#!/usr/bin/env node
// Builds models/catalog.json from the ONNX Model Zoo hub manifest (image classification entries).
// The zoo supplies the facts (URL, sha256, size, tensor names and shapes); this script adds only
// what the manifest does not say: our short ids, feature sizes and preprocessing.
// Usage: node build/make-catalog.js <onnx-hub-classification.json> [out.json]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const DEFAULT_ID = 'mobilenetv2-int8';

// Every one of these is an ImageNet-1k network trained on [0,1] RGB normalized with the ImageNet
// statistics. 224/224 (cover, then centre crop) matches how the reference quality figures were made.
const IMAGENET_PREPROCESS = {
  resizeShortSide: 224,
  cropSize: 224,
  scale: 1 / 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  channelOrder: 'RGB',
  layout: 'NCHW',
};

// Order here is the order shown by `likeness models list`.
const MODELS = [
  {
    id: 'mobilenetv2-int8',
    file: 'mobilenetv2-12-int8.onnx',
    name: 'MobileNet v2 1.0 (int8)',
    featureDim: 1280,
    quantized: true,
    notes: 'Default: small and fast. Features are the 1280-d pooled vector feeding the last QLinearMatMul; it comes out of a quantized Reshape, so dequantize it with that tensor\'s scale and zero point.',
  },
  {
    id: 'mobilenetv2',
    file: 'mobilenetv2-12.onnx',
    name: 'MobileNet v2 1.0',
    featureDim: 1280,
    quantized: false,
    notes: 'Features are the 1280-d pooled vector, the input of the last Gemm.',
  },
  {
    id: 'vgg16',
    file: 'vgg16-12.onnx',
    name: 'VGG-16',
    featureDim: 4096,
    quantized: false,
    notes: 'The design\'s model (553 MB). Output vgg0_dense2_fwd is fc8; features are fc7, the input of that last Gemm. Batch size is fixed at 1.',
  },
  {
    id: 'vgg16-int8',
    file: 'vgg16-12-int8.onnx',
    name: 'VGG-16 (int8)',
    featureDim: 4096,
    quantized: true,
    notes: 'Output vgg0_dense2_fwd is fc8; features are fc7, the input of that last layer. Batch size is fixed at 1.',
  },
  {
    id: 'resnet50',
    file: 'resnet50-v1-12.onnx',
    name: 'ResNet-50 v1',
    featureDim: 2048,
    quantized: false,
    notes: 'Features are the 2048-d pooled vector, the input of the last dense layer (resnetv17_dense0).',
  },
  {
    id: 'resnet50-int8',
    file: 'resnet50-v1-12-int8.onnx',
    name: 'ResNet-50 v1 (int8)',
    featureDim: 2048,
    quantized: true,
    notes: 'Features are the 2048-d pooled vector, the input of the last dense layer (resnetv17_dense0).',
  },
];

function fail(message) {
  process.stderr.write(`make-catalog: ${message}\n`);
  process.exit(1);
}

function buildCatalog(hub) {
  if (!hub || typeof hub.download_base !== 'string' || !Array.isArray(hub.models)) fail('not an ONNX hub manifest (need download_base and models[])');
  const entries = MODELS.map((m) => {
    const found = hub.models.filter((h) => path.posix.basename(h.model_path) === m.file);
    if (found.length !== 1) fail(`expected exactly one hub entry for ${m.file}, found ${found.length}`);
    const h = found[0];
    if (h.inputs.length !== 1 || h.outputs.length !== 1) fail(`${m.file}: expected one input and one output`);
    const classes = h.outputs[0].shape[h.outputs[0].shape.length - 1];
    if (typeof classes !== 'number') fail(`${m.file}: class count is not a number`);
    return {
      id: m.id,
      name: m.name,
      file: m.file,
      url: hub.download_base + h.model_path,
      sha256: h.sha256,
      bytes: h.bytes,
      inputName: h.inputs[0].name,
      inputShape: h.inputs[0].shape,
      outputName: h.outputs[0].name,
      classes,
      featureDim: m.featureDim,
      quantized: m.quantized,
      // These zoo classifiers end in a plain Gemm/MatMul (no Softmax in the graph): logits.
      outputIsProbability: false,
      preprocess: IMAGENET_PREPROCESS,
      license: 'Apache-2.0',
      notes: m.notes,
    };
  });
  return { source: hub.source || 'ONNX Model Zoo hub manifest', default: DEFAULT_ID, models: entries };
}

// JSON with short arrays of scalars kept on one line, so shapes and means stay readable in diffs.
function format(value, indent = '') {
  if (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const inner = indent + '  ';
  const items = Array.isArray(value)
    ? value.map((v) => inner + format(v, inner))
    : Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return items.length ? `${open}\n${items.join(',\n')}\n${indent}${close}` : open + close;
}

function main(argv) {
  const [hubPath, outArg] = argv;
  if (!hubPath) fail('usage: node build/make-catalog.js <onnx-hub-classification.json> [out.json]');
  const hub = JSON.parse(fs.readFileSync(hubPath, 'utf8'));
  const out = outArg || path.join(__dirname, '..', 'models', 'catalog.json');
  fs.writeFileSync(out, format(buildCatalog(hub)) + '\n');
  process.stdout.write(`wrote ${MODELS.length} models to ${path.relative(process.cwd(), out) || out}\n`);
}

if (require.main === module) main(process.argv.slice(2));
module.exports = { buildCatalog };
