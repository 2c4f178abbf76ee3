// Class names and top-k classes from logits (pure helpers).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonName, loadClassNames, topClasses } from '../electron/engine/embed/classes';

test('class names: 1000 of them, common name is the first synonym', () => {
  const names = loadClassNames();
  assert.equal(names.length, 1000);
  assert.equal(commonName(207), 'golden retriever');
  assert.equal(commonName(0), 'tench');
  assert.throws(() => commonName(1000), /no ImageNet class/);
});

test('topClasses: softmax of logits, best first, ties by index, no overflow', () => {
  const row = new Float32Array(1000);
  row[5] = 1000; // would overflow exp() without the max shift
  row[7] = 1000;
  row[3] = 999;
  const top = topClasses(row, 3, false);
  assert.deepEqual(top.map(([i]) => i), [5, 7, 3]);
  assert.ok(Math.abs(top[0][1] - top[1][1]) < 1e-12);
  const e = Math.exp(-1);
  assert.ok(Math.abs(top[2][1] - e / (2 + e + 997 * Math.exp(-1000))) < 1e-9);
});

test('topClasses: probabilities pass through; a 1001-wide row drops the background class', () => {
  const probs = new Float32Array(1000);
  probs[42] = 0.75;
  probs[1] = 0.25;
  assert.deepEqual(topClasses(probs, 2, true), [[42, 0.75], [1, 0.25]]);

  const withBackground = new Float32Array(1001);
  withBackground[0] = 50; // background, the largest logit
  withBackground[208] = 10; // golden retriever, shifted by one
  const [[index, p]] = topClasses(withBackground, 1, false);
  assert.equal(index, 207);
  assert.ok(p < 1e-9, 'probability is still relative to the whole row');
});
