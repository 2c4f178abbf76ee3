// Eigenvalues and eigenvectors of a small dense symmetric matrix (cyclic Jacobi rotations): used for the few dozen
// dimensions of the PCA sketch and for Rayleigh–Ritz in the spectral start. Slow in m³, exact and simple.

export interface Eigen {
  /** Descending. */
  values: Float64Array;
  /** m×m, column c (entries c, m + c, 2m + c, …) is the unit eigenvector of values[c]. */
  vectors: Float64Array;
}

export function symmetricEigen(matrix: Float64Array, m: number): Eigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let scale = 0;
    for (let i = 0; i < m; i++) {
      scale += a[i * m + i] * a[i * m + i];
      for (let j = i + 1; j < m; j++) off += a[i * m + j] * a[i * m + j];
    }
    if (off <= 1e-30 * Math.max(scale, 1e-300)) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (apq === 0) continue;
        // rotation angle that zeroes a[p][q] (the numerically stable tangent form)
        const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < m; r++) {
          const arp = a[r * m + p];
          const arq = a[r * m + q];
          a[r * m + p] = c * arp - s * arq;
          a[r * m + q] = s * arp + c * arq;
        }
        for (let r = 0; r < m; r++) {
          const apr = a[p * m + r];
          const aqr = a[q * m + r];
          a[p * m + r] = c * apr - s * aqr;
          a[q * m + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < m; r++) {
          const vrp = v[r * m + p];
          const vrq = v[r * m + q];
          v[r * m + p] = c * vrp - s * vrq;
          v[r * m + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((x, y) => a[y * m + y] - a[x * m + x]);
  const values = new Float64Array(m);
  const vectors = new Float64Array(m * m);
  order.forEach((src, dst) => {
    values[dst] = a[src * m + src];
    for (let r = 0; r < m; r++) vectors[r * m + dst] = v[r * m + src];
  });
  return { values, vectors };
}
