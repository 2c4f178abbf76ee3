// Rows to unit length, so that cosine similarity is a dot product and cosine distance 1 − dot. Optionally the mean
// row is taken out first: features after a ReLU are all non-negative, every pair of them has a positive cosine,
// and the mean direction dominates; centring spreads the cosines over their full range. Centring can be partial
// (a share of the mean taken out): full centring also blows photos lying near the mean direction up into noise.

/**
 * L2-normalizes each row of the n×dim matrix into `out` (a new array by default). With centre, subtracts the
 * mean of the normalized rows (times `centre` when it is a number in [0, 1]; true = 1) and normalizes again.
 * Non-finite values count as 0; without centring an all-zero row stays zero. With `rows`, row i of the output is
 * row rows[i] of `features` (n = rows.length): a subset taken without copying it first.
 */
export function normalizeFeatures(
  features: Float32Array, n: number, dim: number, opts: { centre?: boolean | number; out?: Float32Array; rows?: ArrayLike<number> } = {},
): Float32Array {
  const rows = opts.rows;
  if (rows ? rows.length !== n : features.length < n * dim) throw new RangeError(`normalizeFeatures: ${rows ? `${rows.length} rows` : `${features.length} values`} for ${n}×${dim}`);
  const out = opts.out ?? new Float32Array(n * dim);
  if (out.length < n * dim) throw new RangeError(`normalizeFeatures: room for ${out.length} values, ${n}×${dim} needed`);
  for (let i = 0; i < n; i++) {
    const o = i * dim;
    const from = rows ? rows[i] * dim : o;
    if (!(from >= 0 && from + dim <= features.length)) throw new RangeError(`normalizeFeatures: row ${rows ? rows[i] : i} is not in the matrix`);
    let s = 0;
    for (let t = 0; t < dim; t++) {
      const v = features[from + t];
      if (Number.isFinite(v)) s += v * v;
    }
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let t = 0; t < dim; t++) {
      const v = features[from + t];
      out[o + t] = Number.isFinite(v) ? v * inv : 0;
    }
  }
  const share = opts.centre === true ? 1 : opts.centre === false || opts.centre === undefined ? 0 : opts.centre;
  if (!(share >= 0 && share <= 1)) throw new RangeError(`normalizeFeatures: centre must be a boolean or in [0, 1], got ${opts.centre}`);
  if (share > 0 && n > 0) {
    const mean = new Float64Array(dim);
    for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) mean[t] += out[i * dim + t];
    for (let t = 0; t < dim; t++) mean[t] *= share / n;
    for (let i = 0; i < n; i++) {
      const o = i * dim;
      let s = 0;
      for (let t = 0; t < dim; t++) {
        const v = out[o + t] - mean[t];
        s += v * v;
      }
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let t = 0; t < dim; t++) out[o + t] = (out[o + t] - mean[t]) * inv;
    }
  }
  return out;
}
