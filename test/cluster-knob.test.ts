// The granularity knob (even steps over its whole range, on the messy folder and CIFAR-10) and the placement of every
// photo on its group's prototype.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { KNOB_SPAN, targetGroups, treeParams } from '../electron/engine/cluster/granularity';
import { readFolderVectors } from '../electron/engine/cluster/folder-vectors';
import { Grouper } from '../electron/engine/cluster/grouper';
import { indexFolder } from '../electron/engine/pipeline/index-folder';
import { condense, mutualReachabilityTree, selectClusters } from '../electron/engine/cluster/hdbscan';
import { CoarseCuts, FineCuts } from '../electron/engine/cluster/knob';
import { DATASETS, SHARED_MODELS, prng, tempDir } from './helpers';
import { FeatureRows } from '../electron/engine/cluster/feature-rows';
import { placeByPrototypes } from '../electron/engine/cluster/placement';
import { normalizeFeatures } from '../electron/engine/cluster/reduce';

test('the knob aims at counts spaced evenly from the fewest through the default to the most', () => {
  const range = { fewest: 3, usual: 10, most: 200 };
  const targets = Array.from({ length: 11 }, (_, i) => targetGroups(i / 10, range));
  assert.equal(targets[0], 3);
  assert.equal(targets[5], 10, 'the default position aims at the default grouping');
  assert.equal(targets[10], 10 * KNOB_SPAN, 'no more than KNOB_SPAN times the default at the fine end');
  for (let i = 1; i < targets.length; i++) {
    assert.ok(targets[i] > targets[i - 1], `rises: ${targets.map((x) => x.toFixed(1))}`);
    assert.ok(targets[i] / targets[i - 1] <= 1.75, `even steps: ${targets.map((x) => x.toFixed(1))}`);
  }
  // A collection whose tree offers little either way: the ends stay within what it offers.
  assert.equal(targetGroups(0, { fewest: 2, usual: 2, most: 5 }), 2);
  assert.equal(targetGroups(1, { fewest: 2, usual: 2, most: 5 }), 5);
  assert.throws(() => targetGroups(1.5, range), /between 0 and 1/);
  assert.throws(() => targetGroups(Number.NaN, range), /between 0 and 1/);
  // HDBSCAN's own parameters still grow slowly with the collection.
  assert.ok(treeParams(370).minClusterSize <= 8, 'ten photos of each of 37 breeds can still form groups');
  assert.ok(treeParams(100000).minClusterSize <= 40);
  assert.ok(treeParams(4).minClusterSize <= 3);
});

/** Three groups of 60 points in 2-d, each made of two tight halves: a hierarchy two levels deep. */
function nestedBlobs(): { points: Float32Array; group: Int32Array; half: Int32Array } {
  const rand = prng(7);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const centres = [[0, 0], [40, 0], [0, 40]];
  const points: number[] = [];
  const group: number[] = [];
  const half: number[] = [];
  centres.forEach(([x, y], g) => {
    for (const side of [-1, 1]) {
      for (let i = 0; i < 30; i++) {
        points.push(x + side * 4 + gauss() * 0.6, y + gauss() * 0.6);
        group.push(g);
        half.push(g * 2 + (side > 0 ? 1 : 0));
      }
    }
  });
  return { points: Float32Array.from(points), group: Int32Array.from(group), half: Int32Array.from(half) };
}

/** Whether every cluster of `labels` lies inside one class of `truth` (noise aside). */
function within(labels: Int32Array, truth: Int32Array): boolean {
  const classOf = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] < 0) continue;
    if ((classOf.get(labels[i]) ?? truth[i]) !== truth[i]) return false;
    classOf.set(labels[i], truth[i]);
  }
  return true;
}

test('the knob\'s cuts: joins up the tree below the default, its groups divided along their own trees above it', () => {
  const { points, group, half } = nestedBlobs();
  const n = group.length;
  const single = mutualReachabilityTree(points, n, 2, { minClusterSize: 10, minSamples: 10 });
  const tree = condense(single, n, 10);
  // Excess of mass picks the six halves; coarser cuts join them back up the tree, to the three groups and beyond.
  const usual = Array.from(selectClusters(tree, n, { selection: 'eom' }).clusterNodes);
  const usualLabels = selectClusters(tree, n, { clusters: usual }).labels;
  assert.ok(within(usualLabels, half) && new Set(usualLabels).size === 6, 'the default is the six halves');
  const coarse = new CoarseCuts(tree, usual, n, Infinity, (l) => new Set(Array.from(l).filter((x) => x >= 0)).size);
  assert.deepEqual(Array.from(coarse.labels(coarse.length - 1)), Array.from(usualLabels), 'the last coarse cut is the default');
  for (let i = 1; i < coarse.length; i++) assert.ok(coarse.groupsAt(i) === coarse.groupsAt(i - 1) + 1, `one join a step: ${coarse.groupsAt(i - 1)} → ${coarse.groupsAt(i)}`);
  const three = Array.from({ length: coarse.length }, (_, i) => i).find((i) => coarse.groupsAt(i) === 3)!;
  assert.ok(within(coarse.labels(three), group), 'three groups: the three blobs, halves joined');
  assert.equal(coarse.nearest(3), three);

  // Above a default of the three blobs, each is divided along its own tree, back into its halves.
  const base = coarse.labels(three);
  const locals = [0, 1, 2].map((g) => {
    const members = Int32Array.from(Array.from(base.keys()).filter((i) => base[i] === g));
    const sub = new Float32Array(members.length * 2);
    members.forEach((p, j) => sub.set(points.subarray(p * 2, p * 2 + 2), j * 2));
    return { points: members, tree: condense(mutualReachabilityTree(sub, members.length, 2, { minClusterSize: 5, minSamples: 5 }), members.length, 5) };
  });
  const fine = new FineCuts(base, locals);
  assert.deepEqual(Array.from(fine.labels(0)), Array.from(base), 'the first fine cut is the default');
  for (let i = 1; i < fine.length; i++) {
    assert.ok(fine.groupsAt(i) > fine.groupsAt(i - 1), 'each step adds groups');
    assert.ok(within(fine.labels(i), group), 'finer cuts only divide the default groups');
    assert.equal(new Set(Array.from(fine.labels(i)).filter((x) => x >= 0)).size, fine.groupsAt(i), 'counts are exact');
  }
  const six = fine.nearest(6);
  assert.equal(fine.groupsAt(six), 6);
  assert.ok(within(fine.labels(six), half), 'six groups: the halves');
  assert.equal(fine.nearest(1e9), fine.length - 1);
});

/**
 * The yardstick: over 11 equally spaced positions, counts never fall, take at least 6 values, and no step
 * between neighbours is larger than ×1.75 once there are 4 or more groups.
 */
function assertEvenKnob(counts: number[], where: string): void {
  for (let i = 1; i < counts.length; i++) {
    assert.ok(counts[i] >= counts[i - 1], `${where}: counts rise with the knob (${counts})`);
    if (counts[i - 1] >= 4) assert.ok(counts[i] / counts[i - 1] <= 1.75, `${where}: no jump (${counts})`);
  }
  assert.ok(new Set(counts).size >= 6, `${where}: at least 6 different counts (${counts})`);
}

async function knobCounts(set: string): Promise<{ counts: number[]; grouper: Grouper }> {
  const folder = path.join(DATASETS, set);
  const dataDir = tempDir();
  await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
  const photos = readFolderVectors(dataDir, folder, 'mobilenetv2-int8');
  const grouper = await Grouper.prepare(photos);
  return { counts: Array.from({ length: 11 }, (_, i) => grouper.group(i / 10).groups.length), grouper };
}

test('the knob moves evenly on the messy folder', async () => {
  const { counts, grouper } = await knobCounts('messy');
  assertEvenKnob(counts, 'messy');
  // The default keeps clothes, boxes and bottles apart (it used to be one group of 95).
  const names = grouper.group(0.5).groups.map((g) => g.name);
  for (const n of ['Boxes', 'Bottles', 'Shoes', 'T-shirts']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
});

test('the knob moves evenly on CIFAR-10, and its groups get names, not placeholders', async () => {
  const { counts, grouper } = await knobCounts('cifar10-test-5k');
  assertEvenKnob(counts, 'cifar10-test-5k');
  for (const g of [0, 0.5, 1]) {
    const names = grouper.group(g).groups.map((x) => x.name);
    for (const n of names) assert.doesNotMatch(n, /^Group \d|Unnamed|\(\d+\)$/, `${n} at ${g}`);
    assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
  }
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
