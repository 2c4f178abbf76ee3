// The granularity knob and the placement of photos the clustering left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paramsFor } from '../electron/engine/cluster/granularity';
import { placeUnassigned } from '../electron/engine/cluster/placement';

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

test('a left-out photo joins the group its neighbours agree on, else stays unsorted', () => {
  // photos 0-2 in group 0, 3-5 in group 1; 6 sits among group 0; 7 is split between the two.
  const labels = Int32Array.from([0, 0, 0, 1, 1, 1, -1, -1]);
  const k = 3;
  const neighbours = Int32Array.from([1, 2, 6, 0, 2, 6, 0, 1, 6, 4, 5, 7, 3, 5, 7, 3, 4, 7, 0, 1, 2, 0, 3, 6]);
  const similarity = new Float32Array(neighbours.length).fill(0.9);
  const placed = placeUnassigned(labels, neighbours, similarity, k, { minShare: 0.6, rounds: 1 });
  assert.equal(placed.labels[6], 0);
  assert.ok(Math.abs(placed.suggested[6] - 1) < 1e-6, 'all its neighbours agree');
  assert.equal(placed.labels[7], -1, 'one vote each way (and one unsorted) is not strong evidence');
  assert.equal(placed.suggested[0], 0, 'original members are not suggestions');
  // A second round lets photos placed in the first vote: 7's unsorted neighbour 6 now counts for group 0.
  const twice = placeUnassigned(labels, neighbours, similarity, k, { minShare: 0.6, rounds: 2 });
  assert.equal(twice.labels[7], 0);
});
