// The pool a layout partition draws its negative samples from in one epoch (sgd-layout.ts, SgdOptions.negativePool):
// uniform random points, their epoch-start positions copied side by side so that the many reads of an epoch stay in
// cache. Shared by the generic and the unrolled epoch loops, which must draw exactly alike.
import type { SgdEpochArgs } from './sgd-layout';

/**
 * Draws partition `part`'s pool for this epoch (poolSize uniform points, repeats allowed) with its xorshift32
 * `state`, copying their epoch-start positions; returns the state after the draws.
 */
export function fillPool(s: SgdEpochArgs, part: number, state: number): number {
  const { n, dim, poolSize } = s;
  const from = s.snap.length > 0 ? s.snap : s.emb;
  for (let q = part * poolSize, end = q + poolSize; q < end; q++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const w = Math.floor(((state >>> 0) * n) / 4294967296);
    s.poolIdx[q] = w;
    for (let c = 0; c < dim; c++) s.pool[q * dim + c] = from[w * dim + c];
  }
  return state;
}
