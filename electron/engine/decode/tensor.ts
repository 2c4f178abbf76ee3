// Turns a decoded image into the network's input tensor (pure, no I/O): the centre square of the decoded
// pixels, resampled bilinearly to the network's size, normalized per channel and laid out NCHW in one pass.
// Fusing the three steps matters: for small photos they cost more than decoding itself.
import type { PreprocessSpec } from '../types';

/** Where the network's square sits in the decoded (upright, shrunk) pixels. */
export interface CropSource {
  /** Interleaved 8-bit RGB, `width` × `height`. */
  pixels: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
  /** Side of the square in `pixels`; under twice the spec's cropSize (larger squares are shrunk by libvips first). */
  side: number;
}

/** Per-channel (multiplier, offset) in the model's channel order, and which RGB channel feeds each. */
function channelMaps(spec: PreprocessSpec): Array<{ src: number; mul: number; add: number }> {
  const order = spec.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  return order.map((src, c) => ({ src, mul: spec.scale / spec.std[c], add: -spec.mean[c] / spec.std[c] }));
}

/** Writes one image's tensor (3 × cropSize × cropSize floats) into `out` at `offset`. */
export function writeCropTensor(crop: CropSource, spec: PreprocessSpec, out: Float32Array, offset = 0): void {
  const size = spec.cropSize;
  const plane = size * size;
  if (out.length < offset + plane * 3) throw new Error('output tensor too small');
  // Bilinear without a wider filter only holds up to a 2× reduction; beyond that it would alias.
  if (crop.side >= 2 * size) throw new Error(`crop of ${crop.side} px is too large to resample to the network's ${size} px`);
  if (crop.left < 0 || crop.top < 0 || crop.left + crop.side > crop.width || crop.top + crop.side > crop.height) throw new Error('crop lies outside the image');
  const maps = channelMaps(spec);
  if (crop.side === size) {
    const { pixels, width } = crop;
    for (let c = 0; c < 3; c++) {
      const { src, mul, add } = maps[c];
      for (let y = 0; y < size; y++) {
        let j = ((crop.top + y) * width + crop.left) * 3 + src;
        const to = offset + c * plane + y * size;
        for (let x = 0; x < size; x++, j += 3) out[to + x] = pixels[j] * mul + add;
      }
    }
    return;
  }
  // Bilinear resampling, half-pixel centres (as torchvision and PIL): horizontal pass into float rows, then
  // each output row blends two of them, normalized on the way out. Enlarges small photos; shrinks the ~256 px
  // intermediate of large ones by up to 2× (where two taps do not alias yet).
  const side = crop.side;
  const [x0, x1, wx] = axis(side, size);
  const [y0, y1, wy] = axis(side, size);
  // Rows are kept as three planes (R, G, B) so that the vertical pass reads them contiguously.
  const rowPlane = side * size;
  const rows = scratchRows(rowPlane * 3);
  const px = crop.pixels;
  for (let r = 0; r < side; r++) {
    const srcRow = ((crop.top + r) * crop.width + crop.left) * 3;
    const q = r * size;
    for (let x = 0; x < size; x++) {
      const a = srcRow + x0[x] * 3;
      const b = srcRow + x1[x] * 3;
      const w = wx[x];
      const a0 = px[a], a1 = px[a + 1], a2 = px[a + 2];
      rows[q + x] = a0 + (px[b] - a0) * w;
      rows[rowPlane + q + x] = a1 + (px[b + 1] - a1) * w;
      rows[2 * rowPlane + q + x] = a2 + (px[b + 2] - a2) * w;
    }
  }
  for (let c = 0; c < 3; c++) {
    const { src, mul, add } = maps[c];
    const base = src * rowPlane;
    for (let y = 0; y < size; y++) {
      const a = base + y0[y] * size;
      const b = base + y1[y] * size;
      const w = wy[y];
      const to = offset + c * plane + y * size;
      for (let x = 0; x < size; x++) {
        const va = rows[a + x];
        out[to + x] = (va + (rows[b + x] - va) * w) * mul + add;
      }
    }
  }
}

/**
 * The horizontal pass's rows, reused from call to call: a fresh 0.7 MB array per photo cost as much time in
 * allocation and garbage collection as the arithmetic. Each call overwrites every value it reads.
 */
let scratch = new Float32Array(0);
function scratchRows(length: number): Float32Array {
  if (scratch.length < length) scratch = new Float32Array(length);
  return scratch;
}

/** The 8-bit RGB square the network sees (before normalization): for tests, previews and debugging. */
export function cropToRgb(crop: CropSource, size: number): Buffer {
  const identity: PreprocessSpec = { resizeShortSide: size, cropSize: size, scale: 1, mean: [0, 0, 0], std: [1, 1, 1], channelOrder: 'RGB', layout: 'NCHW' };
  const planes = new Float32Array(3 * size * size);
  writeCropTensor(crop, identity, planes);
  const out = Buffer.allocUnsafe(3 * size * size);
  const plane = size * size;
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.min(255, Math.max(0, Math.round(planes[c * plane + i])));
  return out;
}

/** Source sample pairs and weights along one axis of an enlargement, pixel centres aligned, edges clamped. */
function axis(inSize: number, outSize: number): [Int32Array, Int32Array, Float32Array] {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w = new Float32Array(outSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const s = Math.min(inSize - 1, Math.max(0, (o + 0.5) * scale - 0.5));
    const lo = Math.floor(s);
    i0[o] = lo;
    i1[o] = Math.min(inSize - 1, lo + 1);
    w[o] = s - lo;
  }
  return [i0, i1, w];
}
