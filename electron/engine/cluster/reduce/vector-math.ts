// Inner loops on rows of flat Float32Array matrices: dot products and squared distances, one pair at a time or one
// row against four (the four-way forms load the shared row once for four products, which is what makes blocked
// brute force and projections memory-light). Several accumulators let V8 overlap the multiply-adds.

/** Cosine distance (1 − x·y on unit rows) or Euclidean distance. */
export type Metric = 'cosine' | 'euclidean';

/** Cosine distance from a dot product of unit rows, or Euclidean distance from a squared one, as float32. */
export function toDistance(s: number, euclidean: boolean): number {
  return Math.fround(euclidean ? Math.sqrt(s > 0 ? s : 0) : Math.max(0, 1 - s));
}

export function dot(a: Float32Array, ao: number, b: Float32Array, bo: number, len: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let t = 0;
  for (; t + 3 < len; t += 4) {
    s0 += a[ao + t] * b[bo + t];
    s1 += a[ao + t + 1] * b[bo + t + 1];
    s2 += a[ao + t + 2] * b[bo + t + 2];
    s3 += a[ao + t + 3] * b[bo + t + 3];
  }
  for (; t < len; t++) s0 += a[ao + t] * b[bo + t];
  return s0 + s1 + s2 + s3;
}

export function squaredDistance(a: Float32Array, ao: number, b: Float32Array, bo: number, len: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let t = 0;
  for (; t + 3 < len; t += 4) {
    const d0 = a[ao + t] - b[bo + t];
    const d1 = a[ao + t + 1] - b[bo + t + 1];
    const d2 = a[ao + t + 2] - b[bo + t + 2];
    const d3 = a[ao + t + 3] - b[bo + t + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; t < len; t++) {
    const d = a[ao + t] - b[bo + t];
    s0 += d * d;
  }
  return s0 + s1 + s2 + s3;
}

/** out[0..3] = dot(q, rows b0..b0+3 of m), rows of m consecutive with stride `len`. */
export function dot4(q: Float32Array, qo: number, m: Float32Array, b0: number, len: number, out: Float64Array): void {
  dot4At(q, qo, m, b0, b0 + len, b0 + 2 * len, b0 + 3 * len, len, out);
}

/** out[0..3] = squared distance from q to rows b0..b0+3 of m. */
export function squaredDistance4(q: Float32Array, qo: number, m: Float32Array, b0: number, len: number, out: Float64Array): void {
  squaredDistance4At(q, qo, m, b0, b0 + len, b0 + 2 * len, b0 + 3 * len, len, out);
}

/** out[0..3] = dot(q, m rows at offsets o0..o3): four scattered rows at once. */
export function dot4At(q: Float32Array, qo: number, m: Float32Array, o0: number, o1: number, o2: number, o3: number, len: number, out: Float64Array): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let t = 0; t < len; t++) {
    const v = q[qo + t];
    s0 += v * m[o0 + t];
    s1 += v * m[o1 + t];
    s2 += v * m[o2 + t];
    s3 += v * m[o3 + t];
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}

/** out[0..3] = squared distance from q to the m rows at offsets o0..o3. */
export function squaredDistance4At(q: Float32Array, qo: number, m: Float32Array, o0: number, o1: number, o2: number, o3: number, len: number, out: Float64Array): void {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (let t = 0; t < len; t++) {
    const v = q[qo + t];
    const d0 = v - m[o0 + t];
    const d1 = v - m[o1 + t];
    const d2 = v - m[o2 + t];
    const d3 = v - m[o3 + t];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  out[0] = s0;
  out[1] = s1;
  out[2] = s2;
  out[3] = s3;
}
