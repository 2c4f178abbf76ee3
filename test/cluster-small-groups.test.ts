// Grouping a collection of many small subjects (ten photos of each of 37 breeds) and of a few large ones, on
// synthetic ReLU-like features: what a person sees is one group per subject, nearly every photo placed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Grouper, type PhotoVectors } from '../electron/engine/cluster/grouper';
import { adjustedMutualInfo } from '../bench/eval/metrics';

/** Deterministic PRNG (mulberry32) and a normal sample from it. */
function random(seed: number): { uniform: () => number; normal: () => number } {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/**
 * `groups` subjects of `size` photos in `dim` dimensions, features as a network's after ReLU: all non-negative,
 * a strong direction shared by every photo, each subject a sparse direction of its own, photos noisy around it.
 */
function collection(groups: number, size: number, dim: number, seed: number): { photos: PhotoVectors; truth: number[] } {
  const rnd = random(seed);
  const shared = Array.from({ length: dim }, () => rnd.uniform());
  const centres = Array.from({ length: groups }, () => Array.from({ length: dim }, () => (rnd.uniform() < 0.15 ? 2 * rnd.uniform() : 0)));
  const n = groups * size;
  const matrix = new Float32Array(n * dim);
  const truth: number[] = [];
  for (let i = 0; i < n; i++) {
    const g = i % groups; // interleaved, as photos of a folder rarely come sorted by subject
    truth.push(g);
    for (let t = 0; t < dim; t++) matrix[i * dim + t] = Math.max(0, shared[t] + centres[g][t] + 0.6 * rnd.normal());
  }
  const paths = truth.map((g, i) => `subject-${g}/photo-${i}.jpg`);
  return { photos: { paths, hashes: paths.map((_, i) => `h${i}`), dim, matrix, tops: paths.map(() => []) }, truth };
}

function score(photos: PhotoVectors, truth: number[], grouping: { groups: Array<{ files: string[] }>; unsorted: string[] }) {
  const label = new Map<string, number>();
  grouping.groups.forEach((g, gi) => g.files.forEach((f) => label.set(f, gi)));
  const pred = photos.paths.map((p) => label.get(p) ?? -1);
  const placed = pred.filter((l) => l >= 0).length / pred.length;
  return { ami: adjustedMutualInfo(truth, pred), placed, groups: grouping.groups.length };
}

test('37 subjects of 10 photos each: about one group per subject, nearly every photo placed', async () => {
  const { photos, truth } = collection(37, 10, 96, 7);
  const grouper = await Grouper.prepare(photos, { seed: 3 });
  const g = grouper.group(0.5);
  const s = score(photos, truth, g);
  assert.ok(s.groups >= 30 && s.groups <= 45, `${s.groups} groups for 37 subjects`);
  assert.ok(s.ami >= 0.85, `AMI ${s.ami.toFixed(3)}`);
  assert.ok(s.placed >= 0.9, `${(s.placed * 100).toFixed(0)}% placed`);
  const seen = new Set<string>();
  for (const group of g.groups) for (const f of group.files) seen.add(f);
  for (const f of g.unsorted) seen.add(f);
  assert.equal(seen.size, photos.paths.length, 'every photo exactly once');
});

test('3 subjects of 150 photos each: three groups, not dozens of fragments', async () => {
  const { photos, truth } = collection(3, 150, 96, 11);
  const grouper = await Grouper.prepare(photos, { seed: 3 });
  const s = score(photos, truth, grouper.group(0.5));
  assert.equal(s.groups, 3);
  assert.ok(s.ami >= 0.9, `AMI ${s.ami.toFixed(3)}`);
  assert.ok(s.placed >= 0.9, `${(s.placed * 100).toFixed(0)}% placed`);
});
