// HDBSCAN* on the easy case it must get right: five well-separated Gaussian blobs of 200 points in 10-d.
// (The npm package hdbscan-ts marks 84–91% of these points as noise; bench/cluster-hdbscan.ts shows it.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hdbscan, hdbscanAsync } from '../electron/engine/cluster/hdbscan';
import { prng } from './helpers';

function fiveBlobs(seed: number): { points: Float32Array; truth: Int32Array } {
  const rnd = prng(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const dim = 10;
  const points = new Float32Array(1000 * dim);
  const truth = new Int32Array(1000);
  for (let b = 0; b < 5; b++) {
    // Centres 20 apart along one axis each, unit spread: far apart compared with a blob's size (~3).
    const centre = Array.from({ length: dim }, (_, d) => (d === b ? 20 : 0));
    for (let i = 0; i < 200; i++) {
      const p = b * 200 + i;
      truth[p] = b;
      for (let d = 0; d < dim; d++) points[p * dim + d] = centre[d] + gaussian();
    }
  }
  return { points, truth };
}

function checkBlobs(labels: Int32Array, truth: Int32Array, what: string): void {
  const noise = labels.filter((l) => l < 0).length;
  assert.ok(noise < 50, `${what}: ${noise} of 1000 points are noise (want < 5%)`);
  // Each cluster lies inside one blob, each blob is one cluster.
  const blobOf = new Map<number, number>();
  const clusterOf = new Map<number, number>();
  for (let p = 0; p < labels.length; p++) {
    if (labels[p] < 0) continue;
    assert.equal(blobOf.get(labels[p]) ?? truth[p], truth[p], `${what}: cluster ${labels[p]} mixes blobs`);
    assert.equal(clusterOf.get(truth[p]) ?? labels[p], labels[p], `${what}: blob ${truth[p]} is split`);
    blobOf.set(labels[p], truth[p]);
    clusterOf.set(truth[p], labels[p]);
  }
  assert.equal(blobOf.size, 5, `${what}: clusters`);
}

test('five Gaussian blobs of 200 points in 10-d: five clusters, under 5% noise', () => {
  for (const seed of [1, 2, 3]) {
    const { points, truth } = fiveBlobs(seed);
    for (const minClusterSize of [10, 25, 50]) {
      for (const algorithm of ['prim', 'boruvka'] as const) {
        const r = hdbscan(points, 1000, 10, { minClusterSize, algorithm });
        assert.equal(r.clusterCount, 5, `seed ${seed} mcs ${minClusterSize} ${algorithm}`);
        checkBlobs(r.labels, truth, `seed ${seed} mcs ${minClusterSize} ${algorithm}`);
        const strong = r.probabilities.filter((p) => p > 0.5).length;
        assert.ok(strong > 800, `most points are strong members (${strong})`);
      }
    }
  }
});

test('five blobs through the worker path: the same clusters', async () => {
  const { points, truth } = fiveBlobs(4);
  const r = await hdbscanAsync(points, 1000, 10, { minClusterSize: 20 }, { workers: 1, minParallelN: 0 });
  checkBlobs(r.labels, truth, 'worker path');
});
