import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enlargeSquare } from '../electron/engine/decode/resample';

function image(w: number, h: number, f: (x: number, y: number) => [number, number, number]): Uint8Array {
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.set(f(x, y), (y * w + x) * 3);
  return out;
}

test('a square enlarged to its own size is the square itself', () => {
  const src = image(10, 8, (x, y) => [x * 20, y * 30, (x + y) * 7]);
  const out = enlargeSquare(src, 10, 1, 0, 8, 8);
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) assert.deepEqual([...out.subarray((y * 8 + x) * 3, (y * 8 + x) * 3 + 3)], [(x + 1) * 20, y * 30, (x + 1 + y) * 7]);
});

test('flat colour stays flat when a 32 px photo is enlarged to 224 px', () => {
  const out = enlargeSquare(image(32, 32, () => [32, 160, 64]), 32, 0, 0, 32, 224);
  for (let i = 0; i < out.length; i += 3) assert.deepEqual([out[i], out[i + 1], out[i + 2]], [32, 160, 64]);
});

test('enlarging interpolates smoothly between neighbours and keeps the edges', () => {
  const two = image(2, 2, (x) => (x === 0 ? [0, 0, 0] : [200, 200, 200]));
  const up = enlargeSquare(two, 2, 0, 0, 2, 8);
  const row = Array.from({ length: 8 }, (_, x) => up[x * 3]);
  assert.deepEqual(row, [0, 0, 25, 75, 125, 175, 200, 200]);
  assert.throws(() => enlargeSquare(two, 2, 0, 0, 2, 1), /only enlarges/);
});
