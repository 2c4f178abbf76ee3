// The starting layout: the leading non-trivial eigenvectors of the graph's normalized adjacency D^-½ W D^-½ (the
// smallest of its normalized Laplacian, as UMAP starts), found by block power iteration. Convergence is not waited
// for: a few dozen rounds of diffusion already turn random vectors into smooth coordinates in which groups of
// connected points sit apart, which is all SGD needs to start from.
import type { Alloc } from './alloc';
import type { FuzzyGraph } from './fuzzy-graph';
import { orthonormalize } from './orthonormal';
import type { Plan } from './plan';
import type { Rng } from './rng';
import { symmetricEigen } from './symmetric-eigen';

export interface SpmmArgs {
  n: number;
  /** Vectors in the block (columns of the row-major n×cols matrices). */
  cols: number;
  start: Int32Array;
  nbr: Int32Array;
  /** w_ij / sqrt(d_i d_j). */
  val: Float32Array;
  x: Float64Array;
  out: Float64Array;
  rowsPerTask: number;
}

/** out = ½(I + D^-½ W D^-½)·x: the shift keeps every eigenvalue in [0, 1], so the largest ones dominate. */
export function spmmTask(a: SpmmArgs, task: number): void {
  const { cols, start, nbr, val, x, out } = a;
  const i1 = Math.min(a.n, (task + 1) * a.rowsPerTask);
  for (let i = task * a.rowsPerTask; i < i1; i++) {
    const o = i * cols;
    for (let c = 0; c < cols; c++) out[o + c] = 0.5 * x[o + c];
    for (let e = start[i]; e < start[i + 1]; e++) {
      const w = 0.5 * val[e];
      const jo = nbr[e] * cols;
      for (let c = 0; c < cols; c++) out[o + c] += w * x[jo + c];
    }
  }
}

/** Symmetric CSR of the fuzzy graph, both directions of every edge. */
export function adjacency(graph: FuzzyGraph): { start: Int32Array; nbr: Int32Array; w: Float32Array; degree: Float64Array } {
  const { n, edges, head, tail, weight } = graph;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < edges; e++) {
    start[head[e] + 1]++;
    start[tail[e] + 1]++;
  }
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const nbr = new Int32Array(2 * edges);
  const w = new Float32Array(2 * edges);
  const degree = new Float64Array(n);
  for (let e = 0; e < edges; e++) {
    const h = head[e], t = tail[e], v = weight[e];
    nbr[fill[h]] = t;
    w[fill[h]++] = v;
    nbr[fill[t]] = h;
    w[fill[t]++] = v;
    degree[h] += v;
    degree[t] += v;
  }
  return { start, nbr, w, degree };
}

/** n×dims coordinates (largest absolute value 10), or null when the graph gives nothing to work with. */
export function* spectralPlan(alloc: Alloc, graph: FuzzyGraph, dims: number, rng: Rng, rounds: number): Plan<Float32Array | null> {
  const n = graph.n;
  const cols = dims + 1;
  if (n <= cols) return null;
  const adj = adjacency(graph);
  const start = alloc.i32(n + 1);
  start.set(adj.start);
  const nbr = alloc.i32(adj.nbr.length);
  nbr.set(adj.nbr);
  const val = alloc.f32(adj.w.length);
  const isq = new Float64Array(n);
  for (let i = 0; i < n; i++) isq[i] = adj.degree[i] > 0 ? 1 / Math.sqrt(adj.degree[i]) : 0;
  for (let i = 0; i < n; i++) for (let e = adj.start[i]; e < adj.start[i + 1]; e++) val[e] = adj.w[e] * isq[i] * isq[adj.nbr[e]];
  // Column 0 is the trivial eigenvector D^½·1 (eigenvalue 1 on every connected component); the others are kept
  // orthogonal to it, so that they describe positions rather than degree.
  const trivial = new Float64Array(n);
  let tn = 0;
  for (let i = 0; i < n; i++) tn += adj.degree[i];
  for (let i = 0; i < n; i++) trivial[i] = Math.sqrt(adj.degree[i] / (tn || 1));
  let x = alloc.f64(n * cols);
  let out = alloc.f64(n * cols);
  for (let i = 0; i < n; i++) {
    x[i * cols] = trivial[i];
    for (let c = 1; c < cols; c++) x[i * cols + c] = rng.gaussian();
  }
  orthonormalize(x, cols, n, 'columns', 1);
  const rowsPerTask = Math.max(256, Math.ceil(n / 32));
  const count = Math.ceil(n / rowsPerTask);
  for (let r = 0; r < rounds; r++) {
    yield { task: 'spmm', count, args: { n, cols, start, nbr, val, x, out, rowsPerTask } };
    [x, out] = [out, x];
    // Every few rounds is enough: the operator's eigenvalues lie in [0, 1], so in between the block neither
    // blows up nor collapses onto the trivial vector (Gram–Schmidt over n rows is what costs here).
    if (r % 4 === 3 || r === rounds - 1) {
      for (let i = 0; i < n; i++) x[i * cols] = trivial[i];
      orthonormalize(x, cols, n, 'columns', 1);
    }
  }
  // Rayleigh–Ritz: rotate the block so that its columns approximate eigenvectors, largest eigenvalue first.
  yield { task: 'spmm', count, args: { n, cols, start, nbr, val, x, out, rowsPerTask } };
  const m = dims;
  const h = new Float64Array(m * m);
  for (let p = 0; p < m; p++) {
    for (let q = p; q < m; q++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i * cols + 1 + p] * out[i * cols + 1 + q];
      h[p * m + q] = h[q * m + p] = s;
    }
  }
  const eig = symmetricEigen(h, m);
  const coords = new Float32Array(n * dims);
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < dims; c++) {
      let s = 0;
      for (let p = 0; p < m; p++) s += x[i * cols + 1 + p] * eig.vectors[p * m + c];
      coords[i * dims + c] = s;
      maxAbs = Math.max(maxAbs, Math.abs(s));
    }
  }
  if (!(maxAbs > 0) || !Number.isFinite(maxAbs)) return null;
  // UMAP's scaling: largest coordinate 10, plus a little noise so that identical points do not start as one.
  for (let t = 0; t < coords.length; t++) coords[t] = (coords[t] * 10) / maxAbs + 1e-4 * rng.gaussian();
  return coords;
}
