// The grouping's fast paths choose exactly what their plain versions choose: FeatureRows.argmaxDot against dot()
// pair by pair (ties to the lower row), and mergeByMeaning's kept best partners against rescanning every pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeatureRows } from '../electron/engine/cluster/feature-rows';
import { mergeByMeaning } from '../electron/engine/cluster/merge-by-meaning';
import type { TopClasses } from '../electron/engine/library/library';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
}

test('argmaxDot picks the row dot() ranks first, ties included', () => {
  const rnd = lcg(3);
  const dim = 37;
  const n = 23;
  const matrix = Float32Array.from({ length: n * dim }, () => rnd() - 0.3);
  const rows = new FeatureRows(matrix, Array.from({ length: n }, (_, i) => i), dim, 0.5);
  for (const groups of [1, 2, 5, 9]) {
    const v = Float64Array.from({ length: groups * dim }, () => rnd() - 0.5);
    if (groups > 2) v.copyWithin(2 * dim, 0, dim); // rows 0 and 2 equal: a tie the lower row must win
    const vMean = Float64Array.from({ length: groups }, (_, g) => {
      let s = 0;
      for (let t = 0; t < dim; t++) s += v[g * dim + t] * rows.mean[t];
      return s;
    });
    for (const count of [1, 3, 4, 7, n]) {
      const points = Int32Array.from({ length: count }, (_, i) => (i * 5) % n);
      const fast = rows.argmaxDot(points, v, vMean, groups);
      points.forEach((c, i) => {
        let best = -1;
        let bestSim = -Infinity;
        for (let g = 0; g < groups; g++) {
          const s = rows.dot(c, v, g * dim, vMean[g]);
          if (s > bestSim) (best = g), (bestSim = s);
        }
        assert.equal(fast[i], best, `point ${c}, ${groups} groups`);
      });
    }
  }
});

/** The plain merge: rescan every pair for the most alike (lowest pair on ties) until none reaches the bar. */
function mergeByFullScan(labels: Int32Array, tops: TopClasses[], bar: number): number[] {
  const groups = labels.reduce((a, l) => Math.max(a, l + 1), 0);
  const sums = Array.from({ length: groups }, () => new Map<number, number>());
  labels.forEach((g, i) => g >= 0 && tops[i].forEach(([c, p]) => sums[g].set(c, (sums[g].get(c) ?? 0) + p)));
  const map = Array.from({ length: groups }, (_, g) => g);
  const alive = new Array<boolean>(groups).fill(true);
  const cos = (a: Map<number, number>, b: Map<number, number>) => {
    let ab = 0, aa = 0, bb = 0;
    a.forEach((x, c) => ((aa += x * x), (ab += x * (b.get(c) ?? 0))));
    b.forEach((y) => (bb += y * y));
    return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
  };
  for (;;) {
    let best = -Infinity, A = -1, B = -1;
    for (let a = 0; a < groups; a++) for (let b = a + 1; b < groups; b++) {
      if (!alive[a] || !alive[b]) continue;
      const s = cos(sums[a], sums[b]);
      if (s > best + 1e-12) [best, A, B] = [s, a, b];
    }
    if (A < 0 || best < bar) return map;
    alive[B] = false;
    sums[B].forEach((y, c) => sums[A].set(c, (sums[A].get(c) ?? 0) + y));
    for (let g = 0; g < groups; g++) if (map[g] === B) map[g] = A;
  }
}

test('mergeByMeaning merges as a full rescan after every merge does', () => {
  const rnd = lcg(11);
  for (let trial = 0; trial < 60; trial++) {
    const groups = 2 + Math.floor(rnd() * 40);
    const classes = 2 + Math.floor(rnd() * 6);
    const labels = Int32Array.from({ length: groups * 3 }, (_, i) => (rnd() < 0.1 ? -1 : i % groups));
    const tops: TopClasses[] = Array.from(labels, () => [[Math.floor(rnd() * classes), 0.3 + rnd() * 0.6], [classes + Math.floor(rnd() * 3), 0.1]]);
    const bar = [0.95, 0.8, 0.6][trial % 3];
    assert.deepEqual([...mergeByMeaning(labels, tops, bar)], mergeByFullScan(labels, tops, bar), `trial ${trial}`);
  }
});
