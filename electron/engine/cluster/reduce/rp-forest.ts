// Random projection trees (Dasgupta & Freund 2008; the start of NN-descent in pynndescent): each tree splits the
// points by the hyperplane halfway between two random points until leaves are small, so points sharing a leaf are
// likely near. Every point's first candidates are its leaf-mates across the trees.
import { fillEmpty, heapOffer, before } from './neighbour-heap';
import { Rng } from './rng';
import { freshStamp } from './stamps';
import { squaredDistance } from './vector-math';

export interface ForestBuildArgs {
  y: Float32Array;
  n: number;
  dim: number;
  leafSize: number;
  seed: number;
  /** trees × n: each tree's points, leaf by leaf. */
  perm: Int32Array;
  /** trees × n: where point i's leaf starts and ends in its tree's part of perm. */
  leafLo: Int32Array;
  leafHi: Int32Array;
}

export function forestBuildTask(a: ForestBuildArgs, tree: number): void {
  const { y, n, dim, leafSize } = a;
  const rng = new Rng(a.seed, 0x7ee, tree);
  const perm = a.perm.subarray(tree * n, (tree + 1) * n);
  const leafLo = a.leafLo.subarray(tree * n, (tree + 1) * n);
  const leafHi = a.leafHi.subarray(tree * n, (tree + 1) * n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const normal = new Float64Array(dim);
  const stack: number[] = [0, n];
  while (stack.length > 0) {
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    const size = hi - lo;
    if (size <= leafSize) {
      for (let p = lo; p < hi; p++) {
        leafLo[perm[p]] = lo;
        leafHi[perm[p]] = hi;
      }
      continue;
    }
    let offset = 0;
    let found = false;
    for (let attempt = 0; attempt < 3 && !found; attempt++) {
      const pa = perm[lo + rng.int(size)] * dim;
      const pb = perm[lo + rng.int(size)] * dim;
      let norm = 0;
      offset = 0;
      for (let t = 0; t < dim; t++) {
        const d = y[pa + t] - y[pb + t];
        normal[t] = d;
        norm += d * d;
        offset += d * (y[pa + t] + y[pb + t]) * 0.5;
      }
      found = norm > 0;
    }
    let mid = lo;
    if (found) {
      let end = hi;
      while (mid < end) {
        const o = perm[mid] * dim;
        let side = -offset;
        for (let t = 0; t < dim; t++) side += normal[t] * y[o + t];
        // points on the plane (duplicates of the midpoint) go either way at random
        if (side < 0 || (side === 0 && rng.next() < 0.5)) mid++;
        else {
          end--;
          const tmp = perm[mid];
          perm[mid] = perm[end];
          perm[end] = tmp;
        }
      }
    }
    // no usable plane (all points equal) or one side empty: split the range in two as it stands
    if (mid === lo || mid === hi) mid = lo + (size >> 1);
    stack.push(lo, mid, mid, hi);
  }
}

export interface ForestJoinArgs {
  y: Float32Array;
  n: number;
  dim: number;
  trees: number;
  perm: Int32Array;
  leafLo: Int32Array;
  leafHi: Int32Array;
  /** Neighbours kept per point. */
  k: number;
  heapIdx: Int32Array;
  heapDist: Float32Array;
  heapFlag: Uint8Array;
  rowsPerTask: number;
}

/** Fills each point's heap with its nearest leaf-mates (squared distances), all flagged new. */
export function forestJoinTask(a: ForestJoinArgs, task: number): void {
  const { y, n, dim, k, perm, leafLo, leafHi, heapIdx, heapDist, heapFlag } = a;
  const i1 = Math.min(n, (task + 1) * a.rowsPerTask);
  for (let i = task * a.rowsPerTask; i < i1; i++) {
    const base = i * k;
    fillEmpty(heapIdx.subarray(base, base + k), heapDist.subarray(base, base + k));
    heapFlag.fill(1, base, base + k);
    const { marks, stamp } = freshStamp(n);
    marks[i] = stamp;
    for (let t = 0; t < a.trees; t++) {
      const o = t * n;
      for (let p = leafLo[o + i]; p < leafHi[o + i]; p++) {
        const j = perm[o + p];
        if (marks[j] === stamp) continue;
        marks[j] = stamp;
        const d = Math.fround(squaredDistance(y, i * dim, y, j * dim, dim));
        if (before(d, j, heapDist[base], heapIdx[base])) heapOffer(heapIdx, heapDist, heapFlag, base, k, j, d, 1);
      }
    }
  }
}
