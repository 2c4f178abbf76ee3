// The neighbour search: exact brute force while it is cheap; beyond, PCA to a few dozen dimensions, random
// projection trees and NN-descent there to find candidates, the candidates measured again in the full space, and
// two rounds of neighbours-of-neighbours to catch what the PCA space could not tell apart.
import type { Alloc } from './alloc';
import { fillEmpty } from './neighbour-heap';
import { descentPlan } from './nn-descent';
import { reverseLists } from './refine';
import { pcaPlan, projectPlan } from './pca';
import type { Plan } from './plan';
import { Rng } from './rng';
import type { KnnOptions, NeighbourGraph } from './types';

/** Multiply-adds below which 'auto' searches exactly. */
const EXACT_WORK = 3e9;

export function usesExactSearch(n: number, dim: number, k: number, opts: KnnOptions): boolean {
  const method = opts.method ?? 'auto';
  if (method !== 'auto') return method === 'exact';
  const candidates = opts.candidates ?? Math.max(2 * k, 30);
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
    const from = opts.times?.now();
    yield { task: 'exactRows', count: Math.ceil(n / rowsPerTask), args: { x, n, dim, k, metric, rowsPerTask, outIdx: indices, outDist: distances } };
    if (opts.times) opts.times.add('kNN: exact', from!);
    report(1);
    return { n, k, indices, distances };
  }

  const rng = new Rng(opts.seed ?? 0, 0x6b6e6e);
  const times = opts.times;
  let from = times?.now();
  const stage = (name: string) => {
    if (!times) return;
    times.add(name, from!);
    from = times.now();
  };
  // 1. The space searched: PCA coordinates when the rows are long (Euclidean there ranks cosine neighbours of unit
  //    rows, since |a − b|² = 2 − 2a·b), the rows themselves otherwise.
  const searchDims = opts.searchDims ?? 64;
  let y = x;
  let p = dim;
  if (dim > searchDims) {
    const basis = yield* pcaPlan(alloc, x, n, dim, searchDims, rng, { sample: opts.pcaSample ?? 4000, powerIterations: opts.pcaIterations ?? 1 });
    report(0.15);
    y = yield* projectPlan(alloc, x, n, basis);
    p = basis.p;
  }
  stage('kNN: PCA');
  report(0.35);

  // 2. Candidates in that space: leaf-mates in random projection trees, improved by NN-descent.
  const ks = Math.min(n - 1, Math.max(k, opts.candidates ?? Math.max(2 * k, 30)));
  const heaps = { idx: alloc.i32(n * ks), dist: alloc.f32(n * ks), flag: alloc.u8(n * ks) };
  fillEmpty(heaps.idx, heaps.dist);
  const trees = Math.max(1, opts.trees ?? 8);
  const leafSize = Math.max(8, opts.leafSize ?? 32);
  const perm = alloc.i32(trees * n);
  const leafLo = alloc.i32(trees * n);
  const leafHi = alloc.i32(trees * n);
  yield { task: 'forestBuild', count: trees, args: { y, n, dim: p, leafSize, seed: rng.nextU32(), perm, leafLo, leafHi } };
  const rowsPerTask = Math.max(64, Math.ceil(n / 64));
  const rowTasks = Math.ceil(n / rowsPerTask);
  yield { task: 'forestJoin', count: rowTasks, args: { y, n, dim: p, trees, perm, leafLo, leafHi, k: ks, heapIdx: heaps.idx, heapDist: heaps.dist, heapFlag: heaps.flag, rowsPerTask } };
  report(0.45);
  stage('kNN: random projection trees');
  const rounds = opts.rounds ?? 6;
  yield* descentPlan(alloc, y, n, p, ks, heaps, rng, {
    maxCandidates: opts.maxCandidates ?? 12,
    rounds,
    delta: 0.005,
    onRound: (r) => report(0.45 + (0.3 * (r + 1)) / rounds),
  });

  stage('kNN: NN-descent');
  // 3. The k nearest of those candidates, measured in the full space.
  yield { task: 'rerank', count: rowTasks, args: { x, n, dim, metric, cand: heaps.idx, candK: ks, k, outIdx: indices, outDist: distances, rowsPerTask } };
  report(0.8);

  // 4. Neighbours of neighbours, ranked in the PCA space, measured in the full one.
  const refineRounds = y === x ? 0 : (opts.refineRounds ?? 2);
  let graph = { indices, distances };
  let changedBefore = alloc.u8(n).fill(1);
  for (let r = 0; r < refineRounds; r++) {
    const { revStart, rev } = reverseLists(graph.indices, n, k, alloc.i32);
    const next = { indices: alloc.i32(n * k), distances: alloc.f32(n * k) };
    const changed = alloc.u8(n);
    yield {
      task: 'refine',
      count: rowTasks,
      args: { x, dim, y, p, n, metric, k, inIdx: graph.indices, inDist: graph.distances, outIdx: next.indices, outDist: next.distances, revStart, rev, changedBefore, changed, width: opts.refineWidth ?? 48, rowsPerTask },
    };
    graph = next;
    changedBefore = changed;
    report(0.8 + (0.2 * (r + 1)) / refineRounds);
  }
  stage('kNN: measured in full, refined');
  report(1);
  return { n, k, indices: graph.indices, distances: graph.distances };
}
