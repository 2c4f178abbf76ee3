// The last step of the approximate search: the candidates found in the reduced space are measured again in the
// full space, and the k nearest there are kept. The reduced space only has to rank the true neighbours among a
// few dozen candidates, which it does far better than it ranks them among all points.
import { fillEmpty, heapOffer, sortRow } from './neighbour-heap';
import { dot, dot4At, squaredDistance, squaredDistance4At, toDistance, type Metric } from './vector-math';

export interface RerankArgs {
  x: Float32Array;
  n: number;
  dim: number;
  metric: Metric;
  /** n × candK candidate indices (-1: none). */
  cand: Int32Array;
  candK: number;
  k: number;
  outIdx: Int32Array;
  outDist: Float32Array;
  rowsPerTask: number;
}

export function rerankTask(a: RerankArgs, task: number): void {
  const { x, n, dim, cand, candK, k, outIdx, outDist } = a;
  const euclidean = a.metric === 'euclidean';
  const i1 = Math.min(n, (task + 1) * a.rowsPerTask);
  const four = new Float64Array(4);
  const list = new Int32Array(candK);
  for (let i = task * a.rowsPerTask; i < i1; i++) {
    const base = i * k;
    fillEmpty(outIdx.subarray(base, base + k), outDist.subarray(base, base + k));
    let m = 0;
    for (let c = i * candK; c < (i + 1) * candK; c++) if (cand[c] >= 0 && cand[c] !== i) list[m++] = cand[c];
    const io = i * dim;
    let c = 0;
    for (; c + 3 < m; c += 4) {
      if (euclidean) squaredDistance4At(x, io, x, list[c] * dim, list[c + 1] * dim, list[c + 2] * dim, list[c + 3] * dim, dim, four);
      else dot4At(x, io, x, list[c] * dim, list[c + 1] * dim, list[c + 2] * dim, list[c + 3] * dim, dim, four);
      for (let q = 0; q < 4; q++) heapOffer(outIdx, outDist, null, base, k, list[c + q], toDistance(four[q], euclidean), 0);
    }
    for (; c < m; c++) {
      const s = euclidean ? squaredDistance(x, io, x, list[c] * dim, dim) : dot(x, io, x, list[c] * dim, dim);
      heapOffer(outIdx, outDist, null, base, k, list[c], toDistance(s, euclidean), 0);
    }
    sortRow(outIdx, outDist, null, base, k);
  }
}

