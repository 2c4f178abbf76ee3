// The grouping's fast paths choose exactly what their plain versions choose: mergeByMeaning's candidate pairs
// (prefix filtering) against rescanning every pair after every merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeByMeaning } from '../electron/engine/cluster/merge-by-meaning';
import type { TopClasses } from '../electron/engine/library/library';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
}

/** The plain merge: rescan every pair for the most alike (lowest pair on ties) until none reaches the bar. */
function mergeByFullScan(labels: Int32Array, tops: TopClasses[], bar: number): number[] {
  const groups = labels.reduce((a, l) => Math.max(a, l + 1), 0);
  const sums = Array.from({ length: groups }, () => new Map<number, number>());
  labels.forEach((g, i) => g >= 0 && tops[i].forEach(([c, p]) => sums[g].set(c, (sums[g].get(c) ?? 0) + p)));
  const map = Array.from({ length: groups }, (_, g) => g);
  const alive = new Array<boolean>(groups).fill(true);
  const cos = (a: Map<number, number>, b: Map<number, number>) => {
    let ab = 0, aa = 0, bb = 0;
    a.forEach((x, c) => ((aa += x * x), (ab += x * (b.get(c) ?? 0))));
    b.forEach((y) => (bb += y * y));
    return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
  };
  for (;;) {
    let best = -Infinity, A = -1, B = -1;
    for (let a = 0; a < groups; a++) for (let b = a + 1; b < groups; b++) {
      if (!alive[a] || !alive[b]) continue;
      const s = cos(sums[a], sums[b]);
      if (s > best + 1e-12) [best, A, B] = [s, a, b];
    }
    if (A < 0 || best < bar) return map;
    alive[B] = false;
    sums[B].forEach((y, c) => sums[A].set(c, (sums[A].get(c) ?? 0) + y));
    for (let g = 0; g < groups; g++) if (map[g] === B) map[g] = A;
  }
}

test('mergeByMeaning merges as a full rescan after every merge does', () => {
  const rnd = lcg(11);
  for (let trial = 0; trial < 60; trial++) {
    const groups = 2 + Math.floor(rnd() * 40);
    const classes = 2 + Math.floor(rnd() * 6);
    const labels = Int32Array.from({ length: groups * 3 }, (_, i) => (rnd() < 0.1 ? -1 : i % groups));
    const tops: TopClasses[] = Array.from(labels, () => [[Math.floor(rnd() * classes), 0.3 + rnd() * 0.6], [classes + Math.floor(rnd() * 3), 0.1]]);
    const bar = [0.95, 0.8, 0.6][trial % 3];
    assert.deepEqual([...mergeByMeaning(labels, tops, bar)], mergeByFullScan(labels, tops, bar), `trial ${trial}`);
  }
});

test('mergeByMeaning on many groups sharing a few dominant classes merges as the full rescan does', () => {
  // Hundreds of groups, most led by one of a few classes with a tail of rarer ones: the shape of a large
  // collection (many "Trucks" groups), where merges chain and the merged groups' prefixes change.
  const rnd = lcg(29);
  for (const [groups, bar] of [[160, 0.95], [120, 0.9], [80, 0.99]] as const) {
    const labels = Int32Array.from({ length: groups * 4 }, (_, i) => i % groups);
    const lead = Array.from({ length: groups }, () => Math.floor(rnd() * 6));
    const tops: TopClasses[] = Array.from(labels, (g) => [
      [lead[g], 0.5 + rnd() * 0.4],
      [10 + Math.floor(rnd() * 40), 0.05 + rnd() * 0.2],
      [100 + ((g * 7) % 50), 0.02 + rnd() * 0.05],
    ]);
    const fast = [...mergeByMeaning(labels, tops, bar)];
    assert.deepEqual(fast, mergeByFullScan(labels, tops, bar), `${groups} groups, bar ${bar}`);
    assert.ok(new Set(fast).size < groups, 'some groups merged');
  }
  assert.throws(() => mergeByMeaning(Int32Array.from([0, 1]), [[], []], 0), /bar/);
});
