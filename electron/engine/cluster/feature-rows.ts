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

  private rawDot(c: number, v: Float64Array, vOffset = 0): number {
    const o = this.rows[c] * this.dim;
    const m = this.matrix;
    let s = 0;
    for (let t = 0; t < this.dim; t++) s += m[o + t] * v[vOffset + t];
    return s;
  }
}
