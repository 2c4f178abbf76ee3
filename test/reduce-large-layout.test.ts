// The layout of large graphs (from GRAPH_ORDER_FROM points): numbered breadth first so that neighbours sit together
// in memory, negative samples drawn from a per-epoch pool that stays in cache. It must lay clusters out as well as
// the plain layout does, give the same bytes from worker threads as from this thread, and hand back every point's
// coordinates under its own number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embed, embedAsync, nearestNeighbours, type NeighbourGraph } from '../electron/engine/cluster/reduce';
import { GRAPH_ORDER_FROM } from '../electron/engine/cluster/reduce/embed';
import { fuzzySimplicialSet, type FuzzyGraph } from '../electron/engine/cluster/reduce/fuzzy-graph';
import { breadthFirstRank, renumber } from '../electron/engine/cluster/reduce/graph-order';
import { localAlloc } from '../electron/engine/cluster/reduce/alloc';
import { Rng } from '../electron/engine/cluster/reduce/rng';
import { runLocal } from '../electron/engine/cluster/reduce/run-local';
import { sgdPlan } from '../electron/engine/cluster/reduce/sgd-layout';

/** n points in `clusters` tight 6-d blobs, listed in an order unrelated to the blobs (as photos are indexed). */
function shuffledBlobs(n: number, clusters: number, seed: number): { x: Float32Array; labels: Int32Array } {
  const dim = 6;
  const rng = new Rng(seed);
  const centres = Float32Array.from({ length: clusters * dim }, () => rng.gaussian() * 6);
  const x = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rng.next() * clusters);
    labels[i] = c;
    for (let t = 0; t < dim; t++) x[i * dim + t] = centres[c * dim + t] + rng.gaussian();
  }
  return { x, labels };
}

/** Share of each point's 10 nearest points in the embedding that carry its label. */
function agreement(e: Float32Array, labels: Int32Array): number {
  const n = labels.length;
  const g = nearestNeighbours(e, n, 10, 10, { metric: 'euclidean', method: 'approximate', seed: 1 });
  let same = 0;
  for (let i = 0; i < n * 10; i++) if (labels[g.indices[i]] === labels[Math.floor(i / 10)]) same++;
  return same / (n * 10);
}

function graphOf(x: Float32Array, n: number): NeighbourGraph {
  return nearestNeighbours(x, n, 6, 14, { metric: 'euclidean', method: 'approximate', seed: 2 });
}

test('breadth-first numbering: a permutation, neighbours numbered near each other, edges kept', () => {
  const n = 6000;
  const { x } = shuffledBlobs(n, 12, 3);
  const fuzzy = fuzzySimplicialSet(graphOf(x, n));
  const rank = breadthFirstRank(fuzzy);
  assert.deepEqual([...rank].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i), 'each number once');
  const spread = (g: FuzzyGraph) => {
    let s = 0;
    for (let e = 0; e < g.edges; e++) s += Math.abs(g.head[e] - g.tail[e]);
    return s / g.edges / n;
  };
  const renumbered = renumber(fuzzy, rank);
  assert.ok(spread(renumbered) < spread(fuzzy) / 5, `mean gap between neighbours: ${spread(fuzzy).toFixed(3)} → ${spread(renumbered).toFixed(3)} of n`);
  for (const e of [0, 17, fuzzy.edges - 1]) {
    assert.equal(renumbered.head[e], rank[fuzzy.head[e]]);
    assert.equal(renumbered.tail[e], rank[fuzzy.tail[e]]);
    assert.equal(renumbered.weight[e], fuzzy.weight[e]);
  }
  // Components each take a run of numbers: two far-apart blobs and a lone point.
  const two: FuzzyGraph = { n: 5, edges: 3, head: Int32Array.of(0, 4, 1), tail: Int32Array.of(4, 1, 3), weight: Float32Array.of(1, 1, 1) };
  assert.deepEqual([...breadthFirstRank(two)], [0, 2, 4, 3, 1]);
});

test('negatives from a pool lay clusters out as well as negatives from all points', () => {
  const n = 5000;
  const { x, labels } = shuffledBlobs(n, 10, 5);
  const fuzzy = fuzzySimplicialSet(graphOf(x, n));
  const rng = new Rng(4);
  const start = Float32Array.from({ length: n * 10 }, () => rng.next() * 10);
  const layout = (negativePool: number) => {
    const emb = Float32Array.from(start);
    runLocal(sgdPlan(localAlloc, fuzzy, emb, { dim: 10, epochs: 60, a: 1.93, b: 0.79, gamma: 1, learningRate: 1, negativeSampleRate: 5, partitions: 8, seed: 3, negativePool }));
    return emb;
  };
  const all = agreement(layout(0), labels);
  const pooled = agreement(layout(256), labels);
  assert.ok(all > 0.9, `all points: ${all.toFixed(3)}`);
  assert.ok(pooled >= all - 0.01, `pool: ${pooled.toFixed(3)}, all points: ${all.toFixed(3)}`);
});

test(`from ${GRAPH_ORDER_FROM} points: clusters apart, each point's coordinates its own, worker threads give the same bytes`, async () => {
  const n = GRAPH_ORDER_FROM;
  const { x, labels } = shuffledBlobs(n, 16, 7);
  const graph = graphOf(x, n);
  const opts = { seed: 9, epochs: 30 };
  const local = embed(graph, opts);
  assert.ok(local.every(Number.isFinite));
  const agree = agreement(local, labels);
  assert.ok(agree > 0.9, `10-NN label agreement ${agree.toFixed(3)}`);
  const threaded = await embedAsync(graph, { ...opts, threads: 2 });
  assert.deepEqual(threaded, local);
  // A starting layout is taken point by point: started where they already lie, blobs stay apart.
  const again = embed(graph, { ...opts, init: local, epochs: 5 });
  assert.ok(agreement(again, labels) > 0.9);
});
