// bench/noisy-rows.ts — owns: growing a set of real feature rows to a bench size (cluster-bench.ts and
// cluster-reduce.ts grow CIFAR-10's 5,000 the same way, so their figures compare).
import { Rng } from '../electron/engine/cluster/reduce/rng';

/**
 * n rows of `dim` from the m rows of `matrix`: row i copies row i % m, the first m as they are, the others with
 * Gaussian noise of norm `noise`·|row| (a copy sits at cosine distance about noise²/2 from its original, like
 * another photo of the same subject, not a duplicate).
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
