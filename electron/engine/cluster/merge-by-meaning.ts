// Joining groups that the network names alike. HDBSCAN on the embedding splits some subjects into parts that
// lie apart in feature space (Imagenette's chain saws: close-ups, saws in use, a bridge of 11 between them, in
// three unnamed groups), yet the classifier reads every part the same way. Each group's meaning is its mean top-5
// class probabilities; groups whose meanings point the same way are one subject. Split parts of one subject score
// 0.98–0.99 (cosine of those vectors); different subjects stay under 0.1 on Imagenette and under 0.86 on CIFAR-10
// at 32 px, where every class is blurry (cat vs dog 0.85), so a high bar merges only what the network cannot tell
// apart. Photos without top classes (tests, foreign features) carry no meaning and never cause a merge. Pure.
import type { TopClasses } from '../library/library';
import { BinaryHeap } from './binary-heap';

/**
 * Least cosine between two groups' mean class probabilities for them to merge. Split subjects 0.98–0.99; the
 * closest distinct subjects seen 0.85 (CIFAR-10 cat and dog groups).
 */
export const MERGE_MIN_MEANING = 0.95;

/**
 * Merge map of groups: `labels` (-1 = none) of points whose top classes are `tops[i]`; returns for every group
 * label the label of the group it joins (itself when none), merging the most alike pair first (ties to the lowest
 * pair), a merged pair then counting as one group with their summed probabilities. `minMeaning` in (0, 1].
 *
 * Comparing every pair of groups costs groups² (thousands of groups at 100,000 photos, and the merges on top), so
 * only pairs that can reach the bar are compared, found by prefix filtering (Bayardo, Ma & Srikant 2007): with the
 * classes in one fixed order (rarest first), a group's prefix is its classes up to where the rest of its vector is
 * shorter than the bar (relative to its length). Two groups whose prefixes share no class score under the bar: every
 * class they share lies in the rest of the one whose prefix ends first. Each group is listed under its prefix's
 * classes, so its candidates are the groups listed there; a merged group is listed again under its new prefix.
 * Pairs at the bar or above wait in a heap; a pair whose group has merged since is skipped when it comes up. The
 * result is the full scan's: the best pair among all alive pairs is always in the heap.
 */
export function mergeByMeaning(labels: Int32Array, tops: ArrayLike<TopClasses>, minMeaning = MERGE_MIN_MEANING): Int32Array {
  if (!(minMeaning > 0 && minMeaning <= 1)) throw new RangeError(`mergeByMeaning: the bar must be in (0, 1], got ${minMeaning}`);
  const groups = labels.reduce((a, l) => Math.max(a, l + 1), 0);
  const joinedTo = Int32Array.from({ length: groups }, (_, g) => g);
  if (groups < 2) return joinedTo;
  // Summed probabilities per group, sparse: a group's photos share few classes.
  const sums: Array<Map<number, number>> = Array.from({ length: groups }, () => new Map());
  for (let i = 0; i < labels.length; i++) {
    const g = labels[i];
    if (g >= 0) for (const [c, p] of tops[i]) sums[g].set(c, (sums[g].get(c) ?? 0) + p);
  }
  const norm2 = new Float64Array(groups);
  const holders = new Map<number, number>();
  for (let g = 0; g < groups; g++) {
    for (const [c, v] of sums[g]) {
      norm2[g] += v * v;
      holders.set(c, (holders.get(c) ?? 0) + 1);
    }
  }
  // The fixed order: rarest classes first, so that the lists of popular classes stay short.
  const rank = new Map([...holders.entries()].sort((x, y) => x[1] - y[1] || x[0] - y[0]).map(([c], i) => [c, i]));
  const cosine = (a: number, b: number): number => {
    if (!(norm2[a] > 0 && norm2[b] > 0)) return 0;
    const [x, y] = sums[a].size <= sums[b].size ? [sums[a], sums[b]] : [sums[b], sums[a]];
    let ab = 0;
    for (const [c, v] of x) {
      const w = y.get(c);
      if (w !== undefined) ab += v * w;
    }
    return ab / Math.sqrt(norm2[a] * norm2[b]);
  };
  /** A group's prefix: its classes in the fixed order until the rest's squared length is under bar² × its own. */
  const prefix = (g: number): number[] => {
    const entries = [...sums[g].entries()].sort((x, y) => rank.get(x[0])! - rank.get(y[0])!);
    let rest = norm2[g];
    const limit = minMeaning * minMeaning * norm2[g];
    const out: number[] = [];
    // A little room for rounding: a prefix one class too long only adds candidates.
    for (const [c, v] of entries) {
      if (rest < limit * (1 - 1e-9)) break;
      out.push(c);
      rest -= v * v;
    }
    return out;
  };

  const alive = new Uint8Array(groups).fill(1);
  const version = new Int32Array(groups);
  const listed = new Map<number, number[]>();
  const listedUnder: Array<Set<number>> = Array.from({ length: groups }, () => new Set());
  interface Pair {
    cos: number;
    a: number;
    b: number;
    va: number;
    vb: number;
  }
  const heap = new BinaryHeap<Pair>((x, y) => x.cos > y.cos || (x.cos === y.cos && (x.a < y.a || (x.a === y.a && x.b < y.b))));
  const seen = new Int32Array(groups).fill(-1);
  let stamp = 0;
  /** Puts group g's pairs at the bar with every listed group in the heap, then lists g under its prefix. */
  const offer = (g: number): void => {
    if (!(norm2[g] > 0)) return; // no evidence: never merges
    const mine = prefix(g);
    stamp++;
    seen[g] = stamp;
    for (const c of mine) {
      for (const o of listed.get(c) ?? []) {
        if (seen[o] === stamp || !alive[o]) continue;
        seen[o] = stamp;
        const cos = cosine(g, o);
        if (cos < minMeaning) continue;
        const [a, b] = g < o ? [g, o] : [o, g];
        heap.push({ cos, a, b, va: version[a], vb: version[b] });
      }
    }
    for (const c of mine) {
      if (listedUnder[g].has(c)) continue;
      listedUnder[g].add(c);
      const list = listed.get(c);
      if (list) list.push(g);
      else listed.set(c, [g]);
    }
  };
  for (let g = 0; g < groups; g++) offer(g);
  for (;;) {
    const top = heap.pop();
    if (!top) break;
    const { a, b } = top;
    if (!alive[a] || !alive[b] || version[a] !== top.va || version[b] !== top.vb) continue;
    // b joins a (the lower label): its probabilities add to a's.
    for (const [c, v] of sums[b]) sums[a].set(c, (sums[a].get(c) ?? 0) + v);
    norm2[a] = 0;
    for (const v of sums[a].values()) norm2[a] += v * v;
    alive[b] = 0;
    sums[b] = new Map();
    version[a]++;
    joinedTo[b] = a;
    offer(a);
  }
  // Each group's final group: follow the joins (always to a lower label, so the chain ends).
  for (let g = 0; g < groups; g++) joinedTo[g] = joinedTo[joinedTo[g]];
  return joinedTo;
}
