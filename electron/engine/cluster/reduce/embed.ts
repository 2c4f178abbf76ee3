// From a neighbour graph to coordinates: fuzzy simplicial set, starting layout, then the SGD layout.
import type { Alloc } from './alloc';
import { curveParameters } from './curve-params';
import { fuzzySimplicialSet } from './fuzzy-graph';
import { breadthFirstRank, renumber } from './graph-order';
import type { Plan } from './plan';
import { Rng } from './rng';
import { sgdPlan } from './sgd-layout';
import { spectralPlan } from './spectral-init';
import type { NeighbourGraph, ReduceOptions } from './types';

/** Points from which the layout is split into partitions (see sgd-layout); below, one partition, plain UMAP order. */
export const PARTITION_FROM = 4096;
const PARTITIONS = 8;
/**
 * Points from which the layout runs on the graph numbered breadth first (graph-order.ts), its result numbered back:
 * below, its arrays fit in the cache anyway (and the shared sets' groupings stay as they were measured).
 */
export const GRAPH_ORDER_FROM = 20000;
/**
 * From GRAPH_ORDER_FROM points on, each layout partition draws its negative samples from a pool of this many points
 * per epoch (sgd-layout.ts: 160 KB at 10 dimensions, within a core's cache).
 */
export const NEGATIVE_POOL = 4096;

export function defaultEpochs(n: number): number {
  return n <= 10000 ? 500 : 200;
}

export function* embedPlan(alloc: Alloc, graph: NeighbourGraph, opts: ReduceOptions, report: (fraction: number) => void = () => {}): Plan<Float32Array> {
  const n = graph.n;
  const dim = opts.nComponents ?? 10;
  if (!(dim >= 1)) throw new RangeError(`embed: nComponents must be at least 1 (got ${dim})`);
  const seed = opts.seed ?? 0;
  const rng = new Rng(seed, 0xe3bed);
  const epochs = opts.epochs ?? defaultEpochs(n);
  const from = opts.times?.now();
  let fuzzy = fuzzySimplicialSet(graph);
  const rank = n >= GRAPH_ORDER_FROM ? breadthFirstRank(fuzzy) : null;
  if (rank) fuzzy = renumber(fuzzy, rank);
  const { a, b } = curveParameters(opts.minDist ?? 0);

  let start: Float32Array | null = null;
  const init = opts.init ?? 'spectral';
  if (init instanceof Float32Array) {
    if (init.length !== n * dim) throw new RangeError(`embed: init holds ${init.length} values, expected ${n}×${dim}`);
    start = rank ? new Float32Array(n * dim) : Float32Array.from(init);
    if (rank) for (let i = 0; i < n; i++) start.set(init.subarray(i * dim, (i + 1) * dim), rank[i] * dim);
  } else if (init === 'spectral') {
    start = yield* spectralPlan(alloc, fuzzy, dim, rng, spectralRounds(n));
  }
  if (!start) {
    start = new Float32Array(n * dim);
    for (let t = 0; t < start.length; t++) start[t] = rng.next() * 20 - 10;
  }
  report(0.1);
  if (opts.times) opts.times.add('layout: fuzzy graph, spectral start', from!);
  const sgdFrom = opts.times?.now();
  // Every column to [0, 10], as UMAP does before optimizing.
  const emb = alloc.f32(n * dim);
  for (let c = 0; c < dim; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, start[i * dim + c]);
      hi = Math.max(hi, start[i * dim + c]);
    }
    const scale = hi > lo ? 10 / (hi - lo) : 0;
    for (let i = 0; i < n; i++) emb[i * dim + c] = (start[i * dim + c] - lo) * scale;
  }
  yield* sgdPlan(alloc, fuzzy, emb, {
    dim,
    epochs,
    a,
    b,
    gamma: opts.repulsionStrength ?? 1,
    learningRate: opts.learningRate ?? 1,
    negativeSampleRate: opts.negativeSampleRate ?? 5,
    partitions: n >= PARTITION_FROM ? PARTITIONS : 1,
    negativePool: n >= GRAPH_ORDER_FROM ? NEGATIVE_POOL : 0,
    seed: rng.nextU32(),
    onEpoch: (e) => {
      if (e % 10 === 9 || e === epochs - 1) report(0.1 + (0.9 * (e + 1)) / epochs);
    },
  });
  if (opts.times) opts.times.add('layout: SGD epochs', sgdFrom!);
  if (!rank) return emb;
  const out = alloc.f32(n * dim);
  for (let i = 0; i < n; i++) out.set(emb.subarray(rank[i] * dim, (rank[i] + 1) * dim), i * dim);
  return out;
}

/** Diffusion rounds for the spectral start. */
function spectralRounds(n: number): number {
  return n <= 20000 ? 100 : 60;
}
