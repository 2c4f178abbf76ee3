// Exact k nearest neighbours by blocked brute force: each task takes a block of query rows and streams every row
// of the matrix past it in tiles that stay in cache, four candidate rows per inner loop. Rows are compared with
// every other row (not half of the pairs) so that tasks write only their own rows and can run on any thread.
import { fillEmpty, heapOffer, sortRow } from './neighbour-heap';
import { dot, dot4, squaredDistance, squaredDistance4, toDistance, type Metric } from './vector-math';

export interface ExactRowsArgs {
  x: Float32Array;
  n: number;
  dim: number;
  k: number;
  /** Cosine distance 1 − x·y (rows must be unit length) or Euclidean distance. */
  metric: Metric;
  rowsPerTask: number;
  outIdx: Int32Array;
  outDist: Float32Array;
}

/** Candidate rows per tile: 64 rows of 1280 floats (320 KB) stay in L2 while a block of queries passes them. */
const COLUMN_TILE = 64;

export function exactRowsTask(a: ExactRowsArgs, task: number): void {
  const { x, n, dim, k, outIdx, outDist } = a;
  const euclidean = a.metric === 'euclidean';
  const r0 = task * a.rowsPerTask;
  const r1 = Math.min(n, r0 + a.rowsPerTask);
  if (r0 >= r1) return;
  const idx = new Int32Array((r1 - r0) * k);
  const dist = new Float32Array((r1 - r0) * k);
  fillEmpty(idx, dist);
  const four = new Float64Array(4);
  for (let c0 = 0; c0 < n; c0 += COLUMN_TILE) {
    const c1 = Math.min(n, c0 + COLUMN_TILE);
    for (let i = r0; i < r1; i++) {
      const base = (i - r0) * k;
      const qo = i * dim;
      let j = c0;
      for (; j + 3 < c1; j += 4) {
        if (euclidean) squaredDistance4(x, qo, x, j * dim, dim, four);
        else dot4(x, qo, x, j * dim, dim, four);
        for (let t = 0; t < 4; t++) {
          const jj = j + t;
          if (jj !== i) heapOffer(idx, dist, null, base, k, jj, toDistance(four[t], euclidean), 0);
        }
      }
      for (; j < c1; j++) {
        if (j === i) continue;
        const s = euclidean ? squaredDistance(x, qo, x, j * dim, dim) : dot(x, qo, x, j * dim, dim);
        heapOffer(idx, dist, null, base, k, j, toDistance(s, euclidean), 0);
      }
    }
  }
  for (let r = 0; r < r1 - r0; r++) sortRow(idx, dist, null, r * k, k);
  outIdx.set(idx, r0 * k);
  outDist.set(dist, r0 * k);
}
