// Photos with no group among their own neighbours look further along the neighbour graph for candidate groups
// (nearby-groups.ts), and placement settles them among those: never a comparison with every group, whose cost grew
// with the square of the collection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearbyGroups } from '../electron/engine/cluster/nearby-groups';
import { FeatureRows } from '../electron/engine/cluster/feature-rows';
import { placeByPrototypes } from '../electron/engine/cluster/placement';

/** n×k neighbour lists from each point's list (padded with -1). */
function graph(lists: number[][], k: number): Int32Array {
  return Int32Array.from(lists.flatMap((l) => [...l, ...new Array(k - l.length).fill(-1)]));
}

test('the groups at the fewest hops along the neighbour graph, each once', () => {
  const k = 3;
  // 0–2 group 0, 3–5 group 1. 6 → 7 → 0: two hops to group 0. 8 → 9 → 3 (two hops to group 1) and 8 → 10 → 11 →
  // 0 (three hops to group 0): only group 1. 12 → 13 → {1, 4}: both groups, two hops each.
  const clusters = Int32Array.from([0, 0, 0, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1]);
  const neighbours = graph(
    [[1, 2], [0, 2], [0, 1], [4, 5], [3, 5], [3, 4], [7], [0, 6], [9, 10], [3, 8], [11], [0], [13], [1, 4, 12]],
    k,
  );
  const asked = Int32Array.from([6, 8, 12, 7]);
  assert.deepEqual(nearbyGroups(clusters, neighbours, k, asked), [[0], [1], [0, 1], [0]]);
});

test('a knot of photos that only see each other takes the groups nearest it in the embedding', () => {
  const k = 2;
  // 0–1 group 0 at x = 0, 2–3 group 1 at x = 10; 4 and 5 see only each other and lie at x = 9.
  const clusters = Int32Array.from([0, 0, 1, 1, -1, -1]);
  const neighbours = graph([[1], [0], [3], [2], [5], [4]], k);
  const points = Float32Array.from([0, 0.1, 10, 10.1, 9, 9.1]);
  const asked = Int32Array.from([4, 5]);
  assert.deepEqual(nearbyGroups(clusters, neighbours, k, asked), [[], []], 'no path and no embedding: no candidate');
  assert.deepEqual(nearbyGroups(clusters, neighbours, k, asked, { points, dim: 1 }), [[1], [1]]);
});

test('a photo among unsorted neighbours joins a group along the graph, suggested, when its neighbours go there too', () => {
  // 3-d features: group 0 along x, group 1 along y. Photos 6 and 7 are noise, each other's neighbour, and reach
  // group 0 through 7's other neighbour; they lie between x and y, a little nearer y, so comparing them with every
  // group would put them in group 1: group 0 can only come from the graph.
  const feats = [
    [1, 0.1, 0], [1, 0, 0.1], [1, 0.05, 0.05],
    [0.1, 1, 0], [0, 1, 0.1], [0.05, 1, 0.05],
    [0.6, 0.8, 0], [0.6, 0.75, 0.1],
  ];
  const matrix = Float32Array.from(feats.flat());
  const rows = new FeatureRows(matrix, feats.map((_, i) => i), 3, 0);
  const clusters = Int32Array.from([0, 0, 0, 1, 1, 1, -1, -1]);
  const k = 2;
  const neighbours = graph([[1, 2], [0, 2], [0, 1], [4, 5], [3, 5], [3, 4], [7], [6, 0]], k);
  const similarity = new Float32Array(neighbours.length).fill(0.9);
  const placed = placeByPrototypes(clusters, rows, neighbours, similarity, k);
  assert.equal(placed.labels[6], 0, 'two hops to group 0');
  assert.equal(placed.labels[7], 0);
  assert.ok(placed.suggested[6] > 0 && placed.suggested[7] > 0, 'placed by neighbours, so suggested');
});
