// Euclidean distance on flat row-major arrays. Every stage measures in this one order (difference, square, sum
// over dimensions in order, in float64; the hot loops inline the same steps), so equal distances come out
// bit-identical and ties are seen as ties everywhere.

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
