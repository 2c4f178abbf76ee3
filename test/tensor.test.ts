import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cropToRgb, writeCropTensor, type CropSource } from '../electron/engine/decode/tensor';
import type { PreprocessSpec } from '../electron/engine/types';

const SPEC: PreprocessSpec = { resizeShortSide: 4, cropSize: 4, scale: 1 / 255, mean: [0.5, 0.25, 0], std: [0.5, 0.25, 1], channelOrder: 'RGB', layout: 'NCHW' };

function image(w: number, h: number, f: (x: number, y: number) => [number, number, number]): CropSource {
  const pixels = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) pixels.set(f(x, y), (y * w + x) * 3);
  return { pixels, width: w, height: h, left: 0, top: 0, side: Math.min(w, h) };
}

test('the tensor is NCHW, normalized per channel, taken from the centre square', () => {
  const src = { ...image(6, 4, (x, y) => [x * 50, y * 60, 255]), left: 1 };
  const out = new Float32Array(2 * 48).fill(NaN);
  writeCropTensor(src, SPEC, out, 48);
  assert.ok(Number.isNaN(out[47]), 'nothing written before the offset');
  // red plane, pixel (x=0, y=0) of the square is source column 1: 50/255 → (0.196 - 0.5) / 0.5
  assert.ok(Math.abs(out[48] - (50 / 255 - 0.5) / 0.5) < 1e-6);
  // green plane starts 16 floats later; row 2 of the square has green 120
  assert.ok(Math.abs(out[48 + 16 + 2 * 4] - (120 / 255 - 0.25) / 0.25) < 1e-6);
  assert.ok(Math.abs(out[48 + 32] - 1) < 1e-6, 'blue: 255/255 with mean 0, std 1');
});

test('BGR models get the channels reversed', () => {
  const out = new Float32Array(48);
  writeCropTensor(image(4, 4, () => [255, 0, 0]), { ...SPEC, channelOrder: 'BGR', mean: [0, 0, 0], std: [1, 1, 1] }, out);
  assert.equal(out[0], 0, 'first plane is blue');
  assert.equal(out[32], 1, 'last plane is red');
});

test('a small photo is enlarged smoothly: flat stays flat, a ramp stays monotone with its ends kept', () => {
  const flat = cropToRgb(image(32, 32, () => [32, 160, 64]), 224);
  for (let i = 0; i < flat.length; i += 3) assert.deepEqual([flat[i], flat[i + 1], flat[i + 2]], [32, 160, 64]);
  const ramp = cropToRgb(image(2, 2, (x) => (x === 0 ? [0, 0, 0] : [200, 200, 200])), 8);
  assert.deepEqual(Array.from({ length: 8 }, (_, x) => ramp[x * 3]), [0, 0, 25, 75, 125, 175, 200, 200]);
});

test('squares twice the network input or more, or outside the image, are refused', () => {
  assert.throws(() => writeCropTensor(image(8, 8, () => [0, 0, 0]), SPEC, new Float32Array(48)), /too large/);
  const shrunk = cropToRgb(image(6, 6, () => [90, 90, 90]), 4);
  assert.ok(shrunk.every((v) => v === 90), 'a square up to twice the size is shrunk in place');
  assert.throws(() => writeCropTensor({ ...image(4, 4, () => [0, 0, 0]), left: 1 }, SPEC, new Float32Array(48)), /outside/);
  assert.throws(() => writeCropTensor(image(4, 4, () => [0, 0, 0]), SPEC, new Float32Array(10)), /too small/);
});
