// Likeness's reduction for density clustering: L2-normalized features → k-nearest-neighbour graph (cosine) →
// UMAP-style embedding in ~10 dimensions. The synchronous functions run on the calling thread; the async ones put
// the heavy steps on worker threads when the input is large enough to pay for them. Both give identical results
// for the same input and seed.
import * as os from 'node:os';
import { localAlloc, sharedAlloc, adopt, type Alloc } from './alloc';
import { PARTITION_FROM, embedPlan } from './embed';
import { knnPlan, usesExactSearch } from './knn';
import { normalizeFeatures } from './normalize';
import type { Plan } from './plan';
import { runLocal } from './run-local';
import { TaskPool, runPooled } from './task-pool';
import type { KnnOptions, NeighbourGraph, Progress, ReduceOptions, Stage } from './types';

export { normalizeFeatures } from './normalize';
export { curveParameters } from './curve-params';
export type { KnnOptions, NeighbourGraph, Progress, ReduceOptions, Stage } from './types';
export type { Metric } from './vector-math';

export interface Reduction {
  /** n × nComponents coordinates. */
  embedding: Float32Array;
  /** Each photo's nNeighbors − 1 nearest others by cosine distance of the (normalized) features. */
  graph: NeighbourGraph;
}

/** Points from which the async functions use worker threads (below, thread start-up costs more than it saves). */
const PARALLEL_FROM = 3000;
/** ... or brute-force multiply-adds from which they do (an exact search of 1,000 × 1,000 × 1280 is about this). */
const PARALLEL_WORK = 1e9;

/** k nearest neighbours of every row, on this thread. Rows must be unit length for the cosine metric. */
export function nearestNeighbours(x: Float32Array, n: number, dim: number, k: number, opts: KnnOptions = {}): NeighbourGraph {
  return runLocal(knnPlan(localAlloc, x, n, dim, k, opts, permille(opts.onProgress, 'neighbours')), opts.signal);
}

/** As nearestNeighbours, with the work split over worker threads when n is large. */
export async function nearestNeighboursAsync(x: Float32Array, n: number, dim: number, k: number, opts: KnnOptions = {}): Promise<NeighbourGraph> {
  const big = usesExactSearch(n, dim, k, opts) ? n * n * dim >= PARALLEL_WORK : n >= PARALLEL_FROM;
  return plainGraph(await runPlan((alloc) => knnPlan(alloc, adopt(alloc, x), n, dim, k, opts, permille(opts.onProgress, 'neighbours')), big, opts));
}

/** Coordinates (n × nComponents) of the graph's points, on this thread. */
export function embed(graph: NeighbourGraph, opts: ReduceOptions = {}): Float32Array {
  return runLocal(embedPlan(localAlloc, graph, opts, permille(opts.onProgress, 'layout')), opts.signal);
}

/** As embed, with the layout's partitions on worker threads when n is large. */
export async function embedAsync(graph: NeighbourGraph, opts: ReduceOptions = {}): Promise<Float32Array> {
  const out = await runPlan((alloc) => embedPlan(alloc, graph, opts, permille(opts.onProgress, 'layout')), graph.n >= PARTITION_FROM, opts);
  return Float32Array.from(out);
}

/** Room for n×dim rows in memory the worker threads read in place (give it to normalizeFeatures, then nearestNeighboursAsync). */
export function sharedRows(n: number, dim: number): Float32Array {
  return sharedAlloc.f32(n * dim);
}

/**
 * Features (n × dim, any scale, or the rows `opts.rows` of a larger matrix) → normalized → neighbour graph →
 * embedding, with worker threads where n is large. The normalized copy lives where the search's threads read it in
 * place, and is let go before the layout: at 100,000 photos of 1280 features it is 512 MB.
 */
export async function reduce(features: Float32Array, n: number, dim: number, opts: ReduceOptions = {}): Promise<Reduction> {
  const s = stages(n, dim, opts);
  const t = opts.times?.now();
  let x: Float32Array | null = normalizeFeatures(features, n, dim, { centre: opts.centre, rows: opts.rows, out: sharedRows(n, dim) });
  opts.times?.add('normalize', t!);
  const graph = await nearestNeighboursAsync(x, n, dim, s.k, s.knn);
  x = null;
  return { embedding: await embedAsync(graph, s.layout), graph };
}

/** reduce on this thread. */
export function reduceSync(features: Float32Array, n: number, dim: number, opts: ReduceOptions = {}): Reduction {
  const s = stages(n, dim, opts);
  const graph = nearestNeighbours(normalizeFeatures(features, n, dim, { centre: opts.centre, rows: opts.rows }), n, dim, s.k, s.knn);
  return { embedding: embed(graph, s.layout), graph };
}

/** reduce's two stages: the search's options and the layout's, each reporting its part of one progress bar. */
function stages(n: number, dim: number, opts: ReduceOptions): { k: number; knn: KnnOptions; layout: ReduceOptions } {
  const k = Math.max(1, (opts.nNeighbors ?? 15) - 1);
  const searching = permille(opts.onProgress, 'neighbours');
  const laying = permille(opts.onProgress, 'layout');
  // Share of the time the neighbour search takes (measured on 1280-d features); only shapes the progress bar.
  const share = usesExactSearch(n, dim, k, opts.knn ?? {}) ? 0.3 : 0.5;
  const knn: KnnOptions = {
    ...opts.knn,
    metric: 'cosine',
    seed: opts.seed,
    signal: opts.signal,
    threads: opts.threads,
    times: opts.times,
    onProgress: (done, total) => searching((done / total) * share),
  };
  return { k, knn, layout: { ...opts, onProgress: (done, total) => laying(share + (done / total) * (1 - share)) } };
}

async function runPlan<R>(make: (alloc: Alloc) => Plan<R>, big: boolean, opts: { threads?: number; signal?: AbortSignal }): Promise<R> {
  const threads = opts.threads ?? os.availableParallelism();
  if (!big || threads <= 1) return runLocal(make(localAlloc), opts.signal);
  const pool = new TaskPool(threads);
  try {
    return await runPooled(make(sharedAlloc), pool, opts.signal);
  } finally {
    await pool.close();
  }
}

/** Progress of a stage as (done, 1000, stage); each reporter never goes backwards. */
function permille(onProgress: Progress | undefined, stage: Stage): (fraction: number) => void {
  let last = -1;
  return (f) => {
    const done = Math.round(Math.min(1, Math.max(0, f)) * 1000);
    if (onProgress && done > last) {
      last = done;
      onProgress(done, 1000, stage);
    }
  };
}

/** The graph in ordinary (transferable) memory. */
function plainGraph(g: NeighbourGraph): NeighbourGraph {
  if (!(g.indices.buffer instanceof SharedArrayBuffer)) return g;
  return { n: g.n, k: g.k, indices: Int32Array.from(g.indices), distances: Float32Array.from(g.distances) };
}
