// Flat groupings of every granularity from HDBSCAN hierarchies, for the knob (pure). The default grouping is a cut
// of the condensed tree (excess of mass's, with splits by meaning: grouper.ts).
//   Fewer, larger groups (CoarseCuts): from the default cut, join the children of one cluster back into it at a
//   time, up the same tree.
//   More, smaller groups (FineCuts): each default group has its own condensed tree (HDBSCAN on its photos alone,
//   with a smaller neighbourhood, so structure below the default's density shows); split one cluster of those into
//   its children at a time. Every finer grouping divides the default's groups, so moving the knob up splits the
//   groups a person sees, and moving it down joins them.
// Either way the step taken is the one whose change costs the least stability per cluster gained or lost: splitting
// c pays off once every cluster is worth a bonus β ≥ (S(c) − Σ S(children)) / (children − 1), so splits go in
// rising order of that β and joins in falling order (excess of mass with a bonus per cluster, one step at a time,
// so that every count on the way is reachable). The knob picks the cut whose group count is nearest the count it
// aims at (granularity.ts).
import { BinaryHeap } from './binary-heap';
import { clusterTree, selectClusters, type CondensedTree } from './hdbscan';

/** One step from the previous cut: a cluster (node id) that leaves it and the children that replace it. */
interface Split {
  node: number;
  children: number[];
}

/** Joins up the default tree, coarsest first; each cut's group count is the caller's estimate. */
export class CoarseCuts {
  /** Splits that lead from the coarsest cut to the default (the joins, in reverse). */
  private readonly steps: Split[];
  private readonly start: number[];
  private readonly groups: Array<number | undefined>;

  /**
   * `usualCut`: the default cut (node ids of `tree`); `maxClusterSize`: no join makes a cluster larger;
   * `groupsOf`: the groups a flat clustering (labels, -1 = noise) ends up as.
   */
  constructor(private readonly tree: CondensedTree, usualCut: readonly number[], private readonly n: number, maxClusterSize: number, private readonly groupsOf: (labels: Int32Array) => number) {
    const { parentOf, size, stability } = clusterTree(tree, n);
    const count = parentOf.length;
    const children = childrenOf(parentOf);
    const inCut = new Uint8Array(count);
    for (const id of usualCut) inCut[id - n] = 1;
    const joinable = (p: number) => p > 0 && size[p] <= maxClusterSize && children[p].length >= 2 && children[p].every((x) => inCut[x]);
    // Joinable clusters by bonus, largest first (ties to the lower id); a bonus never changes, so a heap serves.
    const candidates = new BinaryHeap<{ c: number; bonus: number }>((a, b) => a.bonus > b.bonus || (a.bonus === b.bonus && a.c < b.c));
    const queued = new Uint8Array(count);
    const offer = (p: number) => {
      if (queued[p] || !joinable(p)) return;
      queued[p] = 1;
      candidates.push({ c: p, bonus: splitBonus(p, children, stability) });
    };
    for (const id of usualCut) offer(parentOf[id - n]);
    const joins: Split[] = [];
    for (let top = candidates.pop(); top; top = candidates.pop()) {
      const best = top.c;
      for (const x of children[best]) inCut[x] = 0;
      inCut[best] = 1;
      joins.push({ node: best + n, children: children[best].map((x) => x + n) });
      offer(parentOf[best]);
    }
    this.steps = joins.reverse();
    this.start = [];
    for (let c = 0; c < count; c++) if (inCut[c]) this.start.push(c + n);
    this.groups = new Array(this.steps.length + 1);
  }

  /** Cuts: 0 the coarsest, `length - 1` the default. */
  get length(): number {
    return this.steps.length + 1;
  }

  labels(i: number): Int32Array {
    const cut = new Set(this.start);
    for (let s = 0; s < i; s++) {
      cut.delete(this.steps[s].node);
      for (const c of this.steps[s].children) cut.add(c);
    }
    return selectClusters(this.tree, this.n, { clusters: [...cut].sort((a, b) => a - b) }).labels;
  }

  groupsAt(i: number): number {
    return (this.groups[i] ??= this.groupsOf(this.labels(i)));
  }

  /** The cut whose group count is nearest (by ratio) to `target`; among equal counts, the one nearest the default. */
  nearest(target: number): number {
    return nearestCut(this.length, (i) => this.groupsAt(i), target, this.length - 1);
  }
}

/** A default group's own condensed tree over its points (indices into the grouping's points). */
export interface LocalTree {
  points: Int32Array;
  tree: CondensedTree;
}

/** Splits below the default groups, finest last; cut 0 is the default grouping itself. */
export class FineCuts {
  private readonly steps: Array<Split & { local: number }> = [];
  /** Groups after each number of steps (exact: a split of one cluster into k adds k − 1). */
  private readonly counts: number[];

  /** `base`: the default grouping's labels (-1 = Unsorted); `locals[g]`: group g's own tree, or null when too small. */
  constructor(private readonly base: Int32Array, private readonly locals: ReadonlyArray<LocalTree | null>) {
    const groups = base.reduce((a, l) => Math.max(a, l + 1), 0);
    const infos = locals.map((l) => (l ? clusterTree(l.tree, l.points.length) : null));
    const kids = infos.map((info) => (info ? childrenOf(info.parentOf) : null));
    // Each local tree starts as its root (the whole group); the splittable clusters of every tree compete, the
    // smallest bonus first (ties to the lower tree, then the lower cluster).
    const open = new BinaryHeap<{ local: number; c: number; bonus: number }>(
      (a, b) => a.bonus < b.bonus || (a.bonus === b.bonus && (a.local < b.local || (a.local === b.local && a.c < b.c))),
    );
    const add = (local: number, c: number) => {
      const ch = kids[local]![c];
      if (ch.length >= 2) open.push({ local, c, bonus: splitBonus(c, kids[local]!, infos[local]!.stability) });
    };
    locals.forEach((l, g) => l && add(g, 0));
    this.counts = [groups];
    for (let top = open.pop(); top; top = open.pop()) {
      const { local, c } = top;
      const n = locals[local]!.points.length;
      const ch = kids[local]![c];
      this.steps.push({ local, node: c + n, children: ch.map((x) => x + n) });
      this.counts.push(this.counts[this.counts.length - 1] + ch.length - 1);
      for (const x of ch) add(local, x);
    }
  }

  /** Cuts: 0 the default, `length - 1` the finest. */
  get length(): number {
    return this.steps.length + 1;
  }

  groupsAt(i: number): number {
    return this.counts[i];
  }

  /** Labels of cut i: the default's groups, those with splits divided into their local clusters (noise -1). */
  labels(i: number): Int32Array {
    const cuts = new Map<number, Set<number>>();
    for (let s = 0; s < i; s++) {
      const { local, node, children } = this.steps[s];
      const n = this.locals[local]!.points.length;
      const cut = cuts.get(local) ?? new Set([n]);
      cut.delete(node);
      for (const c of children) cut.add(c);
      cuts.set(local, cut);
    }
    const out = new Int32Array(this.base.length).fill(-1);
    const groups = this.base.reduce((a, l) => Math.max(a, l + 1), 0);
    // Undivided groups keep their label; each divided one takes new labels after them.
    let next = groups;
    for (let p = 0; p < this.base.length; p++) if (this.base[p] >= 0 && !cuts.has(this.base[p])) out[p] = this.base[p];
    for (const [local, cut] of cuts) {
      const { points, tree } = this.locals[local]!;
      const sub = selectClusters(tree, points.length, { clusters: [...cut].sort((a, b) => a - b) });
      const first = next;
      next += sub.clusterCount;
      for (let j = 0; j < points.length; j++) if (sub.labels[j] >= 0) out[points[j]] = first + sub.labels[j];
    }
    // Dense labels: a divided group leaves its old label unused.
    const dense = new Map<number, number>();
    for (let p = 0; p < out.length; p++) if (out[p] >= 0) out[p] = dense.get(out[p]) ?? (dense.set(out[p], dense.size), dense.size - 1);
    return out;
  }

  nearest(target: number): number {
    return nearestCut(this.length, (i) => this.groupsAt(i), target, 0);
  }
}

/** The bonus at which splitting cluster c into its children pays off. */
function splitBonus(c: number, children: number[][], stability: Float64Array): number {
  const ch = children[c];
  let sum = 0;
  for (const x of ch) sum += stability[x];
  return (stability[c] - sum) / (ch.length - 1);
}

function childrenOf(parentOf: Int32Array): number[][] {
  const children: number[][] = Array.from({ length: parentOf.length }, () => []);
  for (let c = 1; c < parentOf.length; c++) children[parentOf[c]].push(c);
  return children;
}

/**
 * Among cuts 0..length-1 whose counts nearly always rise, the one whose count is nearest `target` by ratio (binary
 * search for the first reaching it, then its neighbour if nearer); equal counts go to the cut nearest `home`.
 */
function nearestCut(length: number, count: (i: number) => number, target: number, home: number): number {
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (count(mid) >= target) hi = mid;
    else lo = mid + 1;
  }
  const gap = (i: number) => Math.abs(Math.log(Math.max(1, count(i)) / target));
  let best = lo > 0 && gap(lo - 1) <= gap(lo) ? lo - 1 : lo;
  while (best < home && count(best + 1) === count(best)) best++;
  while (best > home && count(best - 1) === count(best)) best--;
  return best;
}
