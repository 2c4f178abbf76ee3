// The embedding half of the reduction: curve parameters, fuzzy memberships, that clusters stay apart in 10-d,
// determinism for a seed, the same bytes from worker threads, and cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { curveParameters, embed, embedAsync, nearestNeighbours, nearestNeighboursAsync, normalizeFeatures, reduce, reduceSync, sharedRows, type NeighbourGraph } from '../electron/engine/cluster/reduce';
import { fuzzySimplicialSet, memberships } from '../electron/engine/cluster/reduce/fuzzy-graph';
import { localAlloc } from '../electron/engine/cluster/reduce/alloc';
import { Rng } from '../electron/engine/cluster/reduce/rng';
import { runLocal } from '../electron/engine/cluster/reduce/run-local';
import { sgdPlan } from '../electron/engine/cluster/reduce/sgd-layout';

/** Gaussian blobs: `clusters` centres spread `separation` apart on average, unit noise. */
function blobs(n: number, dim: number, clusters: number, separation: number, seed: number): { x: Float32Array; labels: Int32Array } {
  const rng = new Rng(seed);
  const centres = Float32Array.from({ length: clusters * dim }, () => (rng.gaussian() * separation) / Math.sqrt(2));
  const x = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    labels[i] = c;
    for (let t = 0; t < dim; t++) x[i * dim + t] = centres[c * dim + t] + rng.gaussian();
  }
  return { x, labels };
}

/** Share of each point's k nearest points (Euclidean, in the embedding) that carry its label. */
function labelAgreement(e: Float32Array, dim: number, labels: Int32Array, k: number): number {
  const n = labels.length;
  const g = nearestNeighbours(e, n, dim, k, { metric: 'euclidean', method: 'exact' });
  let same = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) if (labels[g.indices[i * k + j]] === labels[i]) same++;
  return same / (n * k);
}

test('curve parameters match UMAP’s fit for min_dist 0 and 0.1', () => {
  const zero = curveParameters(0);
  assert.ok(Math.abs(zero.a - 1.93) < 0.01 && Math.abs(zero.b - 0.79) < 0.01, JSON.stringify(zero));
  const tenth = curveParameters(0.1);
  assert.ok(Math.abs(tenth.a - 1.577) < 0.01 && Math.abs(tenth.b - 0.895) < 0.01, JSON.stringify(tenth));
});

test('memberships sum to log2(k + 1) per point, the nearest neighbour weighs 1, the union is a + b − ab', () => {
  const n = 300, dim = 12, k = 9;
  const { x } = blobs(n, dim, 3, 6, 5);
  const g = nearestNeighbours(normalizeFeatures(x, n, dim), n, dim, k);
  const w = memberships(g);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += w[i * k + j];
    assert.ok(Math.abs(s - Math.log2(k + 1)) < 1e-3, `row ${i}: ${s}`);
    assert.equal(w[i * k], 1);
  }
  const fuzzy = fuzzySimplicialSet(g);
  const seen = new Set<string>();
  for (let e = 0; e < fuzzy.edges; e++) {
    const [h, t] = [fuzzy.head[e], fuzzy.tail[e]];
    const key = `${Math.min(h, t)}-${Math.max(h, t)}`;
    assert.ok(!seen.has(key), 'each pair once');
    seen.add(key);
    const wa = weightOf(g, w, h, t);
    const wb = weightOf(g, w, t, h);
    assert.ok(Math.abs(fuzzy.weight[e] - (wa + wb - wa * wb)) < 1e-6);
  }
  // every directed edge of the graph is in the union
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) assert.ok(seen.has(`${Math.min(i, g.indices[i * k + j])}-${Math.max(i, g.indices[i * k + j])}`));
});

function weightOf(g: NeighbourGraph, w: Float32Array, i: number, j: number): number {
  for (let s = i * g.k; s < (i + 1) * g.k; s++) if (g.indices[s] === j) return w[s];
  return 0;
}

test('five blobs in 64-d stay apart in 10-d (10-NN label agreement ≥ 0.95), the same for a seed', (t) => {
  const n = 1000, dim = 64;
  // close enough that a few of each point's nearest features belong to another blob
  const { x, labels } = blobs(n, dim, 5, 1, 11);
  const graph = nearestNeighbours(normalizeFeatures(x, n, dim), n, dim, 14);
  const e = embed(graph, { seed: 3 });
  assert.equal(e.length, n * 10);
  assert.ok(e.every(Number.isFinite));
  const agreement = labelAgreement(e, 10, labels, 10);
  const inFeatures = labelAgreement(x, dim, labels, 10);
  t.diagnostic(`10-NN label agreement: features ${inFeatures.toFixed(3)}, embedding ${agreement.toFixed(3)}`);
  assert.ok(agreement >= 0.95, `agreement ${agreement.toFixed(3)}`);
  assert.ok(agreement >= inFeatures - 0.01, 'not worse than the features themselves');
  const again = embed(graph, { seed: 3 });
  assert.deepEqual(again, e, 'same seed, same bytes');
  const other = embed(graph, { seed: 4, epochs: 20 });
  assert.notDeepEqual(other, e);
});

test('partitioned layout (large n): worker threads give the same bytes as this thread', async () => {
  const n = 5000, dim = 16;
  const { x, labels } = blobs(n, dim, 8, 4, 2);
  const graph = nearestNeighbours(normalizeFeatures(x, n, dim), n, dim, 14, { method: 'approximate', seed: 1 });
  const opts = { seed: 9, epochs: 40 };
  const local = embed(graph, opts);
  const threaded = await embedAsync(graph, { ...opts, threads: 2 });
  assert.deepEqual(threaded, local);
  assert.ok(labelAgreement(local, 10, labels, 10) > 0.9);
});

test('reduce: normalizes, searches and embeds; async equals sync; cancellation stops it', async () => {
  const n = 600, dim = 32;
  const { x, labels } = blobs(n, dim, 4, 3, 8);
  const scaled = x.map((v, t) => v * (1 + (Math.floor(t / dim) % 7))); // row scale must not matter
  const progress: number[] = [];
  const r = await reduce(scaled, n, dim, { seed: 1, epochs: 100, onProgress: (done, total) => progress.push(done / total) });
  assert.equal(r.graph.k, 14);
  assert.equal(r.embedding.length, n * 10);
  assert.ok(labelAgreement(r.embedding, 10, labels, 10) > 0.9);
  assert.equal(progress[progress.length - 1], 1);
  assert.ok(progress.every((p, i) => i === 0 || p > progress[i - 1]));
  assert.deepEqual(reduceSync(scaled, n, dim, { seed: 1, epochs: 100 }).embedding, r.embedding);

  const controller = new AbortController();
  await assert.rejects(
    reduce(scaled, n, dim, { seed: 1, signal: controller.signal, onProgress: (done) => done > 500 && controller.abort(new Error('stop')) }),
    /stop/,
  );
});

test('rows normalized into shared memory and searched by worker threads: the same graph as on this thread, the rows left as they were', async () => {
  const n = 3000, dim = 32; // enough for worker threads
  const { x } = blobs(n, dim, 4, 3, 8);
  const plain = normalizeFeatures(x, n, dim, { centre: 0.5 });
  const rows = normalizeFeatures(x, n, dim, { centre: 0.5, out: sharedRows(n, dim) });
  const before = Float32Array.from(rows);
  const given = await nearestNeighboursAsync(rows, n, dim, 14, { method: 'approximate', seed: 2, threads: 2 });
  const own = nearestNeighbours(plain, n, dim, 14, { method: 'approximate', seed: 2 });
  assert.deepEqual(given.indices, own.indices);
  assert.deepEqual(rows, before, 'the rows are left as they were');
});

test('reduce on chosen rows of a larger matrix gives what it gives on those rows copied out, on worker threads or not', async () => {
  // 4,500 of 6,000 rows: enough for the search's and the layout's worker threads.
  const n = 6000, dim = 32;
  const { x } = blobs(n, dim, 4, 3, 8);
  const rows = Array.from({ length: 4500 }, (_, i) => (i * 7) % n);
  const picked = Float32Array.from(rows.flatMap((r) => [...x.subarray(r * dim, (r + 1) * dim)]));
  const opts = { seed: 1, epochs: 50, centre: 0.5, knn: { method: 'approximate' as const } };
  const own = reduceSync(picked, rows.length, dim, opts);
  assert.deepEqual(reduceSync(x, rows.length, dim, { ...opts, rows }), own);
  const threaded = await reduce(x, rows.length, dim, { ...opts, rows, threads: 2 });
  assert.deepEqual(threaded.graph.indices, own.graph.indices);
  assert.deepEqual(threaded.embedding, own.embedding);
});

test('tiny inputs: no points, one, a few (fewer than the neighbourhood), all identical', () => {
  for (const n of [0, 1, 2, 5, 13, 40]) {
    const dim = 6;
    const x = Float32Array.from({ length: n * dim }, (_, t) => ((t * 7919) % 13) / 13);
    const r = reduceSync(x, n, dim, { seed: 1 });
    assert.equal(r.embedding.length, n * 10);
    assert.ok(r.embedding.every(Number.isFinite), `n=${n}`);
    assert.equal(r.graph.indices.length, n * 14);
  }
  const same = new Float32Array(30 * 4).fill(0.5);
  const r = reduceSync(same, 30, 4, { seed: 1 });
  assert.ok(r.embedding.every(Number.isFinite));
  assert.ok(r.graph.distances.every((d, t) => r.graph.indices[t] < 0 || d === 0));
});

test('the unrolled layout kernel computes exactly what the generic loop does', () => {
  for (const [n, dim, parts] of [[400, 10, 1], [900, 3, 8], [300, 16, 8]]) {
    const { x } = blobs(n, 8, 4, 4, n);
    const graph = nearestNeighbours(normalizeFeatures(x, n, 8), n, 8, 10);
    const fuzzy = fuzzySimplicialSet(graph);
    const start = new Float32Array(n * dim);
    const rng = new Rng(1);
    for (let t = 0; t < start.length; t++) start[t] = rng.next() * 10;
    const run = (generic: boolean, negativePool = 0) => {
      const emb = Float32Array.from(start);
      runLocal(sgdPlan(localAlloc, fuzzy, emb, { dim, epochs: 30, a: 1.9, b: 0.79, gamma: 1, learningRate: 1, negativeSampleRate: 5, partitions: parts, seed: 5, generic, negativePool }));
      return emb;
    };
    assert.deepEqual(run(false), run(true), `${dim}-d, ${parts} partitions`);
    assert.deepEqual(run(false, 64), run(true, 64), `${dim}-d, ${parts} partitions, negatives from a pool`);
  }
});
