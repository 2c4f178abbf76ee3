// The neighbour search of the reduction: exact search against a naive reference, the approximate search's recall on
// realistic (non-negative, clustered) features, determinism and identical results on worker threads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestNeighbours, nearestNeighboursAsync, normalizeFeatures, type Metric } from '../electron/engine/cluster/reduce';
import { localAlloc } from '../electron/engine/cluster/reduce/alloc';
import { fillEmpty, heapOffer, sortRow } from '../electron/engine/cluster/reduce/neighbour-heap';
import { pcaPlan, projectPlan } from '../electron/engine/cluster/reduce/pca';
import { Rng } from '../electron/engine/cluster/reduce/rng';
import { runLocal } from '../electron/engine/cluster/reduce/run-local';
import { symmetricEigen } from '../electron/engine/cluster/reduce/symmetric-eigen';

/** Features like a ReLU layer's: non-negative, sparse cluster centres plus noise, clipped at 0. */
function reluClusters(n: number, dim: number, clusters: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  const centres = new Float32Array(clusters * dim);
  for (let i = 0; i < centres.length; i++) centres[i] = rng.next() < 0.4 ? Math.abs(rng.gaussian()) * 1.5 : 0;
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = rng.int(clusters);
    const spread = 0.4 + 0.6 * rng.next();
    for (let t = 0; t < dim; t++) x[i * dim + t] = Math.max(0, centres[c * dim + t] + spread * 0.8 * rng.gaussian());
  }
  return x;
}

function gaussianRows(n: number, dim: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * dim }, () => rng.gaussian());
}

/** Straight from the definition: all distances, sorted by (distance, index), the first k. */
function naiveKnn(x: Float32Array, n: number, dim: number, k: number, metric: Metric): { indices: number[][]; distances: number[][] } {
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row: Array<[number, number]> = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let t = 0; t < dim; t++) {
        const a = x[i * dim + t], b = x[j * dim + t];
        s += metric === 'cosine' ? a * b : (a - b) * (a - b);
      }
      row.push([Math.fround(metric === 'cosine' ? Math.max(0, 1 - s) : Math.sqrt(s)), j]);
    }
    row.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    indices.push(row.slice(0, k).map((r) => r[1]));
    distances.push(row.slice(0, k).map((r) => r[0]));
  }
  return { indices, distances };
}

function recall(truth: Int32Array, found: Int32Array, n: number, k: number): number {
  let hit = 0;
  for (let i = 0; i < n; i++) {
    const s = new Set(truth.subarray(i * k, i * k + k));
    for (let j = 0; j < k; j++) if (s.has(found[i * k + j])) hit++;
  }
  return hit / (n * k);
}

test('heaps keep the k nearest, ties to the smaller index, whatever the order of arrival', () => {
  const k = 5;
  const offers: Array<[number, number]> = [[7, 0.5], [3, 0.2], [9, 0.2], [1, 0.9], [4, 0.2], [2, 0.1], [8, 0.5], [6, 0.3]];
  const expected = [2, 3, 4, 9, 6];
  const rng = new Rng(3);
  for (let trial = 0; trial < 20; trial++) {
    const idx = new Int32Array(k);
    const dist = new Float32Array(k);
    fillEmpty(idx, dist);
    const order = [...offers].sort(() => rng.next() - 0.5);
    for (const [j, d] of order) heapOffer(idx, dist, null, 0, k, j, Math.fround(d), 0);
    sortRow(idx, dist, null, 0, k);
    assert.deepEqual([...idx], expected);
  }
});

test('exact search equals the naive reference (cosine and Euclidean, duplicates, n ≤ k)', () => {
  for (const [n, dim, k] of [[150, 20, 7], [97, 5, 10], [40, 33, 39], [6, 3, 10], [1, 4, 3]]) {
    const x = gaussianRows(n, dim, n + dim);
    // a few exact duplicates: distance 0, ties broken by index
    if (n > 20) for (const [a, b] of [[3, 11], [12, 19], [5, 11]]) x.copyWithin(a * dim, b * dim, (b + 1) * dim);
    for (const metric of ['cosine', 'euclidean'] as const) {
      const input = metric === 'cosine' ? normalizeFeatures(x, n, dim) : x;
      const g = nearestNeighbours(input, n, dim, k, { metric, method: 'exact' });
      const ref = naiveKnn(input, n, dim, k, metric);
      assert.equal(g.k, k);
      for (let i = 0; i < n; i++) {
        const have = Math.min(k, n - 1);
        assert.deepEqual([...g.indices.subarray(i * k, i * k + have)], ref.indices[i], `${metric} n=${n} row ${i}`);
        for (let j = 0; j < have; j++) assert.ok(Math.abs(g.distances[i * k + j] - ref.distances[i][j]) <= 1e-6);
        for (let j = have; j < k; j++) {
          assert.equal(g.indices[i * k + j], -1, 'padding when n ≤ k');
          assert.equal(g.distances[i * k + j], Infinity);
        }
      }
    }
  }
});

test('approximate search finds ≥ 90% of the true neighbours of realistic features, the same for a seed', async () => {
  const n = 3000, dim = 256, k = 14;
  const x = normalizeFeatures(reluClusters(n, dim, 20, 1), n, dim);
  const exact = nearestNeighbours(x, n, dim, k, { method: 'exact' });
  const approx = nearestNeighbours(x, n, dim, k, { method: 'approximate', seed: 5 });
  const r = recall(exact.indices, approx.indices, n, k);
  assert.ok(r >= 0.9, `recall ${r.toFixed(3)}`);
  // distances are the true cosine distances of the pairs found, nearest first
  for (let i = 0; i < n; i += 97) {
    for (let j = 0; j < k; j++) {
      const nb = approx.indices[i * k + j];
      let s = 0;
      for (let t = 0; t < dim; t++) s += x[i * dim + t] * x[nb * dim + t];
      assert.ok(Math.abs(approx.distances[i * k + j] - (1 - s)) < 1e-5);
      if (j > 0) assert.ok(approx.distances[i * k + j] >= approx.distances[i * k + j - 1]);
    }
  }
  const again = nearestNeighbours(x, n, dim, k, { method: 'approximate', seed: 5 });
  assert.deepEqual(again.indices, approx.indices);
  const threaded = await nearestNeighboursAsync(x, n, dim, k, { method: 'approximate', seed: 5, threads: 2 });
  assert.deepEqual(threaded.indices, approx.indices, 'worker threads give the same graph');
  assert.deepEqual(threaded.distances, approx.distances);
});

test('normalizeFeatures: unit rows; centring takes the mean out first; zero and non-finite values are safe', () => {
  const n = 50, dim = 8;
  const x = reluClusters(n, dim, 3, 2);
  x.fill(0, 8 * dim, 9 * dim);
  x[3 * dim] = NaN;
  const plain = normalizeFeatures(x, n, dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < dim; t++) s += plain[i * dim + t] ** 2;
    assert.ok(i === 8 ? s === 0 : Math.abs(s - 1) < 1e-6, `row ${i}`);
  }
  const centred = normalizeFeatures(x, n, dim, { centre: true });
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) mean[t] += plain[i * dim + t] / n;
  for (let i = 0; i < n; i++) {
    let s = 0;
    let along = 0;
    for (let t = 0; t < dim; t++) {
      s += centred[i * dim + t] ** 2;
      along += centred[i * dim + t] * (plain[i * dim + t] - mean[t]);
    }
    assert.ok(Math.abs(s - 1) < 1e-5);
    assert.ok(along > 0, 'same direction as the centred row');
  }
});

test('normalizeFeatures on chosen rows: the same as normalizing those rows copied out; rows out of the matrix are refused', () => {
  const n = 30, dim = 6;
  const x = reluClusters(n, dim, 3, 4);
  const rows = [4, 0, 17, 17, 29];
  const picked = Float32Array.from(rows.flatMap((r) => [...x.subarray(r * dim, (r + 1) * dim)]));
  for (const centre of [0, 0.5]) {
    assert.deepEqual(normalizeFeatures(x, rows.length, dim, { rows, centre }), normalizeFeatures(picked, rows.length, dim, { centre }));
  }
  assert.throws(() => normalizeFeatures(x, 2, dim, { rows: [0, n] }), /row 30/);
  assert.throws(() => normalizeFeatures(x, 3, dim, { rows: [0, 1] }), /2 rows/);
});

test('PCA sketch finds the planted directions; Jacobi eigenvectors satisfy A·v = λ·v', () => {
  const n = 2000, dim = 60, rank = 5;
  const rng = new Rng(9);
  const basis = gaussianRows(rank, dim, 4);
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < rank; r++) {
      const c = rng.gaussian() * (rank - r) * 3;
      for (let t = 0; t < dim; t++) x[i * dim + t] += c * basis[r * dim + t];
    }
    for (let t = 0; t < dim; t++) x[i * dim + t] += 0.01 * rng.gaussian() + 2;
  }
  const pca = runLocal(pcaPlan(localAlloc, x, n, dim, rank, new Rng(1), { sample: 1000 }));
  // the components are orthonormal and span the planted subspace: projecting a row loses almost nothing
  for (let a = 0; a < rank; a++) {
    for (let b = 0; b < rank; b++) {
      let s = 0;
      for (let t = 0; t < dim; t++) s += pca.components[a * dim + t] * pca.components[b * dim + t];
      assert.ok(Math.abs(s - (a === b ? 1 : 0)) < 1e-5);
    }
  }
  const y = runLocal(projectPlan(localAlloc, x, n, pca));
  let kept = 0;
  let total = 0;
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) mean[t] += x[i * dim + t] / n;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < dim; t++) total += (x[i * dim + t] - mean[t]) ** 2;
    for (let c = 0; c < rank; c++) kept += y[i * rank + c] ** 2;
  }
  assert.ok(kept / total > 0.999, `variance kept ${kept / total}`);
  for (let c = 1; c < rank; c++) assert.ok(pca.variance[c] <= pca.variance[c - 1]);

  const m = 12;
  const a = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) a[i * m + j] = a[j * m + i] = rng.gaussian();
  const eig = symmetricEigen(a, m);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < m; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += a[i * m + j] * eig.vectors[j * m + c];
      assert.ok(Math.abs(s - eig.values[c] * eig.vectors[i * m + c]) < 1e-9);
    }
    if (c > 0) assert.ok(eig.values[c] <= eig.values[c - 1]);
  }
});
