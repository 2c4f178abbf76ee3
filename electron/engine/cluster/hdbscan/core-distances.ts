// Core distances: the distance from each point to its k-th nearest point, the point itself counted as the first
// (the hdbscan package documents min_samples as "the number of samples in a neighborhood ... this includes the
// point itself"; its code paths have used both k and k + 1 over the versions, we follow the documented one).
// So k = 1 gives 0 everywhere (plain single linkage), and k larger than n is clamped to n.
import { sqDist } from './distance';
import { boxSqDist, type KdTree } from './kd-tree';

/** The k actually used for n points and the requested minSamples. */
export function effectiveK(minSamples: number, n: number): number {
  return Math.max(1, Math.min(Math.floor(minSamples), n));
}

/**
 * Core distances of tree positions [from, to) written into out[pos] (indexed by tree position, not point index).
 * A bounded max-heap of squared distances per query; children are visited nearer first, a node is skipped once its
 * box is no closer than the current k-th distance (a tie cannot change the k-th value, so >= is safe).
 */
export function coreDistancesKd(tree: KdTree, k: number, from: number, to: number, out: Float64Array): void {
  const heap = new Float64Array(k);
  const stackNode = new Int32Array(64 + 2 * tree.nodeCount);
  const stackDist = new Float64Array(stackNode.length);
  const { data, dim, start, end, left, right } = tree;
  const half = dim >> 1;
  for (let q = from; q < to; q++) {
    let size = 0;
    let top = 0;
    stackNode[top] = 0;
    stackDist[top++] = 0;
    while (top > 0) {
      top--;
      const node = stackNode[top];
      if (size === k && stackDist[top] >= heap[0]) continue;
      const l = left[node];
      if (l < 0) {
        const qo = q * dim;
        for (let p = start[node], e = end[node]; p < e; p++) {
          if (size < k) {
            heapPush(heap, size++, sqDist(data, q, data, p, dim));
            continue;
          }
          // Stop summing once past the current k-th distance: partial sums only grow, so this is exact.
          const limit = heap[0];
          const po = p * dim;
          let d2 = 0;
          let d = 0;
          for (; d < half; d++) {
            const t = data[qo + d] - data[po + d];
            d2 += t * t;
          }
          if (d2 >= limit) continue;
          for (; d < dim; d++) {
            const t = data[qo + d] - data[po + d];
            d2 += t * t;
          }
          if (d2 < limit) heapReplaceTop(heap, k, d2);
        }
        continue;
      }
      const r = right[node];
      const dl = boxSqDist(tree, l, data, q);
      const dr = boxSqDist(tree, r, data, q);
      // Push the farther child first so the nearer one is searched first.
      if (dl <= dr) {
        stackNode[top] = r; stackDist[top++] = dr;
        stackNode[top] = l; stackDist[top++] = dl;
      } else {
        stackNode[top] = l; stackDist[top++] = dl;
        stackNode[top] = r; stackDist[top++] = dr;
      }
    }
    out[q] = Math.sqrt(heap[0]);
  }
}

/** Brute force, O(n²·dim) time and O(n) memory: for small n or high dimension. Indexed by point. */
export function coreDistancesBrute(points: ArrayLike<number>, n: number, dim: number, k: number): Float64Array {
  const out = new Float64Array(n);
  const heap = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    let size = 0;
    for (let j = 0; j < n; j++) {
      const d2 = sqDist(points, i, points, j, dim);
      if (size < k) heapPush(heap, size++, d2);
      else if (d2 < heap[0]) heapReplaceTop(heap, k, d2);
    }
    out[i] = Math.sqrt(heap[0]);
  }
  return out;
}

/** Max-heap insert into heap[0..size). */
function heapPush(heap: Float64Array, size: number, v: number): void {
  let i = size;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (heap[p] >= v) break;
    heap[i] = heap[p];
    i = p;
  }
  heap[i] = v;
}

/** Replace the maximum of a full max-heap of `size` with v (v smaller than the maximum). */
function heapReplaceTop(heap: Float64Array, size: number, v: number): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const r = l + 1;
    const c = r < size && heap[r] > heap[l] ? r : l;
    if (heap[c] <= v) break;
    heap[i] = heap[c];
    i = c;
  }
  heap[i] = v;
}
