// Principal components of the rows, sketched (randomized subspace iteration, Halko, Martinsson & Tropp 2011) on a
// sample of rows, and the projection of every row onto them. Used to search for neighbours in ~64 dimensions
// instead of 1280; the heavy products run as row-block tasks, the small dense algebra on this thread.
import type { Alloc } from './alloc';
import { orthonormalize } from './orthonormal';
import type { Plan } from './plan';
import type { Rng } from './rng';
import { symmetricEigen } from './symmetric-eigen';
import { dot, dot4 } from './vector-math';

export interface PcaBasis {
  dim: number;
  /** Number of components (rows of `components`). */
  p: number;
  /** p×dim, unit rows, by decreasing variance (rows of zeros where the data has no more variance). */
  components: Float32Array;
  /** components · mean: subtracted so that projections are centred. */
  shift: Float64Array;
  /** Variance along each component. */
  variance: Float64Array;
}

export interface RowsDotArgs {
  x: Float32Array;
  dim: number;
  /** Rows of x to use, in order; null: rows 0 .. count-1. */
  rows: Int32Array | null;
  count: number;
  /** mCount vectors of length dim, one after the other. */
  m: Float32Array;
  mCount: number;
  /** Subtracted from output column c (or null). */
  shift: Float64Array | null;
  /** count × mCount. */
  out: Float32Array;
  rowsPerTask: number;
}

/** out[i][c] = x[row i] · m[c] − shift[c]. */
export function rowsDotTask(a: RowsDotArgs, task: number): void {
  const { x, dim, rows, m, mCount, shift, out } = a;
  const i1 = Math.min(a.count, (task + 1) * a.rowsPerTask);
  const four = new Float64Array(4);
  for (let i = task * a.rowsPerTask; i < i1; i++) {
    const xo = (rows ? rows[i] : i) * dim;
    const oo = i * mCount;
    let c = 0;
    for (; c + 3 < mCount; c += 4) {
      dot4(x, xo, m, c * dim, dim, four);
      for (let t = 0; t < 4; t++) out[oo + c + t] = four[t] - (shift ? shift[c + t] : 0);
    }
    for (; c < mCount; c++) out[oo + c] = dot(x, xo, m, c * dim, dim) - (shift ? shift[c] : 0);
  }
}

export interface RowsAccumulateArgs {
  x: Float32Array;
  dim: number;
  rows: Int32Array | null;
  count: number;
  /** count × mCount weights. */
  coef: Float32Array;
  mCount: number;
  /** Per task: mCount × dim sums Σ coef[i][c]·x[row i]. */
  partial: Float64Array;
  /** Per task: mCount sums Σ coef[i][c] (to take the mean out afterwards). */
  coefSum: Float64Array;
  rowsPerTask: number;
}

export function rowsAccumulateTask(a: RowsAccumulateArgs, task: number): void {
  const { x, dim, rows, coef, mCount } = a;
  const z = a.partial.subarray(task * mCount * dim, (task + 1) * mCount * dim);
  const cs = a.coefSum.subarray(task * mCount, (task + 1) * mCount);
  z.fill(0);
  cs.fill(0);
  const i1 = Math.min(a.count, (task + 1) * a.rowsPerTask);
  for (let i = task * a.rowsPerTask; i < i1; i++) {
    const xo = (rows ? rows[i] : i) * dim;
    const co = i * mCount;
    let c = 0;
    for (; c + 3 < mCount; c += 4) {
      const w0 = coef[co + c], w1 = coef[co + c + 1], w2 = coef[co + c + 2], w3 = coef[co + c + 3];
      const z0 = c * dim, z1 = z0 + dim, z2 = z1 + dim, z3 = z2 + dim;
      for (let t = 0; t < dim; t++) {
        const v = x[xo + t];
        z[z0 + t] += w0 * v;
        z[z1 + t] += w1 * v;
        z[z2 + t] += w2 * v;
        z[z3 + t] += w3 * v;
      }
      cs[c] += w0;
      cs[c + 1] += w1;
      cs[c + 2] += w2;
      cs[c + 3] += w3;
    }
    for (; c < mCount; c++) {
      const w = coef[co + c];
      const zo = c * dim;
      for (let t = 0; t < dim; t++) z[zo + t] += w * x[xo + t];
      cs[c] += w;
    }
  }
}

export interface PcaOptions {
  /** Rows the sketch is computed from (default 8000; all rows when there are fewer). */
  sample?: number;
  /** Subspace iterations (default 1). */
  powerIterations?: number;
  /** Extra sketch vectors beyond p (default 10). */
  oversample?: number;
}

const TASKS = 16;

export function* pcaPlan(alloc: Alloc, x: Float32Array, n: number, dim: number, p: number, rng: Rng, opts: PcaOptions = {}): Plan<PcaBasis> {
  p = Math.max(1, Math.min(p, dim));
  const rows = sampleRows(alloc, n, opts.sample ?? 8000, rng);
  const s = rows ? rows.length : n;
  const l = Math.min(p + (opts.oversample ?? 10), dim, Math.max(s, 1));
  const mean = new Float64Array(dim);
  for (let i = 0; i < s; i++) {
    const o = (rows ? rows[i] : i) * dim;
    for (let t = 0; t < dim; t++) mean[t] += x[o + t];
  }
  for (let t = 0; t < dim; t++) mean[t] /= Math.max(s, 1);
  const rowsPerTask = Math.ceil(s / TASKS);

  const m = alloc.f32(l * dim);
  for (let i = 0; i < m.length; i++) m[i] = rng.gaussian();
  const y = alloc.f32(s * l);
  const coefSum = alloc.f64(TASKS * l);
  const partial = alloc.f64(TASKS * l * dim);
  const shift = alloc.f64(l);

  // Y = (A − mean)·Mᵀ, then its columns orthonormalized (Q), written back into y.
  const sketch = function* (): Plan<void> {
    for (let c = 0; c < l; c++) shift[c] = dot64(m, c * dim, mean, dim);
    yield { task: 'rowsDot', count: TASKS, args: { x, dim, rows, count: s, m, mCount: l, shift, out: y, rowsPerTask } };
    // columns made contiguous for Gram–Schmidt, then back
    const q = new Float64Array(l * s);
    for (let i = 0; i < s; i++) for (let c = 0; c < l; c++) q[c * s + i] = y[i * l + c];
    orthonormalize(q, l, s, 'rows');
    for (let i = 0; i < s; i++) for (let c = 0; c < l; c++) y[i * l + c] = q[c * s + i];
  };
  // Z = Qᵀ·(A − mean), l×dim.
  const project = function* (): Plan<Float64Array> {
    yield { task: 'rowsAccumulate', count: TASKS, args: { x, dim, rows, count: s, coef: y, mCount: l, partial, coefSum, rowsPerTask } };
    const z = new Float64Array(l * dim);
    for (let t = 0; t < TASKS; t++) for (let i = 0; i < l * dim; i++) z[i] += partial[t * l * dim + i];
    for (let c = 0; c < l; c++) {
      let w = 0;
      for (let t = 0; t < TASKS; t++) w += coefSum[t * l + c];
      for (let t = 0; t < dim; t++) z[c * dim + t] -= w * mean[t];
    }
    return z;
  };

  yield* sketch();
  for (let it = 0; it < (opts.powerIterations ?? 1); it++) {
    const z = yield* project();
    orthonormalize(z, l, dim, 'rows');
    m.set(z);
    yield* sketch();
  }
  const b = yield* project();
  // B·Bᵀ = U Σ² Uᵀ; the right singular vectors Bᵀ U Σ⁻¹ are the principal directions.
  const g = new Float64Array(l * l);
  for (let i = 0; i < l; i++) for (let j = i; j < l; j++) g[i * l + j] = g[j * l + i] = dot64x(b, i * dim, b, j * dim, dim);
  const eig = symmetricEigen(g, l);
  const components = alloc.f32(p * dim);
  const variance = new Float64Array(p);
  const out = alloc.f64(p);
  const top = Math.max(eig.values[0], 0);
  const v = new Float64Array(dim);
  for (let c = 0; c < p; c++) {
    const lambda = eig.values[c];
    if (!(lambda > 1e-12 * top)) continue;
    v.fill(0);
    for (let j = 0; j < l; j++) {
      const u = eig.vectors[j * l + c];
      for (let t = 0; t < dim; t++) v[t] += u * b[j * dim + t];
    }
    let norm = 0;
    for (let t = 0; t < dim; t++) norm += v[t] * v[t];
    norm = Math.sqrt(norm);
    for (let t = 0; t < dim; t++) components[c * dim + t] = v[t] / norm;
    variance[c] = lambda / Math.max(s - 1, 1);
    out[c] = dot64(components, c * dim, mean, dim);
  }
  return { dim, p, components, shift: out, variance };
}

/** Centred coordinates of every row on the basis: n × p. */
export function* projectPlan(alloc: Alloc, x: Float32Array, n: number, basis: PcaBasis): Plan<Float32Array> {
  const out = alloc.f32(n * basis.p);
  const rowsPerTask = Math.max(64, Math.ceil(n / 64));
  yield {
    task: 'rowsDot',
    count: Math.ceil(n / rowsPerTask),
    args: { x, dim: basis.dim, rows: null, count: n, m: basis.components, mCount: basis.p, shift: basis.shift, out, rowsPerTask },
  };
  return out;
}

/** A random subset of row indices in increasing order, or null when every row is used. */
function sampleRows(alloc: Alloc, n: number, size: number, rng: Rng): Int32Array | null {
  if (n <= size) return null;
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + rng.int(n - i);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  const rows = alloc.i32(size);
  rows.set(all.subarray(0, size).sort());
  return rows;
}

function dot64(a: Float32Array, ao: number, b: Float64Array, len: number): number {
  let s = 0;
  for (let t = 0; t < len; t++) s += a[ao + t] * b[t];
  return s;
}

function dot64x(a: Float64Array, ao: number, b: Float64Array, bo: number, len: number): number {
  let s = 0;
  for (let t = 0; t < len; t++) s += a[ao + t] * b[bo + t];
  return s;
}
