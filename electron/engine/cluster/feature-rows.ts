// The clustering's cosine geometry in the full feature space, read straight from the index's feature matrix:
// each row L2-normalized, a share of the mean direction taken out, normalized again (as normalizeFeatures does),
// without keeping a normalized copy (at 100,000 photos that copy would be another 500 MB). Pure.

export class FeatureRows {
  /** 1 / ‖raw row‖ (0 for an all-zero row). */
  private readonly invNorm: Float64Array;
  /** 1 / ‖normalized row − mean‖ (0 when that is zero). */
  private readonly scale: Float64Array;
  /** share × the mean of the normalized rows. */
  readonly mean: Float64Array;

  /**
   * `rows[c]` is the matrix row holding point c; `share` in [0, 1] is the part of
   * the mean removed (0: plain cosine, 1: full centring).
   */
  constructor(private readonly matrix: Float32Array, private readonly rows: ArrayLike<number>, readonly dim: number, share: number) {
    const n = rows.length;
    this.invNorm = new Float64Array(n);
    this.scale = new Float64Array(n);
    this.mean = new Float64Array(dim);
    for (let c = 0; c < n; c++) {
      const o = rows[c] * dim;
      let s = 0;
      for (let t = 0; t < dim; t++) s += matrix[o + t] * matrix[o + t];
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      this.invNorm[c] = inv;
      for (let t = 0; t < dim; t++) this.mean[t] += matrix[o + t] * inv;
    }
    let mm = 0;
    for (let t = 0; t < dim; t++) {
      this.mean[t] *= n > 0 ? share / n : 0;
      mm += this.mean[t] * this.mean[t];
    }
    for (let c = 0; c < n; c++) {
      // ‖r̂ − m‖² = ‖r̂‖² − 2 r̂·m + ‖m‖², with ‖r̂‖ 1 (or 0 for a zero row).
      const unit = this.invNorm[c] > 0 ? 1 : 0;
      const sq = unit - 2 * this.invNorm[c] * this.rawDot(c, this.mean) + mm;
      this.scale[c] = sq > 1e-12 ? 1 / Math.sqrt(sq) : 0;
    }
  }

  get count(): number {
    return this.rows.length;
  }

  /** Dot product of point c's geometry row with v, given vMean = mean · v. */
  dot(c: number, v: Float64Array, vOffset: number, vMean: number): number {
    return (this.invNorm[c] * this.rawDot(c, v, vOffset) - vMean) * this.scale[c];
  }

  /** Adds point c's geometry row to sum[offset .. offset + dim). */
  addTo(c: number, sum: Float64Array, offset: number): void {
    const o = this.rows[c] * this.dim;
    const a = this.invNorm[c] * this.scale[c];
    const b = this.scale[c];
    for (let t = 0; t < this.dim; t++) sum[offset + t] += a * this.matrix[o + t] - b * this.mean[t];
  }

  /**
   * For each point of `points`, the row g of `v` (`groups` rows of dim) with the highest dot(c, v, g·dim, vMean[g]),
   * ties to the lowest g: the same values, bit for bit, as calling dot() pair by pair (each pair's sum still runs
   * over t in order), but four points share every load of a row of v and keep four sums in flight, and the rows of v
   * are taken a tile at a time so the tile stays in cache for all the points. Pair by pair this was the placement's
   * bottleneck: ~12,000 photos × 300 groups × 1280 at 50,000 photos, latency-bound on one running sum.
   */
  argmaxDot(points: Int32Array, v: Float64Array, vMean: Float64Array, groups: number): Int32Array {
    const dim = this.dim;
    const m = this.matrix;
    const count = points.length;
    const best = new Int32Array(count).fill(-1);
    const bestSim = new Float64Array(count).fill(-Infinity);
    const tile = Math.max(1, Math.floor(32768 / dim));
    const consider = (i: number, g: number, raw: number) => {
      const c = points[i];
      const sim = (this.invNorm[c] * raw - vMean[g]) * this.scale[c];
      if (sim > bestSim[i]) (bestSim[i] = sim), (best[i] = g);
    };
    for (let g0 = 0; g0 < groups; g0 += tile) {
      const g1 = Math.min(groups, g0 + tile);
      for (let i = 0; i < count; i += 4) {
        // A short last block repeats its last point: extra sums, never read.
        const o0 = this.rows[points[i]] * dim;
        const o1 = this.rows[points[Math.min(i + 1, count - 1)]] * dim;
        const o2 = this.rows[points[Math.min(i + 2, count - 1)]] * dim;
        const o3 = this.rows[points[Math.min(i + 3, count - 1)]] * dim;
        // Two rows of v at a time (the last alone when the tile's count is odd): eight sums in flight.
        let g = g0;
        for (; g + 1 < g1; g += 2) {
          const va = g * dim;
          const vb = va + dim;
          let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
          for (let t = 0; t < dim; t++) {
            const x = v[va + t];
            const y = v[vb + t];
            const m0 = m[o0 + t], m1 = m[o1 + t], m2 = m[o2 + t], m3 = m[o3 + t];
            a0 += m0 * x;
            a1 += m1 * x;
            a2 += m2 * x;
            a3 += m3 * x;
            b0 += m0 * y;
            b1 += m1 * y;
            b2 += m2 * y;
            b3 += m3 * y;
          }
          // g before g + 1 for each point, so ties still go to the lower row.
          consider(i, g, a0), consider(i, g + 1, b0);
          if (i + 1 < count) consider(i + 1, g, a1), consider(i + 1, g + 1, b1);
          if (i + 2 < count) consider(i + 2, g, a2), consider(i + 2, g + 1, b2);
          if (i + 3 < count) consider(i + 3, g, a3), consider(i + 3, g + 1, b3);
        }
        if (g < g1) {
          const vo = g * dim;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
          for (let t = 0; t < dim; t++) {
            const x = v[vo + t];
            s0 += m[o0 + t] * x;
            s1 += m[o1 + t] * x;
            s2 += m[o2 + t] * x;
            s3 += m[o3 + t] * x;
          }
          consider(i, g, s0);
          if (i + 1 < count) consider(i + 1, g, s1);
          if (i + 2 < count) consider(i + 2, g, s2);
          if (i + 3 < count) consider(i + 3, g, s3);
        }
      }
    }
    return best;
  }

  private rawDot(c: number, v: Float64Array, vOffset = 0): number {
    const o = this.rows[c] * this.dim;
    const m = this.matrix;
    let s = 0;
    for (let t = 0; t < this.dim; t++) s += m[o + t] * v[vOffset + t];
    return s;
  }
}
