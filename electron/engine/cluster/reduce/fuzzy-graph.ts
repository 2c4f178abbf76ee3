// The neighbour graph as a fuzzy simplicial set (McInnes, Healy & Melville 2018, §3): each point sees its
// neighbours on its own scale (distance beyond the nearest one, divided by a per-point sigma chosen so that the
// memberships sum to log2 of the neighbourhood size), and the two directed memberships of a pair are joined by
// the fuzzy union a + b − a·b. Dense and sparse regions thereby get edges of comparable weight.
import type { NeighbourGraph } from './types';

/** Undirected weighted edges, each pair once. */
export interface FuzzyGraph {
  n: number;
  edges: number;
  head: Int32Array;
  tail: Int32Array;
  weight: Float32Array;
}

const SEARCH_STEPS = 64;
const TOLERANCE = 1e-5;
/** Sigma never falls below this share of the mean neighbour distance (keeps duplicates from blowing up). */
const MIN_SCALE = 1e-3;

/**
 * Per-point memberships. The target sum is log2(k + 1): k + 1 is the neighbourhood size as UMAP counts it, the
 * point itself included, so a graph of 14 neighbours matches UMAP's n_neighbors = 15.
 */
export function memberships(graph: NeighbourGraph): Float32Array {
  const { n, k, indices, distances } = graph;
  const w = new Float32Array(n * k);
  const target = Math.log2(k + 1);
  let total = 0;
  let count = 0;
  for (let t = 0; t < n * k; t++) {
    if (indices[t] >= 0) {
      total += distances[t];
      count++;
    }
  }
  const globalMean = count > 0 ? total / count : 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let rho = Infinity;
    let sum = 0;
    let m = 0;
    for (let j = o; j < o + k; j++) {
      if (indices[j] < 0) continue;
      const d = distances[j];
      sum += d;
      m++;
      if (d > 0 && d < rho) rho = d;
    }
    if (m === 0) continue;
    if (rho === Infinity) rho = 0;
    let lo = 0;
    let hi = Infinity;
    let sigma = 1;
    for (let step = 0; step < SEARCH_STEPS; step++) {
      let psum = 0;
      for (let j = o; j < o + k; j++) {
        if (indices[j] < 0) continue;
        const d = distances[j] - rho;
        psum += d > 0 ? Math.exp(-d / sigma) : 1;
      }
      if (Math.abs(psum - target) < TOLERANCE) break;
      if (psum > target) {
        hi = sigma;
        sigma = (lo + hi) / 2;
      } else {
        lo = sigma;
        sigma = hi === Infinity ? sigma * 2 : (lo + hi) / 2;
      }
    }
    sigma = Math.max(sigma, MIN_SCALE * (rho > 0 ? sum / m : globalMean));
    for (let j = o; j < o + k; j++) {
      if (indices[j] < 0) continue;
      const d = distances[j] - rho;
      w[j] = d <= 0 || sigma === 0 ? 1 : Math.exp(-d / sigma);
    }
  }
  return w;
}

export function fuzzySimplicialSet(graph: NeighbourGraph): FuzzyGraph {
  const { n, k, indices } = graph;
  const w = memberships(graph);
  const head = new Int32Array(n * k);
  const tail = new Int32Array(n * k);
  const weight = new Float32Array(n * k);
  let e = 0;
  for (let i = 0; i < n; i++) {
    for (let s = i * k; s < i * k + k; s++) {
      const j = indices[s];
      if (j < 0 || j === i) continue;
      // the reverse membership, when j lists i too
      let back = -1;
      for (let r = j * k; r < j * k + k; r++) {
        if (indices[r] === i) {
          back = r;
          break;
        }
      }
      if (back >= 0 && j < i) continue; // that pair was emitted from j's row
      const a = w[s];
      const b = back >= 0 ? w[back] : 0;
      head[e] = i;
      tail[e] = j;
      weight[e] = a + b - a * b;
      e++;
    }
  }
  return { n, edges: e, head: head.slice(0, e), tail: tail.slice(0, e), weight: weight.slice(0, e) };
}
