import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeHalf, encodeHalf, fromHalfBits, toHalfBits } from '../electron/engine/library/float16';

test('float16 round trip keeps three significant digits across the range features take', () => {
  const values = [0, 1, -1, 0.5, 3.14159, 65504, 1e-5, -2.5e-3, 12.345, 0.1];
  const back = decodeHalf(encodeHalf(values));
  values.forEach((v, i) => assert.ok(Math.abs(back[i] - v) <= Math.abs(v) * 1e-3 + 6e-8, `${v} -> ${back[i]}`));
});

test('float16 edge values: exact powers of two, overflow to infinity, subnormals, NaN', () => {
  assert.equal(toHalfBits(1), 0x3c00);
  assert.equal(toHalfBits(-2), 0xc000);
  assert.equal(toHalfBits(70000), 0x7c00);
  assert.equal(fromHalfBits(0x0001), 2 ** -24);
  assert.equal(toHalfBits(2 ** -24), 0x0001);
  assert.ok(Number.isNaN(fromHalfBits(toHalfBits(NaN))));
  // round half to even at the 11th bit: 1 + 2^-11 lies exactly between two halves and goes to the even one (1)
  assert.equal(toHalfBits(1 + 2 ** -11), 0x3c00);
  assert.equal(toHalfBits(1 + 3 * 2 ** -11), 0x3c02);
});
