// The layout itself: stochastic gradient descent on the fuzzy cross-entropy (UMAP's optimization): each edge is
// sampled in proportion to its weight and pulls its two ends together; each sample also pushes the head away from a
// few random points. The points are split into fixed partitions. In an epoch, a partition moves its own points
// immediately and reads other partitions' points as they stood at the epoch's start; what it does to a foreign
// point is added at the epoch's end. So partitions run on any threads, in any order, with the same result.
// Large layouts draw their negative samples from a pool: see SgdOptions.negativePool.
import type { Alloc } from './alloc';
import type { FuzzyGraph } from './fuzzy-graph';
import type { Plan } from './plan';
import { attractAt, buildCurveTables, repelAt, type CurveTables } from './curve-table';
import { mixSeed } from './rng';
import { fillPool } from './negative-pool';
import { MAX_UNROLLED, unrolledKernel } from './sgd-kernel';

/** What the epoch and merge tasks share: the points, their epoch-start copy, the owed moves and the partitions. */
interface SgdPartitionArgs {
  n: number;
  dim: number;
  emb: Float32Array;
  /** Everyone's position at the epoch's start (read for foreign points). */
  snap: Float32Array;
  /** Per partition, n×dim moves it owes to foreign points. */
  delta: Float32Array;
  /** Partition p owns points partStart[p] .. partStart[p+1]-1 (and, in an epoch, the edges edgeStart[p] .. edgeStart[p+1]-1). */
  partStart: Int32Array;
}

export interface SgdEpochArgs extends SgdPartitionArgs {
  edgeStart: Int32Array;
  head: Int32Array;
  tail: Int32Array;
  epochsPerSample: Float32Array;
  nextSample: Float32Array;
  epochsPerNegative: Float32Array;
  nextNegative: Float32Array;
  /** Per partition, the xorshift32 state of its negative sampling. */
  rngState: Int32Array;
  /** Points per partition's negative pool (0: negatives drawn from all points, read where they are). */
  poolSize: number;
  /** Per partition, its pool's points (poolSize each) and their epoch-start positions (poolSize × dim each). */
  poolIdx: Int32Array;
  pool: Float32Array;
  curve: CurveTables;
  epoch: number;
  /** Learning rate of this epoch. */
  alpha: number;
  /** Use the loop for any dimension count even where an unrolled kernel exists (tests compare the two). */
  generic?: boolean;
}

const CLIP = 4;

export function sgdEpochTask(s: SgdEpochArgs, part: number): void {
  if (s.dim <= MAX_UNROLLED && !s.generic) unrolledKernel(s.dim, CLIP)(s, part);
  else sgdEpochGeneric(s, part);
}

/** One partition's epoch, for any number of dimensions (the reference for the unrolled kernels). */
export function sgdEpochGeneric(s: SgdEpochArgs, part: number): void {
  const { n, dim, emb, snap, head, tail, epochsPerSample, nextSample, epochsPerNegative, nextNegative, epoch, curve, alpha } = s;
  const lo = s.partStart[part];
  const hi = s.partStart[part + 1];
  const owed = s.delta.length > 0 ? s.delta.subarray(part * n * dim, (part + 1) * n * dim) : emb;
  const f32 = new Float32Array(1);
  const i32 = new Int32Array(f32.buffer);
  // The head's position is worked on in float64 here and stored once per edge.
  const h = new Float64Array(dim);
  // xorshift32 in a local (no calls, no memory): negative samples need speed, not statistical finesse
  let state = s.rngState[part];
  const poolSize = s.poolSize;
  const poolBase = part * poolSize;
  if (poolSize > 0) state = fillPool(s, part, state);
  for (let e = s.edgeStart[part]; e < s.edgeStart[part + 1]; e++) {
    if (nextSample[e] > epoch) continue;
    const uo = head[e] * dim;
    const v = tail[e];
    const vo = v * dim;
    const own = v >= lo && v < hi;
    const other = own ? emb : snap; // where v is read
    const sink = own ? emb : owed; // where v's move goes
    let d2 = 0;
    for (let c = 0; c < dim; c++) {
      const x = emb[uo + c];
      h[c] = x;
      const d = x - other[vo + c];
      d2 += d * d;
    }
    if (d2 > 0) {
      const coeff = attractAt(curve, d2, f32, i32);
      // no component can reach the clip when the whole step is shorter than it: skip the clipping then
      if (coeff * coeff * d2 <= CLIP * CLIP) {
        const step = coeff * alpha;
        for (let c = 0; c < dim; c++) {
          const g = step * (h[c] - other[vo + c]);
          h[c] += g;
          sink[vo + c] -= g;
        }
      } else {
        for (let c = 0; c < dim; c++) {
          const g = Math.min(CLIP, Math.max(-CLIP, coeff * (h[c] - other[vo + c]))) * alpha;
          h[c] += g;
          sink[vo + c] -= g;
        }
      }
    }
    nextSample[e] += epochsPerSample[e];
    const negatives = Math.floor((epoch - nextNegative[e]) / epochsPerNegative[e]);
    for (let q = 0; q < negatives; q++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      let w: number, wo: number, src: Float32Array;
      if (poolSize > 0) {
        const j = poolBase + Math.floor(((state >>> 0) * poolSize) / 4294967296);
        w = s.poolIdx[j];
        wo = j * dim;
        src = s.pool;
      } else {
        w = Math.floor(((state >>> 0) * n) / 4294967296);
        wo = w * dim;
        src = w >= lo && w < hi ? emb : snap;
      }
      if (w === head[e]) continue;
      let r2 = 0;
      for (let c = 0; c < dim; c++) {
        const d = h[c] - src[wo + c];
        r2 += d * d;
      }
      if (!(r2 > 0)) continue; // coincident: no direction to push in
      const coeff = repelAt(curve, r2, f32, i32);
      if (coeff * coeff * r2 <= CLIP * CLIP) {
        const step = coeff * alpha;
        for (let c = 0; c < dim; c++) h[c] += step * (h[c] - src[wo + c]);
      } else {
        for (let c = 0; c < dim; c++) h[c] += Math.min(CLIP, Math.max(-CLIP, coeff * (h[c] - src[wo + c]))) * alpha;
      }
    }
    if (negatives > 0) nextNegative[e] += negatives * epochsPerNegative[e];
    for (let c = 0; c < dim; c++) emb[uo + c] = h[c];
  }
  s.rngState[part] = state;
}

export interface SgdMergeArgs extends SgdPartitionArgs {
  parts: number;
  /** Per partition (CSR), the foreign points its edges reach, ascending. */
  foreignStart: Int32Array;
  foreign: Int32Array;
}

/** Partition `part` takes in what the others owe its points, then publishes its points for the next epoch. */
export function sgdMergeTask(s: SgdMergeArgs, part: number): void {
  const { n, dim, emb, snap, delta, partStart, foreignStart, foreign } = s;
  const lo = partStart[part];
  const hi = partStart[part + 1];
  for (let p = 0; p < s.parts; p++) {
    if (p === part) continue;
    const owed = p * n * dim;
    const end = foreignStart[p + 1];
    for (let f = lowerBound(foreign, foreignStart[p], end, lo); f < end && foreign[f] < hi; f++) {
      const o = foreign[f] * dim;
      for (let c = 0; c < dim; c++) {
        emb[o + c] += delta[owed + o + c];
        delta[owed + o + c] = 0;
      }
    }
  }
  snap.set(emb.subarray(lo * dim, hi * dim), lo * dim);
}

function lowerBound(a: Int32Array, from: number, to: number, value: number): number {
  while (from < to) {
    const mid = (from + to) >>> 1;
    if (a[mid] < value) from = mid + 1;
    else to = mid;
  }
  return from;
}

export interface SgdOptions {
  dim: number;
  epochs: number;
  a: number;
  b: number;
  gamma: number;
  learningRate: number;
  negativeSampleRate: number;
  partitions: number;
  seed: number;
  /** Run the generic loop even where an unrolled kernel exists (tests). */
  generic?: boolean;
  /**
   * Points in each partition's negative pool (default 0: none). With a pool, every epoch each partition draws that
   * many uniform random points and copies their epoch-start positions together; its negative samples are drawn
   * from those. Each negative is still a uniform random point, only the draws of one partition's epoch share points
   * (as shared-negative training does). Drawn from all n points, nearly every negative sample is a read from far
   * memory once n×dim outgrows the caches: at 200,000 points that made an epoch 3× as slow per sample as at 50,000,
   * and the pool (a few hundred KB) stays in cache.
   */
  negativePool?: number;
  onEpoch?: (epoch: number) => void;
}

/** Optimizes `emb` (n×dim, already scaled to [0, 10]) in place. */
export function* sgdPlan(alloc: Alloc, graph: FuzzyGraph, emb: Float32Array, o: SgdOptions): Plan<void> {
  const { n } = graph;
  const dim = o.dim;
  if (n === 0 || o.epochs <= 0) return;
  // Edges too weak to be sampled even once in all epochs are dropped, as UMAP does.
  let maxW = 0;
  for (let e = 0; e < graph.edges; e++) maxW = Math.max(maxW, graph.weight[e]);
  const keep: number[] = [];
  for (let e = 0; e < graph.edges; e++) if (graph.weight[e] > 0 && graph.weight[e] >= maxW / o.epochs) keep.push(e);
  // Both directions of every edge, grouped by head (each end is moved by its own samples and by the other's).
  const count = new Int32Array(n + 1);
  for (const e of keep) {
    count[graph.head[e] + 1]++;
    count[graph.tail[e] + 1]++;
  }
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const m = count[n];
  const head = alloc.i32(m);
  const tail = alloc.i32(m);
  const epochsPerSample = alloc.f32(m);
  const fill = count.slice(0, n);
  for (const e of keep) {
    const h = graph.head[e], t = graph.tail[e];
    const eps = maxW / graph.weight[e];
    head[fill[h]] = h;
    tail[fill[h]] = t;
    epochsPerSample[fill[h]++] = eps;
    head[fill[t]] = t;
    tail[fill[t]] = h;
    epochsPerSample[fill[t]++] = eps;
  }
  const nextSample = alloc.f32(m);
  nextSample.set(epochsPerSample);
  const epochsPerNegative = alloc.f32(m);
  for (let e = 0; e < m; e++) epochsPerNegative[e] = epochsPerSample[e] / o.negativeSampleRate;
  const nextNegative = alloc.f32(m);
  nextNegative.set(epochsPerNegative);

  // Partitions: contiguous point ranges with about the same number of edges each.
  const parts = Math.max(1, Math.min(o.partitions, n));
  const partStart = alloc.i32(parts + 1);
  const edgeStart = alloc.i32(parts + 1);
  for (let p = 1, i = 0; p < parts; p++) {
    while (i < n && count[i] < (m * p) / parts) i++;
    partStart[p] = Math.max(i, partStart[p - 1]);
  }
  partStart[parts] = n;
  for (let p = 0; p <= parts; p++) edgeStart[p] = count[partStart[p]];
  const foreignStart = alloc.i32(parts + 1);
  const foreignLists: Int32Array[] = [];
  const mark = new Int32Array(n).fill(-1);
  for (let p = 0; p < parts; p++) {
    const list: number[] = [];
    for (let e = edgeStart[p]; e < edgeStart[p + 1]; e++) {
      const t = tail[e];
      if ((t < partStart[p] || t >= partStart[p + 1]) && mark[t] !== p) {
        mark[t] = p;
        list.push(t);
      }
    }
    foreignLists.push(Int32Array.from(list).sort());
    foreignStart[p + 1] = foreignStart[p] + list.length;
  }
  const foreign = alloc.i32(foreignStart[parts]);
  foreignLists.forEach((l, p) => foreign.set(l, foreignStart[p]));
  const snap = alloc.f32(parts > 1 ? n * dim : 0);
  snap.set(parts > 1 ? emb : []);
  const delta = alloc.f32(parts > 1 ? parts * n * dim : 0);
  const poolSize = Math.max(0, Math.floor(o.negativePool ?? 0));
  const poolIdx = alloc.i32(parts * poolSize);
  const pool = alloc.f32(parts * poolSize * dim);
  const rngState = alloc.i32(parts);
  for (let p = 0; p < parts; p++) rngState[p] = mixSeed(o.seed, p) | 0 || 1;
  const curve = buildCurveTables(o.a, o.b, o.gamma, alloc.f64);

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const alpha = o.learningRate * (1 - epoch / o.epochs);
    yield {
      task: 'sgdEpoch',
      count: parts,
      args: { n, dim, emb, snap, delta, partStart, edgeStart, head, tail, epochsPerSample, nextSample, epochsPerNegative, nextNegative, rngState, poolSize, poolIdx, pool, curve, epoch, alpha, generic: o.generic },
    };
    if (parts > 1) yield { task: 'sgdMerge', count: parts, args: { n, dim, emb, snap, delta, partStart, parts, foreignStart, foreign } };
    o.onEpoch?.(epoch);
  }
}
