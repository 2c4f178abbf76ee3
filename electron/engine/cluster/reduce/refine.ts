// Refinement in the full space, after the candidates from the PCA space were measured: a point's true neighbours
// are often neighbours (or reverse neighbours) of its neighbours, as NN-descent assumes. Those second-hand
// candidates are many (k² or so), so they are ranked by their cheap PCA-space distance and only the best few are
// measured in full. This recovers what PCA hides: in the PCA space, near-identical photos (bursts, re-encodings)
// look alike whatever their fine differences, and only the full features tell which of them are nearest.
// Rounds read the graph as it stood before the round and write a new one (any thread order, same result).
import { before, fillEmpty, heapOffer, sortRow } from './neighbour-heap';
import { freshStamp } from './stamps';
import { dot, dot4At, squaredDistance, squaredDistance4At, toDistance, type Metric } from './vector-math';

export interface RefineArgs {
  /** Full rows and their PCA coordinates. */
  x: Float32Array;
  dim: number;
  y: Float32Array;
  p: number;
  n: number;
  metric: Metric;
  k: number;
  /** The graph before the round (sorted rows) and the one being written. */
  inIdx: Int32Array;
  inDist: Float32Array;
  outIdx: Int32Array;
  outDist: Float32Array;
  /** Reverse neighbours of the graph before the round (CSR). */
  revStart: Int32Array;
  rev: Int32Array;
  /** Rows that changed in the previous round (all 1 in the first): only lists that changed bring new candidates. */
  changedBefore: Uint8Array;
  /** Written: rows that change in this round. */
  changed: Uint8Array;
  /** Candidates measured in full per point. */
  width: number;
  rowsPerTask: number;
}

export function refineTask(a: RefineArgs, task: number): void {
  const { x, dim, y, p, n, k, inIdx, inDist, outIdx, outDist, revStart, rev, changedBefore, changed, width } = a;
  const euclidean = a.metric === 'euclidean';
  const i1 = Math.min(n, (task + 1) * a.rowsPerTask);
  // the `width` candidates nearest in the PCA space, as a max-heap
  const pickIdx = new Int32Array(width);
  const pickDist = new Float32Array(width);
  const four = new Float64Array(4);
  for (let u = task * a.rowsPerTask; u < i1; u++) {
    const base = u * k;
    outIdx.set(inIdx.subarray(base, base + k), base);
    outDist.set(inDist.subarray(base, base + k), base);
    changed[u] = 0;
    const { marks, stamp } = freshStamp(n);
    marks[u] = stamp;
    for (let t = base; t < base + k; t++) if (inIdx[t] >= 0) marks[inIdx[t]] = stamp;
    fillEmpty(pickIdx, pickDist);
    const uy = u * p;
    const uChanged = changedBefore[u] === 1;
    // neighbours' and reverse neighbours' lists
    for (let side = 0; side < 2; side++) {
      const from = side === 0 ? base : revStart[u];
      // a hub's reverse list can be long: its first k entries suffice
      const to = side === 0 ? base + k : Math.min(revStart[u + 1], revStart[u] + k);
      for (let s = from; s < to; s++) {
        const v = side === 0 ? inIdx[s] : rev[s];
        if (v < 0 || !(uChanged || changedBefore[v] === 1)) continue;
        for (let t = v * k; t < v * k + k; t++) {
          const w = inIdx[t];
          if (w < 0 || marks[w] === stamp) continue;
          marks[w] = stamp;
          const d = Math.fround(squaredDistance(y, uy, y, w * p, p));
          if (before(d, w, pickDist[0], pickIdx[0])) heapOffer(pickIdx, pickDist, null, 0, width, w, d, 0);
        }
      }
    }
    let m = 0;
    for (let t = 0; t < width; t++) if (pickIdx[t] >= 0) pickIdx[m++] = pickIdx[t];
    // rows kept as heaps while offering (the root is the farthest), sorted again at the end
    heapify(outIdx, outDist, base, k);
    const uo = u * dim;
    let c = 0;
    let took = 0;
    for (; c + 3 < m; c += 4) {
      if (euclidean) squaredDistance4At(x, uo, x, pickIdx[c] * dim, pickIdx[c + 1] * dim, pickIdx[c + 2] * dim, pickIdx[c + 3] * dim, dim, four);
      else dot4At(x, uo, x, pickIdx[c] * dim, pickIdx[c + 1] * dim, pickIdx[c + 2] * dim, pickIdx[c + 3] * dim, dim, four);
      for (let q = 0; q < 4; q++) if (heapOffer(outIdx, outDist, null, base, k, pickIdx[c + q], toDistance(four[q], euclidean), 0)) took++;
    }
    for (; c < m; c++) {
      const s = euclidean ? squaredDistance(x, uo, x, pickIdx[c] * dim, dim) : dot(x, uo, x, pickIdx[c] * dim, dim);
      if (heapOffer(outIdx, outDist, null, base, k, pickIdx[c], toDistance(s, euclidean), 0)) took++;
    }
    sortRow(outIdx, outDist, null, base, k);
    if (took > 0) changed[u] = 1;
  }
}

/** A row sorted nearest first, reordered into a max-heap (reversing it does: farthest first is a valid heap). */
function heapify(idx: Int32Array, dist: Float32Array, base: number, k: number): void {
  for (let lo = base, hi = base + k - 1; lo < hi; lo++, hi--) {
    const ti = idx[lo];
    idx[lo] = idx[hi];
    idx[hi] = ti;
    const td = dist[lo];
    dist[lo] = dist[hi];
    dist[hi] = td;
  }
}

/** Reverse neighbour lists (CSR) of a graph. */
export function reverseLists(idx: Int32Array, n: number, k: number, alloc: (len: number) => Int32Array): { revStart: Int32Array; rev: Int32Array } {
  const revStart = alloc(n + 1);
  for (let t = 0; t < n * k; t++) if (idx[t] >= 0) revStart[idx[t] + 1]++;
  for (let i = 0; i < n; i++) revStart[i + 1] += revStart[i];
  const rev = alloc(revStart[n]);
  const fill = revStart.slice(0, n);
  for (let i = 0; i < n; i++) for (let t = i * k; t < i * k + k; t++) if (idx[t] >= 0) rev[fill[idx[t]]++] = i;
  return { revStart, rev };
}
