// The neighbour search: exact brute force while it is cheap; beyond, PCA to a few dozen dimensions, random
// projection trees and NN-descent there to find candidates, and the candidates measured again in the full space.
import type { Alloc } from './alloc';
import { fillEmpty } from './neighbour-heap';
import { descentPlan } from './nn-descent';
import { pcaPlan, projectPlan } from './pca';
import type { Plan } from './plan';
import { Rng } from './rng';
import type { KnnOptions, NeighbourGraph } from './types';

/** Multiply-adds below which 'auto' searches exactly. */
const EXACT_WORK = 3e9;

export function usesExactSearch(n: number, dim: number, k: number, opts: KnnOptions): boolean {
  const method = opts.method ?? 'auto';
  if (method !== 'auto') return method === 'exact';
  const candidates = opts.candidates ?? Math.max(3 * k, 40);
  return n * n * dim <= (opts.exactWork ?? EXACT_WORK) || n <= candidates + 1;
}

/** Reports progress of the search as a fraction in [0, 1]. */
export type FractionReport = (fraction: number) => void;

export function* knnPlan(alloc: Alloc, x: Float32Array, n: number, dim: number, k: number, opts: KnnOptions, report: FractionReport = () => {}): Plan<NeighbourGraph> {
  if (!(k >= 1)) throw new RangeError(`nearestNeighbours: k must be at least 1 (got ${k})`);
  if (x.length < n * dim) throw new RangeError(`nearestNeighbours: ${x.length} values for ${n}×${dim}`);
  const metric = opts.metric ?? 'cosine';
  const indices = alloc.i32(n * k);
  const distances = alloc.f32(n * k);
  if (n === 0) return { n, k, indices, distances };
  if (usesExactSearch(n, dim, k, opts)) {
    const rowsPerTask = Math.max(8, Math.ceil(n / 64));
    yield { task: 'exactRows', count: Math.ceil(n / rowsPerTask), args: { x, n, dim, k, metric, rowsPerTask, outIdx: indices, outDist: distances } };
    report(1);
    return { n, k, indices, distances };
  }

  const rng = new Rng(opts.seed ?? 0, 0x6b6e6e);
  // 1. The space searched: PCA coordinates when the rows are long (Euclidean there ranks cosine neighbours of unit
  //    rows, since |a − b|² = 2 − 2a·b), the rows themselves otherwise.
  const searchDims = opts.searchDims ?? 64;
  let y = x;
  let p = dim;
  if (dim > searchDims) {
    const basis = yield* pcaPlan(alloc, x, n, dim, searchDims, rng);
    report(0.15);
    y = yield* projectPlan(alloc, x, n, basis);
    p = basis.p;
  }
  report(0.35);

  // 2. Candidates in that space: leaf-mates in random projection trees, improved by NN-descent.
  const kc = Math.min(n - 1, Math.max(k, opts.candidates ?? Math.max(3 * k, 40)));
  const heaps = { idx: alloc.i32(n * kc), dist: alloc.f32(n * kc), flag: alloc.u8(n * kc) };
  fillEmpty(heaps.idx, heaps.dist);
  const trees = Math.max(1, opts.trees ?? 8);
  const leafSize = Math.max(8, opts.leafSize ?? 32);
  const perm = alloc.i32(trees * n);
  const leafLo = alloc.i32(trees * n);
  const leafHi = alloc.i32(trees * n);
  yield { task: 'forestBuild', count: trees, args: { y, n, dim: p, leafSize, seed: rng.nextU32(), perm, leafLo, leafHi } };
  const rowsPerTask = Math.max(64, Math.ceil(n / 64));
  const rowTasks = Math.ceil(n / rowsPerTask);
  yield { task: 'forestJoin', count: rowTasks, args: { y, n, dim: p, trees, perm, leafLo, leafHi, k: kc, heapIdx: heaps.idx, heapDist: heaps.dist, heapFlag: heaps.flag, rowsPerTask } };
  report(0.45);
  const rounds = opts.rounds ?? 8;
  yield* descentPlan(alloc, y, n, p, kc, heaps, rng, {
    maxCandidates: opts.maxCandidates ?? 16,
    rounds,
    delta: 0.002,
    onRound: (r) => report(0.45 + (0.4 * (r + 1)) / rounds),
  });

  // 3. The k nearest of those candidates, measured in the full space.
  yield { task: 'rerank', count: rowTasks, args: { x, n, dim, metric, cand: heaps.idx, candK: kc, k, outIdx: indices, outDist: distances, rowsPerTask } };
  report(1);
  return { n, k, indices, distances };
}
