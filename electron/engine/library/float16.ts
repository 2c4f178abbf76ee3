// Compact storage of feature vectors: IEEE 754 half precision, half the size of float32.
// Features are later L2-normalized and compared by cosine, where float16's ~3 significant digits are plenty.

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Rounds one float32 to the nearest float16 bit pattern (round half to even; overflow to ±Inf). */
export function toHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf / NaN
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // too small: signed zero
    mant |= 0x800000; // make the implicit bit explicit for the subnormal shift
    const shift = 14 - e;
    let half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rest > mid || (rest === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1))) half++; // may carry into the exponent: still correct
  return sign | half;
}

/** float16 bit pattern to number. */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Encodes a vector as little-endian float16 bytes. */
export function encodeHalf(values: ArrayLike<number>): Buffer {
  const out = Buffer.allocUnsafe(values.length * 2);
  for (let i = 0; i < values.length; i++) out.writeUInt16LE(toHalfBits(values[i]), i * 2);
  return out;
}

/** Decodes little-endian float16 bytes into `out` (or a new array) starting at `offset`. */
export function decodeHalf(bytes: Uint8Array, out?: Float32Array, offset = 0): Float32Array {
  const n = bytes.length >>> 1;
  const target = out ?? new Float32Array(n);
  const table = halfTable();
  for (let i = 0; i < n; i++) target[offset + i] = table[bytes[2 * i] | (bytes[2 * i + 1] << 8)];
  return target;
}

// All 65,536 half values precomputed: decoding 100k × 1280 features is then a table lookup per value. Built on
// first use (10 ms): indexing only ever encodes.
let HALF_TABLE: Float32Array | null = null;

function halfTable(): Float32Array {
  if (HALF_TABLE) return HALF_TABLE;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) t[h] = fromHalfBits(h);
  HALF_TABLE = t;
  return t;
}
