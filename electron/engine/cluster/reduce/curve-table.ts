// The layout's two gradient coefficients as functions of the squared distance d², tabulated: attraction
// −2ab·d^(2(b−1)) / (1 + a·d^(2b)) and repulsion 2γb / ((0.001 + d²)(1 + a·d^(2b))). V8 spends ~30 ns on the
// pow (exp and log) and division of each sample; a table indexed by the bits of d² as a float32 (exponent and top
// mantissa bits, linear within a cell) answers in a few ns, to ~1e-4 relative, far below SGD's own noise.
// Built once per layout on the main thread and shared, so every thread uses the very same numbers.

/** Mantissa bits per exponent: 64 cells per octave. */
const CELL_BITS = 6;
/** Octaves covered: d² in [2^-40, 2^24); outside, the formula is evaluated. */
const MIN_EXP = -40;
const MAX_EXP = 24;

export interface CurveTables {
  /** (value, slope) per cell, interleaved. */
  attract: Float64Array;
  repel: Float64Array;
  a: number;
  b: number;
  gamma: number;
}

export function attractCoefficient(d2: number, a: number, b: number): number {
  const pb = Math.pow(d2, b);
  return (-2 * a * b * pb) / d2 / (a * pb + 1);
}

export function repelCoefficient(d2: number, a: number, b: number, gamma: number): number {
  return (2 * gamma * b) / ((0.001 + d2) * (a * Math.pow(d2, b) + 1));
}

export function buildCurveTables(a: number, b: number, gamma: number, alloc: (n: number) => Float64Array = (n) => new Float64Array(n)): CurveTables {
  const cells = (MAX_EXP - MIN_EXP) << CELL_BITS;
  const attract = alloc(2 * cells);
  const repel = alloc(2 * cells);
  for (let k = 0; k < cells; k++) {
    const octave = Math.pow(2, (k >> CELL_BITS) + MIN_EXP);
    const x0 = octave * (1 + (k & ((1 << CELL_BITS) - 1)) / (1 << CELL_BITS));
    const x1 = x0 + octave / (1 << CELL_BITS);
    const a0 = attractCoefficient(x0, a, b);
    const r0 = repelCoefficient(x0, a, b, gamma);
    attract[2 * k] = a0;
    attract[2 * k + 1] = (attractCoefficient(x1, a, b) - a0) / (x1 - x0);
    repel[2 * k] = r0;
    repel[2 * k + 1] = (repelCoefficient(x1, a, b, gamma) - r0) / (x1 - x0);
  }
  return { attract, repel, a, b, gamma };
}

const LOW = Math.pow(2, MIN_EXP);
/** Just below the top: d² that rounds up to 2^MAX_EXP as a float32 must not index past the table. */
const HIGH = Math.pow(2, MAX_EXP) * (1 - 1 / 4096);
const SHIFT = 23 - CELL_BITS;
const FIRST = (MIN_EXP + 127) << CELL_BITS;
const CELL_MASK = ~((1 << SHIFT) - 1);

/** Index of d²'s cell (times 2) in a table; f32/i32: the caller's scratch views of one float (inlinable). */
function cellOf(d2: number, f32: Float32Array, i32: Int32Array): number {
  f32[0] = d2;
  const bits = i32[0];
  i32[0] = bits & CELL_MASK; // f32[0] is now the cell's start
  return 2 * ((bits >> SHIFT) - FIRST);
}

/** Attraction coefficient at d² > 0. */
export function attractAt(t: CurveTables, d2: number, f32: Float32Array, i32: Int32Array): number {
  if (d2 < LOW || d2 >= HIGH) return attractCoefficient(d2, t.a, t.b);
  const k = cellOf(d2, f32, i32);
  return t.attract[k] + t.attract[k + 1] * (d2 - f32[0]);
}

/** Repulsion coefficient at d² > 0. */
export function repelAt(t: CurveTables, d2: number, f32: Float32Array, i32: Int32Array): number {
  if (d2 < LOW || d2 >= HIGH) return repelCoefficient(d2, t.a, t.b, t.gamma);
  const k = cellOf(d2, f32, i32);
  return t.repel[k] + t.repel[k + 1] * (d2 - f32[0]);
}
