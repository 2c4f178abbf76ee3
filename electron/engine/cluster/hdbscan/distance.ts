// Euclidean distance on flat row-major arrays. Every stage (and the test reference) measures with this one
// summation order, so equal distances come out bit-identical and ties are seen as ties everywhere.

/** Squared distance between row i of `a` and row j of `b` (dimension `dim`), summed in dimension order. */
export function sqDist(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, dim: number): number {
  let s = 0;
  const oi = i * dim;
  const oj = j * dim;
  for (let d = 0; d < dim; d++) {
    const t = a[oi + d] - b[oj + d];
    s += t * t;
  }
  return s;
}

/** Mutual-reachability distance: the larger of both core distances and the plain distance. */
export function mutualReachability(coreI: number, coreJ: number, dist: number): number {
  const c = coreI > coreJ ? coreI : coreJ;
  return dist > c ? dist : c;
}
