// bench/noisy-rows.ts — owns: growing a set of real feature rows to a bench size (cluster-bench.ts and
// cluster-reduce.ts grow CIFAR-10's 5,000 the same way, so their figures compare): noisy copies of each row, or
// blends of each row with one of its real neighbours (cluster-bench.ts's default: the same structure at any size).
import { Rng } from '../electron/engine/cluster/reduce/rng';

/**
 * n rows of `dim` from the m rows of `matrix`: row i copies row i % m, the first m as they are, the others with
 * Gaussian noise of norm `noise`·|row| (a copy sits at cosine distance about noise²/2 from its original, like
 * another photo of the same subject, not a duplicate).
 *
 * Beyond 15 copies of each row (75,000 from CIFAR-10's 5,000) a photo's nearest neighbours are all copies of its own
 * original, which lie far closer to each other than any two real photos do: the neighbour graph falls apart into m
 * islands, so what is measured changes kind with the size (blendedRows does not).
 */
export function noisyRows(matrix: Float32Array, m: number, dim: number, n: number, noise: number, seed: number): Float32Array {
  const x = new Float32Array(n * dim);
  const rng = new Rng(seed);
  for (let i = 0; i < n; i++) {
    const o = (i % m) * dim;
    if (i < m) {
      x.set(matrix.subarray(o, o + dim), i * dim);
      continue;
    }
    let norm = 0;
    for (let t = 0; t < dim; t++) norm += matrix[o + t] ** 2;
    const s = (noise * Math.sqrt(norm)) / Math.sqrt(dim);
    for (let t = 0; t < dim; t++) x[i * dim + t] = matrix[o + t] + s * rng.gaussian();
  }
  return x;
}

/**
 * n rows of `dim` from the m rows of `matrix`: the first m as they are; row i beyond is row a = i % m moved a random
 * part t ∈ [0, ½) of the way towards one of a's real nearest neighbours b (`neighbours`: m×k, b scaled to a's
 * length), plus Gaussian noise of norm `noise`·|a|. Such rows fill the space between photos that are neighbours
 * already, as more photos of the same subjects would, so the neighbour graph keeps the real rows' structure
 * (connected, the same classes meeting) at every size; rows between a and b come from both ends, meeting midway.
 */
export function blendedRows(matrix: Float32Array, m: number, dim: number, n: number, neighbours: { indices: Int32Array; k: number }, noise: number, seed: number): Float32Array {
  const x = new Float32Array(n * dim);
  const rng = new Rng(seed, 0xb1e4d);
  const norms = new Float64Array(m);
  for (let a = 0; a < m; a++) {
    let s = 0;
    for (let t = 0; t < dim; t++) s += matrix[a * dim + t] ** 2;
    norms[a] = Math.sqrt(s);
  }
  const { indices, k } = neighbours;
  for (let i = 0; i < n; i++) {
    const a = i % m;
    const oa = a * dim;
    if (i < m) {
      x.set(matrix.subarray(oa, oa + dim), i * dim);
      continue;
    }
    const b = indices[a * k + Math.floor(rng.next() * k)];
    const part = b >= 0 && norms[b] > 0 ? rng.next() / 2 : 0;
    const ob = Math.max(b, 0) * dim;
    const scaleB = part > 0 ? (part * norms[a]) / norms[b] : 0;
    const s = (noise * norms[a]) / Math.sqrt(dim);
    for (let t = 0; t < dim; t++) x[i * dim + t] = (1 - part) * matrix[oa + t] + scaleB * matrix[ob + t] + s * rng.gaussian();
  }
  return x;
}
