// Reading TIFFs with 64-bit samples, which libvips refuses ("samples out of range"): scientific tools such as
// scikit-image and tifffile write them. Only the first page, uncompressed strips; values scaled to 8 bits.

export interface WidePixels {
  /** Interleaved 8-bit samples, `channels` per pixel (1 grey, 2 grey+alpha, 3 RGB, 4 RGBA). */
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

const TAG = { width: 256, height: 257, bits: 258, compression: 259, photometric: 262, stripOffsets: 273, samples: 277, stripBytes: 279, planar: 284, sampleFormat: 339 };

/**
 * The first page of a TIFF whose samples are 64 bits wide (float or integer), or null when the file is not such
 * a TIFF or uses something this reader does not handle (compression, tiles). Throws RangeError past `maxPixels`.
 */
export function readWideTiff(bytes: Buffer, maxPixels: number): WidePixels | null {
  if (bytes.length < 8) return null;
  const le = bytes[0] === 0x49 && bytes[1] === 0x49;
  if (!le && !(bytes[0] === 0x4d && bytes[1] === 0x4d)) return null;
  const u16 = (at: number) => (le ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number) => (le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  if (u16(2) !== 42) return null;
  const tags = readDirectory(bytes, u32(4), u16, u32);
  if (!tags) return null;
  const one = (tag: number, dflt: number) => tags.get(tag)?.[0] ?? dflt;

  const width = one(TAG.width, 0);
  const height = one(TAG.height, 0);
  const spp = one(TAG.samples, 1);
  if (one(TAG.bits, 0) !== 64 || one(TAG.compression, 1) !== 1 || width <= 0 || height <= 0 || spp < 1) return null;
  if (width * height > maxPixels) throw new RangeError(`${width}x${height}`);
  const format = one(TAG.sampleFormat, 1); // 1 unsigned, 2 signed, 3 float
  const planar = one(TAG.planar, 1) === 2;
  const offsets = tags.get(TAG.stripOffsets);
  const counts = tags.get(TAG.stripBytes);
  if (!offsets || !counts || offsets.length !== counts.length) return null;

  // Strips are contiguous runs of rows (plane after plane when planar), so reading them in order gathers
  // every sample in file order.
  const total = width * height * spp;
  const values = new Float64Array(total);
  let n = 0;
  for (let s = 0; s < offsets.length && n < total; s++) {
    const end = Math.min(offsets[s] + counts[s], bytes.length);
    for (let at = offsets[s]; at + 8 <= end && n < total; at += 8) values[n++] = sample(bytes, at, le, format);
  }
  if (n < total) return null; // strips shorter than the image: let libvips' own error stand

  const keep = Math.min(spp, 4) as 1 | 2 | 3 | 4;
  const whiteIsZero = one(TAG.photometric, 1) === 0 && keep <= 2; // grey stored inverted
  const out = Buffer.alloc(width * height * keep);
  const scale = scaling(values);
  const plane = width * height;
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < keep; c++) {
      const v = planar ? values[c * plane + p] : values[p * spp + c];
      let b = Math.round((v - scale.min) * scale.mul);
      b = b < 0 ? 0 : b > 255 ? 255 : b;
      out[p * keep + c] = whiteIsZero && c === 0 ? 255 - b : b;
    }
  }
  return { data: out, width, height, channels: keep };
}

function readDirectory(bytes: Buffer, at: number, u16: (a: number) => number, u32: (a: number) => number): Map<number, number[]> | null {
  if (at + 2 > bytes.length) return null;
  const count = u16(at);
  const tags = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const e = at + 2 + i * 12;
    if (e + 12 > bytes.length) return null;
    const tag = u16(e);
    const type = u16(e + 2);
    const len = u32(e + 4);
    const size = type === 3 ? 2 : type === 4 ? 4 : 0; // SHORT and LONG are all this reader needs
    if (size === 0 || len === 0 || len > 1 << 20) continue;
    const base = size * len <= 4 ? e + 8 : u32(e + 8);
    if (base + size * len > bytes.length) return null;
    const vals: number[] = [];
    for (let k = 0; k < len; k++) vals.push(size === 2 ? u16(base + 2 * k) : u32(base + 4 * k));
    tags.set(tag, vals);
  }
  return tags;
}

function sample(bytes: Buffer, at: number, le: boolean, format: number): number {
  if (format === 3) return le ? bytes.readDoubleLE(at) : bytes.readDoubleBE(at);
  if (format === 2) return Number(le ? bytes.readBigInt64LE(at) : bytes.readBigInt64BE(at));
  return Number(le ? bytes.readBigUInt64LE(at) : bytes.readBigUInt64BE(at));
}

/** Values in [0, 1] are taken as fractions of full scale (the convention for float images); others are stretched. */
function scaling(values: Float64Array): { min: number; mul: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min >= 0 && max <= 1) return { min: 0, mul: 255 };
  if (!(max > min)) return { min: Number.isFinite(min) ? min : 0, mul: 0 };
  return { min, mul: 255 / (max - min) };
}
