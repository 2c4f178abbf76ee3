// The fast HDBSCAN* (both MST paths: Prim and kd-tree Borůvka) against the plain reference in
// hdbscan-reference.ts, on many seeded random inputs and on adversarial ones: ties, duplicates, tiny n, all
// identical, far blobs, chains, noise, minClusterSize above n; plus re-condensation, re-selection, permutation,
// the worker path and input checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { condense, hdbscan, hdbscanAsync, mutualReachabilityTree, selectClusters, type HdbscanOptions } from '../electron/engine/cluster/hdbscan';
import { referenceHdbscan } from './hdbscan-reference';
import { prng } from './helpers';


function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

/** Same partition, whatever the cluster numbers (noise must match exactly). */
function sameUpToRelabel(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((a[i] < 0) !== (b[i] < 0)) return false;
    if (a[i] < 0) continue;
    if ((ab.get(a[i]) ?? b[i]) !== b[i] || (ba.get(b[i]) ?? a[i]) !== a[i]) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}

const stats = { cases: 0, withClusters: 0, multiCluster: 0, nearTies: 0 };

/** Runs the reference and both engine paths on one input and checks every output. */
function check(what: string, pts: Float32Array, n: number, dim: number, opts: HdbscanOptions): void {
  const ref = referenceHdbscan(pts, n, dim, opts);
  stats.cases++;
  const clusters = new Set(ref.labels.filter((l) => l >= 0)).size;
  if (clusters > 0) stats.withClusters++;
  if (clusters > 1) stats.multiCluster++;
  if (ref.nearTie) stats.nearTies++;
  for (const algorithm of ['prim', 'boruvka'] as const) {
    const label = `${what} [${algorithm}] n=${n} dim=${dim} ${JSON.stringify(opts)}`;
    const r = hdbscan(pts, n, dim, { ...opts, algorithm });
    assert.deepEqual(Array.from(r.singleLinkage.coreDistances), ref.core, `core distances: ${label}`);
    assert.deepEqual(Array.from(r.singleLinkage.weight), ref.mstWeights, `MST weights: ${label}`);
    for (let p = 0; p < n; p++) {
      assert.ok(Math.abs(r.outlierScores[p] - ref.outlierScores[p]) <= 1e-6, `outlier score of ${p}: ${r.outlierScores[p]} vs ${ref.outlierScores[p]}: ${label}`);
    }
    // A stability comparison within rounding of a tie may go either way with another summation order.
    if (ref.nearTie) continue;
    assert.ok(sameUpToRelabel(r.labels, ref.labels), `labels: ${label}\n got ${Array.from(r.labels)}\nwant ${ref.labels}`);
    assert.deepEqual(Array.from(r.labels), ref.labels, `label numbering (by lowest point): ${label}`);
    assert.equal(r.clusterCount, clusters, label);
    for (let p = 0; p < n; p++) {
      assert.ok(Math.abs(r.probabilities[p] - ref.probabilities[p]) <= 1e-6, `probability of ${p}: ${r.probabilities[p]} vs ${ref.probabilities[p]}: ${label}`);
    }
  }
}

function randomOptions(rnd: () => number, n: number): HdbscanOptions {
  const opts: HdbscanOptions = { minClusterSize: 2 + Math.floor(rnd() * Math.min(20, Math.max(2, n / 3))) };
  if (rnd() < 0.6) opts.minSamples = 1 + Math.floor(rnd() * 12);
  if (rnd() < 0.35) opts.selection = 'leaf';
  if (rnd() < 0.2) opts.allowSingleCluster = true;
  if (rnd() < 0.15) opts.clusterSelectionEpsilon = rnd() * 2;
  if (rnd() < 0.1) opts.maxClusterSize = 5 + Math.floor(rnd() * n);
  return opts;
}

/** A mixture of blobs of different spreads plus uniform noise: the shapes HDBSCAN is meant for. */
function blobsWithNoise(rnd: () => number, n: number, dim: number, blobs: number, noise: number): Float32Array {
  const pts = new Float32Array(n * dim);
  const centers = Array.from({ length: blobs }, () => Array.from({ length: dim }, () => rnd() * 20));
  const spread = centers.map(() => 0.2 + rnd());
  for (let i = 0; i < n; i++) {
    if (rnd() < noise) {
      for (let d = 0; d < dim; d++) pts[i * dim + d] = rnd() * 22 - 1;
      continue;
    }
    const c = Math.floor(rnd() * blobs);
    for (let d = 0; d < dim; d++) pts[i * dim + d] = centers[c][d] + gaussian(rnd) * spread[c];
  }
  return pts;
}

test('random inputs, dims 1–10, n 1–300, random options: same as the reference', () => {
  const rnd = prng(20250101);
  for (let trial = 0; trial < 120; trial++) {
    const n = trial % 10 === 0 ? 150 + Math.floor(rnd() * 151) : 1 + Math.floor(rnd() * 120);
    const dim = 1 + Math.floor(rnd() * 10);
    const kind = trial % 3;
    let pts: Float32Array;
    if (kind === 0) pts = Float32Array.from({ length: n * dim }, () => rnd() * 10);
    else pts = blobsWithNoise(rnd, n, dim, 1 + Math.floor(rnd() * 5), kind === 1 ? 0.1 : 0.3);
    check(`random #${trial}`, pts, n, dim, randomOptions(rnd, n));
  }
});

test('ties: integer grids, quantized coordinates and equal spacings', () => {
  const rnd = prng(7);
  for (let trial = 0; trial < 60; trial++) {
    const dim = 1 + Math.floor(rnd() * 4);
    const n = 2 + Math.floor(rnd() * 120);
    const levels = 2 + Math.floor(rnd() * 6);
    const pts = Float32Array.from({ length: n * dim }, () => Math.floor(rnd() * levels));
    check(`grid #${trial}`, pts, n, dim, randomOptions(rnd, n));
  }
  // A full regular grid: every nearest-neighbour distance is equal.
  for (const side of [3, 5, 8]) {
    const pts: number[] = [];
    for (let x = 0; x < side; x++) for (let y = 0; y < side; y++) pts.push(x, y);
    for (const mcs of [2, 3, 5, 9]) {
      check(`full grid ${side}²`, Float32Array.from(pts), side * side, 2, { minClusterSize: mcs });
      check(`full grid ${side}², leaf`, Float32Array.from(pts), side * side, 2, { minClusterSize: mcs, minSamples: 1, selection: 'leaf' });
    }
  }
  // Two identical blobs, mirror images: stabilities tie exactly.
  const rnd2 = prng(99);
  const half: number[] = [];
  for (let i = 0; i < 30; i++) half.push(gaussian(rnd2), gaussian(rnd2));
  const mirrored = [...half, ...half.map((v, i) => (i % 2 === 0 ? 50 - v : v))];
  check('mirrored blobs', Float32Array.from(mirrored), 60, 2, { minClusterSize: 5 });
  check('mirrored blobs, single allowed', Float32Array.from(mirrored), 60, 2, { minClusterSize: 5, allowSingleCluster: true });
});

test('duplicates: repeated points, and groups of copies at least minSamples large', () => {
  const rnd = prng(11);
  for (let trial = 0; trial < 40; trial++) {
    const dim = 1 + Math.floor(rnd() * 6);
    const distinct = 1 + Math.floor(rnd() * 20);
    const n = 2 + Math.floor(rnd() * 100);
    const base = Float32Array.from({ length: distinct * dim }, () => rnd() * 5);
    const pts = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const j = Math.floor(rnd() * distinct);
      for (let d = 0; d < dim; d++) pts[i * dim + d] = base[j * dim + d];
    }
    check(`copies #${trial}`, pts, n, dim, randomOptions(rnd, n));
  }
  // Blobs with a few exact copies sprinkled in.
  const pts = blobsWithNoise(rnd, 120, 3, 3, 0.1);
  for (let i = 0; i < 20; i++) pts.copyWithin(3 * (100 + i), 3 * i, 3 * i + 3);
  check('blobs with copies', pts, 120, 3, { minClusterSize: 5, minSamples: 3 });
});

test('tiny and degenerate inputs: none, one point, two points, all identical, minClusterSize above n', () => {
  const empty = hdbscan(new Float32Array(0), 0, 3, { minClusterSize: 5 });
  assert.equal(empty.labels.length, 0);
  assert.equal(empty.clusterCount, 0);
  for (const allowSingleCluster of [false, true]) {
    check('one point', Float32Array.of(1, 2), 1, 2, { minClusterSize: 2, allowSingleCluster });
    check('two points', Float32Array.of(0, 0, 3, 4), 2, 2, { minClusterSize: 2, allowSingleCluster });
    check('two equal points', Float32Array.of(1, 1, 1, 1), 2, 2, { minClusterSize: 2, allowSingleCluster });
    check('all identical', new Float32Array(50 * 4).fill(0.5), 50, 4, { minClusterSize: 5, allowSingleCluster });
    check('all identical, k=1', new Float32Array(20 * 2).fill(-3), 20, 2, { minClusterSize: 2, minSamples: 1, allowSingleCluster });
    const rnd = prng(5);
    const pts = blobsWithNoise(rnd, 40, 3, 2, 0);
    check('minClusterSize above n', pts, 40, 3, { minClusterSize: 60, allowSingleCluster });
    check('minSamples above n', pts, 40, 3, { minClusterSize: 5, minSamples: 100, allowSingleCluster });
  }
  const one = hdbscan(Float32Array.of(1, 2), 1, 2, { minClusterSize: 5 });
  assert.deepEqual(Array.from(one.labels), [-1]);
  const same = hdbscan(new Float32Array(30).fill(2), 30, 1, { minClusterSize: 5 });
  assert.ok(same.labels.every((l) => l === -1), 'identical points are one blob: no second cluster, so all noise');
  const sameSingle = hdbscan(new Float32Array(30).fill(2), 30, 1, { minClusterSize: 5, allowSingleCluster: true });
  assert.ok(sameSingle.labels.every((l) => l === 0), 'with a single cluster allowed, they are that cluster');
});

test('structured inputs: two far blobs, chains, a blob in uniform noise', () => {
  const rnd = prng(3);
  for (const dim of [1, 2, 5, 10]) {
    const n = 80;
    const pts = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) pts[i * dim + d] = gaussian(rnd) + (i < n / 2 ? 0 : 1000);
    check(`two far blobs ${dim}-d`, pts, n, dim, { minClusterSize: 5 });
    // EOM may find sub-clusters inside a blob, but never a cluster across the gap, and both blobs hold one.
    const r = hdbscan(pts, n, dim, { minClusterSize: 5 });
    const side = new Map<number, boolean>();
    for (let i = 0; i < n; i++) {
      if (r.labels[i] < 0) continue;
      assert.equal(side.get(r.labels[i]) ?? i < n / 2, i < n / 2, `two far blobs ${dim}-d: cluster ${r.labels[i]} spans the gap`);
      side.set(r.labels[i], i < n / 2);
    }
    assert.deepEqual(new Set(side.values()), new Set([true, false]));
  }
  // Chains: evenly spaced (all ties), geometric spacing, and two chains with a gap.
  const even = Float32Array.from({ length: 60 }, (_, i) => i);
  const geometric = Float32Array.from({ length: 60 }, (_, i) => 1.1 ** i);
  const gapped = Float32Array.from({ length: 60 }, (_, i) => (i < 30 ? i : i + 20));
  for (const mcs of [2, 4, 10]) {
    check('even chain', even, 60, 1, { minClusterSize: mcs });
    check('geometric chain', geometric, 60, 1, { minClusterSize: mcs });
    check('two chains', gapped, 60, 1, { minClusterSize: mcs, selection: 'leaf' });
    check('two chains eom', gapped, 60, 1, { minClusterSize: mcs });
  }
  const zigzag: number[] = [];
  for (let i = 0; i < 50; i++) zigzag.push(i, i % 2, (i * 7) % 3);
  check('zigzag chain 3-d', Float32Array.from(zigzag), 50, 3, { minClusterSize: 4, minSamples: 2 });
  for (const dim of [2, 6]) {
    const pts = blobsWithNoise(rnd, 250, dim, 1, 0.4);
    check(`blob in noise ${dim}-d`, pts, 250, dim, { minClusterSize: 8 });
    check(`blob in noise ${dim}-d, single`, pts, 250, dim, { minClusterSize: 8, allowSingleCluster: true });
    check(`blob in noise ${dim}-d, epsilon`, pts, 250, dim, { minClusterSize: 8, clusterSelectionEpsilon: 0.5 });
  }
});

test('cluster_selection_epsilon and maxClusterSize on nested blobs', () => {
  const rnd = prng(8);
  // Blobs in pairs: close pairs far apart, so epsilon can merge each pair.
  const pts: number[] = [];
  for (let pair = 0; pair < 3; pair++) {
    for (let b = 0; b < 2; b++) for (let i = 0; i < 25; i++) pts.push(pair * 100 + b * 6 + gaussian(rnd), gaussian(rnd));
  }
  const P = Float32Array.from(pts);
  for (const eps of [0, 1, 3, 10, 200]) {
    for (const selection of ['eom', 'leaf'] as const) {
      for (const allowSingleCluster of [false, true]) check(`pairs eps=${eps}`, P, 150, 2, { minClusterSize: 5, selection, clusterSelectionEpsilon: eps, allowSingleCluster });
    }
  }
  for (const maxClusterSize of [10, 30, 60, 1000]) check(`pairs max=${maxClusterSize}`, P, 150, 2, { minClusterSize: 5, maxClusterSize });
  const leaf = hdbscan(P, 150, 2, { minClusterSize: 5, selection: 'leaf' });
  const merged = hdbscan(P, 150, 2, { minClusterSize: 5, selection: 'leaf', clusterSelectionEpsilon: 20 });
  assert.ok(leaf.clusterCount >= 6, `leaf finds the six blobs (${leaf.clusterCount})`);
  assert.equal(merged.clusterCount, 3, 'epsilon 20 merges each close pair');
});

test('an exact excess-of-mass tie keeps the parent cluster, as the library does', () => {
  // Found by search: cluster {2, 5, 6, 8, 9, 15} has stability exactly 2, as do its children {5, 6} and {8, 9}
  // together. Children replace a parent only when strictly more stable.
  const pts = Float32Array.of(9, 27, 8, 32, 5, 6, 2, 15);
  const opts = { minClusterSize: 2, minSamples: 1 };
  const ref = referenceHdbscan(pts, 8, 1, opts);
  assert.ok(ref.nearTie);
  assert.deepEqual(ref.labels, [0, 1, 0, 1, 0, 0, 0, 0]);
  for (const algorithm of ['prim', 'boruvka'] as const) {
    assert.deepEqual(Array.from(hdbscan(pts, 8, 1, { ...opts, algorithm }).labels), ref.labels);
  }
});

test('the cached single linkage re-condenses, and the cached tree re-selects, as a fresh run would', () => {
  const rnd = prng(21);
  const n = 400;
  const dim = 4;
  const pts = blobsWithNoise(rnd, n, dim, 6, 0.2);
  const base = hdbscan(pts, n, dim, { minClusterSize: 5, minSamples: 5 });
  for (const mcs of [3, 8, 15, 40]) {
    const fresh = hdbscan(pts, n, dim, { minClusterSize: mcs, minSamples: 5 });
    const tree = condense(base.singleLinkage, n, mcs);
    assert.deepEqual(tree, fresh.tree, `condensed tree for minClusterSize ${mcs}`);
    for (const selection of ['eom', 'leaf'] as const) {
      const opts = { selection, clusterSelectionEpsilon: mcs > 10 ? 0.5 : 0 };
      const again = selectClusters(tree, n, opts);
      const direct = hdbscan(pts, n, dim, { minClusterSize: mcs, minSamples: 5, ...opts });
      assert.deepEqual(again.labels, direct.labels);
      assert.deepEqual(again.probabilities, direct.probabilities);
      assert.deepEqual(again.outlierScores, direct.outlierScores);
      assert.deepEqual(again.persistence, direct.persistence);
    }
  }
  assert.deepEqual(mutualReachabilityTree(pts, n, dim, { minClusterSize: 5 }), base.singleLinkage);
});

test('deterministic, and the same partition for any order of the input points', () => {
  const rnd = prng(33);
  for (let trial = 0; trial < 25; trial++) {
    const dim = 1 + Math.floor(rnd() * 5);
    const n = 20 + Math.floor(rnd() * 200);
    const pts = trial % 2 ? blobsWithNoise(rnd, n, dim, 4, 0.2) : Float32Array.from({ length: n * dim }, () => Math.floor(rnd() * 3));
    const opts = randomOptions(rnd, n);
    const a = hdbscan(pts, n, dim, opts);
    const b = hdbscan(pts, n, dim, opts);
    assert.deepEqual(a, b, 'same input, same output');
    if (referenceHdbscan(pts, n, dim, opts).nearTie) continue;
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    const shuffled = new Float32Array(n * dim);
    perm.forEach((src, dst) => shuffled.set(pts.subarray(src * dim, src * dim + dim), dst * dim));
    for (const algorithm of ['prim', 'boruvka'] as const) {
      const s = hdbscan(shuffled, n, dim, { ...opts, algorithm });
      const back = perm.map((src) => a.labels[src]);
      assert.ok(sameUpToRelabel(s.labels, back), `trial ${trial} ${algorithm}: permuted input, permuted partition`);
      perm.forEach((src, dst) => {
        assert.ok(Math.abs(s.probabilities[dst] - a.probabilities[src]) <= 1e-6);
        assert.ok(Math.abs(s.outlierScores[dst] - a.outlierScores[src]) <= 1e-6);
      });
    }
  }
});

test('the worker-thread path gives exactly the synchronous result, equal-weight edges included', async () => {
  const rnd = prng(44);
  const blobs = blobsWithNoise(rnd, 3000, 6, 8, 0.15);
  // Integer grid points with copies: a sea of equal distances, over several Borůvka chunks.
  const grid = Float32Array.from({ length: 2500 * 3 }, () => Math.floor(rnd() * 12));
  for (const [pts, n, dim] of [[blobs, 3000, 6], [grid, 2500, 3]] as const) {
    const opts = { minClusterSize: 10 };
    const sync = hdbscan(pts, n, dim, opts);
    const parallel = await hdbscanAsync(pts, n, dim, opts, { workers: 2, minParallelN: 0 });
    assert.deepEqual(parallel, sync);
  }
  assert.ok(hdbscan(blobs, 3000, 6, { minClusterSize: 10 }).clusterCount >= 4);
});

test('Prim and Borůvka agree beyond the sizes the reference can do', () => {
  const rnd = prng(55);
  const cases: [Float32Array, number, number][] = [
    [blobsWithNoise(rnd, 2500, 8, 10, 0.2), 2500, 8],
    [Float32Array.from({ length: 2000 * 2 }, () => Math.floor(rnd() * 30)), 2000, 2],
  ];
  for (const [pts, n, dim] of cases) {
    for (const opts of [{ minClusterSize: 8 }, { minClusterSize: 20, minSamples: 4, selection: 'leaf' as const }]) {
      const prim = hdbscan(pts, n, dim, { ...opts, algorithm: 'prim' });
      const boruvka = hdbscan(pts, n, dim, { ...opts, algorithm: 'boruvka' });
      assert.deepEqual(boruvka.singleLinkage.weight, prim.singleLinkage.weight);
      assert.deepEqual(boruvka.singleLinkage.coreDistances, prim.singleLinkage.coreDistances);
      assert.deepEqual(boruvka.labels, prim.labels);
      assert.deepEqual(boruvka.probabilities, prim.probabilities);
      assert.deepEqual(boruvka.outlierScores, prim.outlierScores);
    }
  }
  assert.ok(hdbscan(cases[0][0], 2500, 8, { minClusterSize: 8 }).clusterCount >= 5, 'the blob case has clusters to agree on');
});

test('bad input is refused with a clear message', () => {
  assert.throws(() => hdbscan(new Float32Array(5), 3, 2, { minClusterSize: 2 }), /fewer than n × dim/);
  assert.throws(() => hdbscan(Float32Array.of(0, NaN), 1, 2, { minClusterSize: 2 }), /non-finite/);
  assert.throws(() => hdbscan(new Float32Array(4), 2, 0, { minClusterSize: 2 }), /dim/);
  assert.throws(() => hdbscan(new Float32Array(4), 2, 2, { minClusterSize: 0 }), /minClusterSize/);
  assert.throws(() => hdbscan(new Float32Array(4), 2, 2, { minClusterSize: 2, minSamples: 0 }), /minSamples/);
});

test('coverage of the comparisons above', () => {
  // The random cases must actually exercise clusters, and near-tie skips must stay rare.
  assert.ok(stats.cases >= 300, `cases ${stats.cases}`);
  assert.ok(stats.multiCluster >= stats.cases / 4, `multi-cluster cases ${stats.multiCluster} of ${stats.cases}`);
  assert.ok(stats.nearTies <= stats.cases / 20, `near ties ${stats.nearTies} of ${stats.cases}`);
  console.log(`reference comparisons: ${JSON.stringify(stats)}`);
});
