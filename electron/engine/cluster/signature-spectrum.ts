// A fast lower-bound filter for signatureSimilarity (pure): each 16×16 signature becomes its normalized 2-D
// cosine spectrum, where a pair's correlation is a dot product and a mirror only flips the sign of odd
// horizontal frequencies. Photos keep most of their energy in the first few frequencies, so a few dozen
// products bound the correlation of most pairs well below a copy's, and the full check runs only on the rest.
// Used by duplicate search to compare every pair of thousands of photos in a fraction of a second.
import { SIGNATURE_SIDE } from '../decode/signature';

const SIDE = SIGNATURE_SIDE;
const CELLS = SIDE * SIDE;

/** Coefficient positions lowest frequency first (by u + v), without the mean (it is removed anyway). */
const ORDER: Int32Array = (() => {
  const cells: Array<[number, number]> = [];
  for (let u = 0; u < SIDE; u++) for (let v = 0; v < SIDE; v++) if (u + v > 0) cells.push([u, v]);
  cells.sort((a, b) => a[0] + a[1] - (b[0] + b[1]) || a[0] - b[0]);
  return Int32Array.from(cells, ([u, v]) => u * SIDE + v);
})();

/** Whether coefficient k (in ORDER) changes sign under a left-right mirror (odd horizontal frequency). */
export const MIRROR_ODD: Uint8Array = Uint8Array.from(ORDER, (cell) => cell % SIDE % 2);

export const SPECTRUM_LENGTH = ORDER.length;

/** Orthonormal DCT-II basis: BASIS[k * SIDE + t] = α_k cos(π (2t + 1) k / 2·SIDE). */
const BASIS: Float64Array = (() => {
  const b = new Float64Array(SIDE * SIDE);
  for (let k = 0; k < SIDE; k++) {
    const alpha = Math.sqrt((k === 0 ? 1 : 2) / SIDE);
    for (let t = 0; t < SIDE; t++) b[k * SIDE + t] = alpha * Math.cos((Math.PI * (2 * t + 1) * k) / (2 * SIDE));
  }
  return b;
})();

/**
 * The unit-norm spectrum of a signature's zero-mean luminance, lowest frequencies first, or null for a flat
 * signature (no contrast: it correlates with nothing but another flat one, which the caller checks directly).
 */
export function signatureSpectrum(sig: Uint8Array): Float32Array | null {
  let mean = 0;
  for (let i = 0; i < CELLS; i++) mean += sig[i];
  mean /= CELLS;
  // Separable transform: rows first (horizontal frequency v), then columns (vertical frequency u).
  const rows = new Float64Array(CELLS);
  for (let y = 0; y < SIDE; y++) {
    for (let v = 0; v < SIDE; v++) {
      let s = 0;
      for (let x = 0; x < SIDE; x++) s += (sig[y * SIDE + x] - mean) * BASIS[v * SIDE + x];
      rows[y * SIDE + v] = s;
    }
  }
  const coef = new Float64Array(CELLS);
  let energy = 0;
  for (let u = 0; u < SIDE; u++) {
    for (let v = 0; v < SIDE; v++) {
      let s = 0;
      for (let y = 0; y < SIDE; y++) s += rows[y * SIDE + v] * BASIS[u * SIDE + y];
      coef[u * SIDE + v] = s;
      energy += s * s;
    }
  }
  if (energy < 1e-9) return null;
  const norm = Math.sqrt(energy);
  const out = new Float32Array(SPECTRUM_LENGTH);
  for (let k = 0; k < SPECTRUM_LENGTH; k++) out[k] = coef[ORDER[k]] / norm;
  return out;
}

/** Energy left after the first `at` coefficients of each spectrum, as a norm (for the Cauchy–Schwarz bound). */
export function tailNorm(spectrum: Float32Array, at: number): number {
  let tail = 0;
  for (let k = at; k < spectrum.length; k++) tail += spectrum[k] * spectrum[k];
  return Math.sqrt(tail);
}

/**
 * An upper bound on signatureSimilarity from the first `at` coefficients: the as-is and mirrored correlations
 * are E + O and E − O (E, O: sums over even and odd horizontal frequencies), so the better one is E + |O|,
 * and what the remaining coefficients add is at most the product of the two tail norms.
 */
export function similarityBound(a: Float32Array, b: Float32Array, at: number, tailA: number, tailB: number): number {
  let even = 0;
  let odd = 0;
  for (let k = 0; k < at; k++) {
    const p = a[k] * b[k];
    if (MIRROR_ODD[k]) odd += p;
    else even += p;
  }
  return even + Math.abs(odd) + tailA * tailB;
}
