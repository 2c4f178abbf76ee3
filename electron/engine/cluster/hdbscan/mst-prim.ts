// Prim's algorithm on the implicit complete mutual-reachability graph: O(n²·dim) time, O(n) memory, no distance
// matrix. The right tool for small n and for high dimension, where trees stop pruning anyway.
import { sqDist } from './distance';

export interface MstEdges {
  a: Int32Array;
  b: Int32Array;
  weight: Float64Array;
}

export function primMst(points: ArrayLike<number>, n: number, dim: number, core: Float64Array): MstEdges {
  const m = Math.max(0, n - 1);
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  const weight = new Float64Array(m);
  if (n < 2) return { a, b, weight };
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(Infinity);
  const from = new Int32Array(n).fill(-1);
  let current = 0;
  inTree[0] = 1;
  for (let e = 0; e < m; e++) {
    const cc = core[current];
    let next = -1;
    let nextW = Infinity;
    for (let j = 0; j < n; j++) {
      if (inTree[j]) continue;
      let bj = best[j];
      // Both core distances bound the edge from below: skip the distance when it cannot improve best[j].
      if (cc < bj && core[j] < bj) {
        const w = Math.max(cc, core[j], Math.sqrt(sqDist(points, current, points, j, dim)));
        if (w < bj) {
          best[j] = bj = w;
          from[j] = current;
        }
      }
      // Lowest index among equal weights: deterministic.
      if (bj < nextW || next < 0) {
        nextW = bj;
        next = j;
      }
    }
    inTree[next] = 1;
    a[e] = from[next];
    b[e] = next;
    weight[e] = nextW;
    current = next;
  }
  return { a, b, weight };
}
