// HDBSCAN* (Campello, Moulavi & Sander 2013; McInnes & Healy 2017) for Euclidean points in flat Float32Arrays.
// This file owns the public API and the choice of strategy; each stage lives in its own file:
// core-distances -> mst-boruvka | mst-prim -> single-linkage -> condense -> select.
import * as os from 'node:os';
import { coreDistancesBrute, coreDistancesKd, effectiveK } from './core-distances';
import { parallelCoreAndMst } from './parallel';
import { buildKdTree, type KdTree } from './kd-tree';
import { boruvkaMst } from './mst-boruvka';
import { primMst } from './mst-prim';
import { sortedSingleLinkage } from './single-linkage';
import { condense } from './condense';
import { selectClusters } from './select';
import type { CondensedTree, HdbscanOptions, HdbscanResult, SingleLinkage } from './types';
import { timed, type StepTimes } from '../step-times';

export { condense } from './condense';
export { clusterTree, selectClusters } from './select';
export type { CondensedTree, HdbscanOptions, HdbscanResult, Selected, SelectionOptions, SingleLinkage } from './types';

/** Above this dimension kd-trees stop pruning and Prim over implicit distances wins. */
const MAX_TREE_DIM = 20;
/** Below this many points the O(n²) path is as fast as building a tree. */
const MIN_TREE_N = 400;

export interface ParallelOptions {
  /** Worker threads besides the calling thread (default: cores - 1). 0 keeps everything on this thread. */
  workers?: number;
  /** Below this n the work stays on the calling thread: starting workers costs more than it saves. */
  minParallelN?: number;
  /** Where to record each stage's time (the benchmark's). */
  times?: StepTimes;
}

/** Clusters n points of dimension dim (row-major in `points`). Synchronous, single thread. */
export function hdbscan(points: Float32Array, n: number, dim: number, opts: HdbscanOptions): HdbscanResult {
  return finish(mutualReachabilityTree(points, n, dim, opts), n, opts);
}

/**
 * The expensive half alone: core distances and the mutual-reachability MST as a sorted single-linkage tree.
 * Cache it to re-condense with another minClusterSize (condense) and re-select (selectClusters) cheaply.
 */
export function mutualReachabilityTree(
  points: Float32Array, n: number, dim: number, opts: Pick<HdbscanOptions, 'minClusterSize' | 'minSamples' | 'algorithm'>,
): SingleLinkage {
  validate(points, n, dim, opts);
  const k = effectiveK(opts.minSamples ?? opts.minClusterSize, n);
  if (useTree(n, dim, opts)) {
    const tree = buildKdTree(points, n, dim);
    const corePos = new Float64Array(n);
    coreDistancesKd(tree, k, 0, n, corePos);
    return treeSingleLinkage(tree, corePos);
  }
  // One float64 copy: every distance routine then sees a single array type (faster, and exact either way).
  const data = Float64Array.from(points.subarray(0, n * dim));
  const core = coreDistancesBrute(data, n, dim, k);
  return sortedSingleLinkage(primMst(data, n, dim, core), n, core);
}

/**
 * Exactly the result of hdbscan(), with the core distances and the Borůvka rounds (nearly all of the time for
 * large n) spread over worker threads. Small inputs, and the Prim path, stay on the calling thread.
 */
export async function hdbscanAsync(
  points: Float32Array, n: number, dim: number, opts: HdbscanOptions, parallel: ParallelOptions = {},
): Promise<HdbscanResult> {
  return finish(await mutualReachabilityTreeAsync(points, n, dim, opts, parallel), n, opts);
}

/** Exactly mutualReachabilityTree(), spread over worker threads as hdbscanAsync does. */
export async function mutualReachabilityTreeAsync(
  points: Float32Array, n: number, dim: number, opts: Pick<HdbscanOptions, 'minClusterSize' | 'minSamples' | 'algorithm'>, parallel: ParallelOptions = {},
): Promise<SingleLinkage> {
  validate(points, n, dim, opts);
  const workers = parallel.workers ?? defaultWorkers();
  if (!useTree(n, dim, opts) || workers < 1 || n < (parallel.minParallelN ?? 20_000)) return mutualReachabilityTree(points, n, dim, opts);
  const k = effectiveK(opts.minSamples ?? opts.minClusterSize, n);
  const times = parallel.times;
  const tree = timed(times, 'hdbscan: kd-tree', () => buildKdTree(points, n, dim));
  const { corePos, edges } = await parallelCoreAndMst(tree, k, workers, times);
  return timed(times, 'hdbscan: sorted single linkage', () => sortedSingleLinkage(edges, n, coreByPoint(tree, corePos)));
}

/** The cheap half: condensation and selection on a tree from mutualReachabilityTree (same minSamples). */
export function hdbscanFromTree(singleLinkage: SingleLinkage, n: number, opts: HdbscanOptions): HdbscanResult {
  return finish(singleLinkage, n, opts);
}

function treeSingleLinkage(tree: KdTree, corePos: Float64Array): SingleLinkage {
  return sortedSingleLinkage(boruvkaMst(tree, corePos), tree.n, coreByPoint(tree, corePos));
}

function coreByPoint(tree: KdTree, corePos: Float64Array): Float64Array {
  const core = new Float64Array(tree.n);
  for (let pos = 0; pos < tree.n; pos++) core[tree.index[pos]] = corePos[pos];
  return core;
}

function finish(singleLinkage: SingleLinkage, n: number, opts: HdbscanOptions): HdbscanResult {
  const tree: CondensedTree = condense(singleLinkage, n, opts.minClusterSize);
  return { ...selectClusters(tree, n, opts), tree, singleLinkage };
}

function useTree(n: number, dim: number, opts: Pick<HdbscanOptions, 'algorithm'>): boolean {
  const algorithm = opts.algorithm ?? 'auto';
  if (algorithm === 'prim') return false;
  if (algorithm === 'boruvka') return true;
  return dim <= MAX_TREE_DIM && n >= MIN_TREE_N;
}

function defaultWorkers(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(0, Math.min(7, cores - 1));
}

function validate(points: Float32Array, n: number, dim: number, opts: Pick<HdbscanOptions, 'minClusterSize' | 'minSamples'>): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  if (points.length < n * dim) throw new RangeError(`points holds ${points.length} values, fewer than n × dim = ${n * dim}`);
  if (!(opts.minClusterSize >= 1)) throw new RangeError(`minClusterSize must be >= 1, got ${opts.minClusterSize}`);
  if (opts.minSamples !== undefined && !(opts.minSamples >= 1)) throw new RangeError(`minSamples must be >= 1, got ${opts.minSamples}`);
  for (let i = 0, e = n * dim; i < e; i++) {
    if (!Number.isFinite(points[i])) throw new RangeError(`point ${Math.floor(i / dim)} has a non-finite coordinate`);
  }
}
