// Gram–Schmidt for the thin blocks of vectors used by the PCA sketch and the spectral start. Run twice
// ("twice is enough", Giraud et al.) so that the result stays orthonormal to rounding even for nearly dependent input.

/**
 * Orthonormalizes `count` vectors of length `len`, vector c at v[c·stride + t·step] (rows of a row-major matrix:
 * stride len, step 1; columns: stride 1, step count). Vectors that are (numerically) dependent on earlier ones
 * become zero. `fixed` leading vectors are assumed orthonormal already and are left unchanged.
 */
export function orthonormalize(v: Float64Array, count: number, len: number, layout: 'rows' | 'columns', fixed = 0): void {
  const stride = layout === 'rows' ? len : 1;
  const step = layout === 'rows' ? 1 : count;
  const norms0 = new Float64Array(count);
  for (let c = 0; c < count; c++) norms0[c] = Math.sqrt(sumSquares(v, c * stride, step, len));
  for (let pass = 0; pass < 2; pass++) {
    for (let c = fixed; c < count; c++) {
      const oc = c * stride;
      for (let b = 0; b < c; b++) {
        const ob = b * stride;
        let s = 0;
        for (let t = 0, i = 0; t < len; t++, i += step) s += v[ob + i] * v[oc + i];
        if (s !== 0) for (let t = 0, i = 0; t < len; t++, i += step) v[oc + i] -= s * v[ob + i];
      }
      const norm = Math.sqrt(sumSquares(v, oc, step, len));
      // Dependent: what is left is rounding noise of the original length.
      const dead = norm <= 1e-10 * Math.max(norms0[c], 1e-300);
      const inv = dead ? 0 : 1 / norm;
      for (let t = 0, i = 0; t < len; t++, i += step) v[oc + i] *= inv;
    }
  }
}

function sumSquares(v: Float64Array, o: number, step: number, len: number): number {
  let s = 0;
  for (let t = 0, i = o; t < len; t++, i += step) s += v[i] * v[i];
  return s;
}
