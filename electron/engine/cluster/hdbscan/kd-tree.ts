// A static kd-tree over the points, laid out flat for the nearest-neighbour and Borůvka searches: the points are
// copied (as float64, so distances match the plain stages bit for bit) in tree order, so a node is one contiguous
// slice, and each node keeps its bounding box. Median splits on the widest side; built iteratively, deterministic.

export interface KdTree {
  n: number;
  dim: number;
  /** Coordinates in tree order: row `pos` is original point `index[pos]`. */
  data: Float64Array;
  /** Tree position -> original point index. */
  index: Int32Array;
  nodeCount: number;
  /** Slice [start, end) of tree positions under each node. */
  start: Int32Array;
  end: Int32Array;
  /** Children of each node (-1 for leaves); the left child always comes right after its parent. */
  left: Int32Array;
  right: Int32Array;
  /** Bounding box of each node: lo/hi[node * dim + d]. */
  lo: Float64Array;
  hi: Float64Array;
}

export const DEFAULT_LEAF_SIZE = 32;

/** Number of nodes a median-split tree of `size` points gets with this leaf size. */
function countNodes(size: number, leafSize: number): number {
  let count = 0;
  const stack = [size];
  while (stack.length) {
    const s = stack.pop()!;
    count++;
    if (s > leafSize) {
      const half = s >> 1;
      stack.push(half, s - half);
    }
  }
  return count;
}

export function buildKdTree(points: ArrayLike<number>, n: number, dim: number, leafSize = DEFAULT_LEAF_SIZE): KdTree {
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  const nodeCount = Math.max(1, countNodes(n, leafSize));
  const start = new Int32Array(nodeCount);
  const end = new Int32Array(nodeCount);
  const left = new Int32Array(nodeCount).fill(-1);
  const right = new Int32Array(nodeCount).fill(-1);
  const lo = new Float64Array(nodeCount * dim);
  const hi = new Float64Array(nodeCount * dim);

  // Depth-first (pre-order) numbering, so a left child is always node + 1: good locality for the searches.
  let next = 0;
  const stack: number[] = [-1, 0, 0, n]; // parent, side (0 left, 1 right), start, end
  while (stack.length) {
    const e = stack.pop()!;
    const s = stack.pop()!;
    const side = stack.pop()!;
    const parent = stack.pop()!;
    const node = next++;
    if (parent >= 0) (side === 0 ? left : right)[parent] = node;
    start[node] = s;
    end[node] = e;
    boundingBox(points, index, s, e, dim, lo, hi, node * dim);
    if (e - s <= leafSize) continue;
    let split = 0;
    let widest = -1;
    for (let d = 0; d < dim; d++) {
      const w = hi[node * dim + d] - lo[node * dim + d];
      if (w > widest) (widest = w), (split = d);
    }
    const mid = s + ((e - s) >> 1);
    selectNth(points, index, s, e - 1, mid, dim, split);
    stack.push(node, 1, mid, e, node, 0, s, mid);
  }

  const data = new Float64Array(n * dim);
  for (let pos = 0; pos < n; pos++) {
    const o = index[pos] * dim;
    for (let d = 0; d < dim; d++) data[pos * dim + d] = points[o + d];
  }
  return { n, dim, data, index, nodeCount, start, end, left, right, lo, hi };
}

function boundingBox(
  points: ArrayLike<number>, index: Int32Array, s: number, e: number, dim: number,
  lo: Float64Array, hi: Float64Array, at: number,
): void {
  for (let d = 0; d < dim; d++) (lo[at + d] = Infinity), (hi[at + d] = -Infinity);
  for (let p = s; p < e; p++) {
    const o = index[p] * dim;
    for (let d = 0; d < dim; d++) {
      const v = points[o + d];
      if (v < lo[at + d]) lo[at + d] = v;
      if (v > hi[at + d]) hi[at + d] = v;
    }
  }
}

/** Quickselect on index[l..r] by coordinate `axis` so that position k holds the k-th smallest (ties by index). */
function selectNth(points: ArrayLike<number>, index: Int32Array, l: number, r: number, k: number, dim: number, axis: number): void {
  // Ordering by (coordinate, point index) makes the result independent of the pivot sequence.
  const less = (a: number, b: number) => {
    const va = points[a * dim + axis];
    const vb = points[b * dim + axis];
    return va < vb || (va === vb && a < b);
  };
  while (r > l) {
    const m = l + ((r - l) >> 1);
    // Median of three as pivot, moved to r.
    if (less(index[m], index[l])) swap(index, m, l);
    if (less(index[r], index[l])) swap(index, r, l);
    if (less(index[m], index[r])) swap(index, m, r);
    const pivot = index[r];
    let store = l;
    for (let i = l; i < r; i++) {
      if (less(index[i], pivot)) swap(index, i, store++);
    }
    swap(index, store, r);
    if (store === k) return;
    if (store < k) l = store + 1;
    else r = store - 1;
  }
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/**
 * Squared distance from row `pos` of `q` (a flat array with rows of `dim`) to the box of `node`. With `limit`,
 * it stops early once past it (returning some value above `limit`).
 */
export function boxSqDist(tree: KdTree, node: number, q: Float64Array, pos: number, limit = Infinity): number {
  const dim = tree.dim;
  const lo = tree.lo;
  const hi = tree.hi;
  const o = node * dim;
  const qo = pos * dim;
  let s = 0;
  for (let d = 0; d < dim; d++) {
    const v = q[qo + d];
    let t = lo[o + d] - v;
    if (t < 0) {
      t = v - hi[o + d];
      if (t < 0) continue;
    }
    s += t * t;
    if (s > limit) return s;
  }
  return s;
}
