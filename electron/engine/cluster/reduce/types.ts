// The reduction's public shapes: the neighbour graph it builds (and hands to the caller) and the options.
import type { StepTimes } from '../step-times';
import type { Metric } from './vector-math';

/** Each point's k nearest other points (itself excluded), nearest first; -1 / +Infinity pad rows when n ≤ k. */
export interface NeighbourGraph {
  n: number;
  k: number;
  /** n×k point indices. */
  indices: Int32Array;
  /** n×k distances: cosine distances (1 − cosine similarity) for the cosine metric. */
  distances: Float32Array;
}

/** done out of total (1000), and the stage under way: the neighbour search, then the layout. */
export type Progress = (done: number, total: number, stage: Stage) => void;
export type Stage = 'neighbours' | 'layout';

export interface KnnOptions {
  /** 'cosine' (default; rows must be L2-normalized, see normalizeFeatures) or 'euclidean'. */
  metric?: Metric;
  /** 'auto' (default): exact while brute force is cheap (n²·dim below exactWork), approximate beyond. */
  method?: 'auto' | 'exact' | 'approximate';
  /** Brute-force budget in multiply-adds for 'auto' (default 3e9, about two seconds on one core). */
  exactWork?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: Progress;
  /** Worker threads for the async functions (default: the machine's parallelism; 0 or 1: this thread only). */
  threads?: number;
  /** Where to record each stage's time (the benchmark's). */
  times?: StepTimes;
  /** Approximate search: dimensions of the PCA space searched (default 64; none when dim is not larger). */
  searchDims?: number;
  /** Approximate search: neighbours per point searched in the PCA space, measured in full (default max(2k, 30)). */
  candidates?: number;
  /** Approximate search: rows the PCA is fitted on (default 4000) and its subspace iterations (default 1). */
  pcaSample?: number;
  pcaIterations?: number;
  /** Approximate search: random projection trees (default 8) and their leaf size (default 32). */
  trees?: number;
  leafSize?: number;
  /** Approximate search: NN-descent rounds at most (default 6) and candidates sampled per round (default 12). */
  rounds?: number;
  maxCandidates?: number;
  /** Approximate search: refinement rounds in the full space (default 2), points measured per point and round (48). */
  refineRounds?: number;
  refineWidth?: number;
}

export interface ReduceOptions {
  /** Output dimensions (default 10). */
  nComponents?: number;
  /**
   * Neighbourhood size as UMAP counts it, the point itself included (default 15): the graph holds the
   * nNeighbors − 1 nearest other photos.
   */
  nNeighbors?: number;
  /** Smallest distance between embedded points (default 0: tight clumps, what density clustering wants). */
  minDist?: number;
  /** SGD epochs (default 500 up to 10,000 points, 200 above). */
  epochs?: number;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: Progress;
  /** Worker threads for the async functions (default: the machine's parallelism; 0 or 1: this thread only). */
  threads?: number;
  /** Where to record each stage's time (the benchmark's). */
  times?: StepTimes;
  /** Starting layout: 'spectral' (default), 'random', or n×nComponents coordinates. */
  init?: 'spectral' | 'random' | Float32Array;
  /** Negative samples per positive one (default 5) and their weight (default 1). */
  negativeSampleRate?: number;
  repulsionStrength?: number;
  /** Learning rate at the first epoch (default 1; it falls linearly to 0). */
  learningRate?: number;
  /** Subtract the mean feature (or this share of it) before normalizing (reduce only; see normalizeFeatures). Default false. */
  centre?: boolean | number;
  /** The rows of the features to reduce, in order (reduce only; default the first n): one point per distinct content, without a copy. */
  rows?: ArrayLike<number>;
  /** Options of the neighbour search (reduce only). */
  knn?: Omit<KnnOptions, 'metric' | 'seed' | 'signal' | 'onProgress' | 'threads' | 'times'>;
}
