// The granularity knob and the placement of every photo on its group's prototype.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paramsFor } from '../electron/engine/cluster/granularity';
import { FeatureRows } from '../electron/engine/cluster/feature-rows';
import { placeByPrototypes } from '../electron/engine/cluster/placement';
import { normalizeFeatures } from '../electron/engine/cluster/reduce';

test('the knob: more, smaller groups as it rises; sizes grow slowly with the collection; bad values refused', () => {
  for (const n of [200, 1000, 5000, 100000]) {
    const sizes = [0, 0.25, 0.5, 0.75, 1].map((g) => paramsFor(n, g).minClusterSize);
    for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i] <= sizes[i - 1], `n=${n}: ${sizes}`);
    assert.ok(sizes[0] > sizes[4], `n=${n}: the ends differ`);
  }
  assert.ok(paramsFor(370).minClusterSize <= 8, 'ten photos of each of 37 breeds can still form groups');
  assert.ok(paramsFor(100000).minClusterSize <= 40);
  assert.equal(paramsFor(1000, 1).selection, 'leaf');
  assert.equal(paramsFor(1000, 0.5).selection, 'eom');
  assert.ok(paramsFor(4).minClusterSize <= 3);
  assert.throws(() => paramsFor(100, 1.5), /between 0 and 1/);
  assert.throws(() => paramsFor(100, Number.NaN), /between 0 and 1/);
});

test('every photo goes to the group whose prototype it resembles; a photo its neighbours disown stays unsorted', () => {
  // Features in 3-d: group 0 along x, group 1 along y. Photo 6 (noise) lies near x; photo 7 (clustered in group 1
  // by the embedding) lies near x too, so it moves; photo 8 lies near y but its neighbours are all in group 0.
  const feats = [
    [1, 0.1, 0], [1, 0, 0.1], [1, 0.05, 0.05], // group 0
    [0.1, 1, 0], [0, 1, 0.1], [0.05, 1, 0.05], // group 1
    [0.9, 0.2, 0.1], // 6: noise, near group 0
    [0.95, 0.1, 0], // 7: labelled group 1 by HDBSCAN, but lies in group 0
    [0.1, 0.9, 0.2], // 8: noise, near group 1, its only neighbour from group 1 is photo 7
  ];
  const matrix = Float32Array.from(feats.flat());
  const rows = new FeatureRows(matrix, feats.map((_, i) => i), 3, 0);
  const clusters = Int32Array.from([0, 0, 0, 1, 1, 1, -1, 1, -1]);
  const k = 3;
  const neighbours = Int32Array.from([1, 2, 6, 0, 2, 6, 0, 1, 6, 4, 5, 7, 3, 5, 7, 3, 4, 7, 0, 1, 2, 0, 6, 2, 7, 0, 1]);
  const similarity = new Float32Array(neighbours.length).fill(0.9);
  const placed = placeByPrototypes(clusters, rows, neighbours, similarity, k);
  assert.deepEqual([...placed.labels.slice(0, 6)], [0, 0, 0, 1, 1, 1], 'members stay');
  assert.equal(placed.suggested[0], 0, 'original members are not suggestions');
  assert.equal(placed.labels[6], 0);
  assert.ok(Math.abs(placed.suggested[6] - 1) < 1e-6, 'all its neighbours agree');
  assert.equal(placed.labels[7], 0, 'a member the embedding misplaced goes to the prototype it resembles');
  assert.ok(placed.suggested[7] > 0);
  assert.equal(placed.labels[8], -1, 'nearest prototype group 1, but no neighbour is left there: unsorted');
  assert.equal(placed.suggested[8], 0);
});

test('feature rows: partial centring gives the same geometry as normalizeFeatures', () => {
  const n = 7;
  const dim = 5;
  const matrix = Float32Array.from({ length: n * dim }, (_, i) => ((i * 37) % 11) / 3 + 0.1);
  const ref = normalizeFeatures(matrix, n, dim, { centre: 0.5 });
  const rows = new FeatureRows(matrix, Array.from({ length: n }, (_, i) => i), dim, 0.5);
  const v = Float64Array.from({ length: dim }, (_, t) => Math.sin(t + 1));
  const vMean = v.reduce((a, x, t) => a + x * rows.mean[t], 0);
  for (let i = 0; i < n; i++) {
    let expected = 0;
    for (let t = 0; t < dim; t++) expected += ref[i * dim + t] * v[t];
    assert.ok(Math.abs(rows.dot(i, v, 0, vMean) - expected) < 1e-5, `row ${i}`);
    const sum = new Float64Array(dim);
    rows.addTo(i, sum, 0);
    for (let t = 0; t < dim; t++) assert.ok(Math.abs(sum[t] - ref[i * dim + t]) < 1e-5);
  }
});
