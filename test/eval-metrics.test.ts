// The evaluation's scores against values worked out by hand and against chance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustedMutualInfo, adjustedRandIndex, coverage } from '../bench/eval/metrics';

const close = (actual: number, expected: number, tol = 1e-9) => assert.ok(Math.abs(actual - expected) <= tol, `${actual} ≠ ${expected}`);

test('identical labelings and relabelings score 1', () => {
  const truth = [0, 0, 1, 1, 2, 2, 2, -1];
  const renamed = [7, 7, 3, 3, -5, -5, -5, 9];
  for (const pred of [truth, renamed]) {
    close(adjustedMutualInfo(truth, pred), 1);
    close(adjustedRandIndex(truth, pred), 1);
  }
  close(adjustedMutualInfo([1, 1, 1], [0, 0, 0]), 1, 0);
  close(adjustedRandIndex([], []), 1, 0);
});

test('a small example worked out by hand', () => {
  const truth = [0, 0, 0, 1, 1, 1];
  const pred = [0, 0, 1, 1, 2, 2];
  // Contingency rows (truth) × columns (pred): [2 1 0; 0 1 2]. Pairs together in both: C(2,2) + C(2,2) = 2.
  // Truth pairs: 2·C(3,2) = 6; pred pairs: 3·C(2,2) = 3; all pairs: C(6,2) = 15.
  // Expected index 6·3/15 = 1.2, maximum (6 + 3)/2 = 4.5, so ARI = (2 − 1.2)/(4.5 − 1.2) = 8/33.
  close(adjustedRandIndex(truth, pred), 8 / 33);

  // Two halves against the crossing halves, N = 4: MI = 0. Each of the 4 cells (row 2, column 2) holds 1 with
  // probability 4/6 (contributing log 1 = 0) or 2 with probability 1/6 (contributing (2/4)·log 2), so
  // E[MI] = 4 · (1/6)(1/2) log 2 = (log 2)/3; both entropies are log 2.
  // AMI = (0 − (log 2)/3)/(log 2 − (log 2)/3) = −1/2.
  close(adjustedMutualInfo([0, 0, 1, 1], [0, 1, 0, 1]), -0.5);
  // Same pair for ARI: no pair together in both, 2 pairs each, C(4,2) = 6: (0 − 4/6)/(2 − 4/6) = −1/2.
  close(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]), -0.5);
});

test('scikit-learn values for a larger uneven example', () => {
  // Values from scikit-learn 1.2.1 (adjusted_mutual_info_score, adjusted_rand_score), computed once
  // during development, not at test time.
  const truth = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, -1, -1];
  const pred = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2, -1, -1, -1, 3];
  close(adjustedMutualInfo(truth, pred), SKLEARN_AMI, 1e-9);
  close(adjustedRandIndex(truth, pred), SKLEARN_ARI, 1e-9);
});

test('independent random labelings score about 0', () => {
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const n = 2000;
  const truth = Int32Array.from({ length: n }, () => Math.floor(rand() * 10));
  const pred = Int32Array.from({ length: n }, () => Math.floor(rand() * 25) - 1);
  assert.ok(Math.abs(adjustedMutualInfo(truth, pred)) < 0.02);
  assert.ok(Math.abs(adjustedRandIndex(truth, pred)) < 0.02);
});

test('unsorted photos count as one extra label, as in the reference figures', () => {
  const truth = [0, 0, 0, 1, 1, 1, 2, 2, 2];
  const withNoise = [0, 0, -1, 1, 1, -1, -1, 2, 2];
  const noiseAsGroup = withNoise.map((l) => (l === -1 ? 99 : l));
  close(adjustedMutualInfo(truth, withNoise), adjustedMutualInfo(truth, noiseAsGroup), 0);
  close(adjustedRandIndex(truth, withNoise), adjustedRandIndex(truth, noiseAsGroup), 0);
  // The unsorted label is not "correct" just because it is a label: less than the noise-free score.
  assert.ok(adjustedMutualInfo(truth, withNoise) < 1);
});

test('coverage is the share of photos placed in a group', () => {
  assert.equal(coverage([0, 1, -1, 2]), 0.75);
  assert.equal(coverage([0, 1, 0, 2], 0), 0.5);
  assert.equal(coverage(Int32Array.of(-1, -1)), 0);
  assert.equal(coverage([]), 0);
});

test('labelings of different lengths are refused', () => {
  assert.throws(() => adjustedMutualInfo([0, 1], [0]), RangeError);
  assert.throws(() => adjustedRandIndex([0], [0, 1]), RangeError);
});

const SKLEARN_AMI = 0.4789388917911982;
const SKLEARN_ARI = 0.34844192634560905;
