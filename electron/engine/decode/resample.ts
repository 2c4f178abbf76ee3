// Enlarging the network's square crop of a small photo (e.g. a 32 px CIFAR image to 224 px), bilinear with
// half-pixel centres as torchvision and PIL do, in plain JS (pure). A libvips resize here cost more than the
// whole decode of such a photo; two-tap interpolation over precomputed indices costs a fraction of it.

/**
 * Enlarges the `side`×`side` square at (left, top) of an interleaved RGB image of `width` pixels per row
 * to `size`×`size` (size ≥ side), returning interleaved 8-bit RGB.
 */
export function enlargeSquare(src: Uint8Array, width: number, left: number, top: number, side: number, size: number): Buffer {
  if (size < side) throw new Error(`enlargeSquare only enlarges (${side} → ${size})`);
  const x0 = new Int32Array(size);
  const x1 = new Int32Array(size);
  const wx = new Float32Array(size);
  axis(side, size, x0, x1, wx);
  const y0 = new Int32Array(size);
  const y1 = new Int32Array(size);
  const wy = new Float32Array(size);
  axis(side, size, y0, y1, wy);

  // Horizontal pass over the `side` source rows of the square, then blend pairs of those rows.
  const line = size * 3;
  const rows = new Float32Array(side * line);
  for (let r = 0; r < side; r++) {
    const srcRow = ((top + r) * width + left) * 3;
    const to = r * line;
    for (let x = 0; x < size; x++) {
      const a = srcRow + x0[x] * 3;
      const b = srcRow + x1[x] * 3;
      const w = wx[x];
      const q = to + x * 3;
      rows[q] = src[a] + (src[b] - src[a]) * w;
      rows[q + 1] = src[a + 1] + (src[b + 1] - src[a + 1]) * w;
      rows[q + 2] = src[a + 2] + (src[b + 2] - src[a + 2]) * w;
    }
  }
  const out = Buffer.allocUnsafe(size * line);
  for (let y = 0; y < size; y++) {
    const a = y0[y] * line;
    const b = y1[y] * line;
    const w = wy[y];
    const to = y * line;
    for (let i = 0; i < line; i++) {
      const va = rows[a + i];
      out[to + i] = va + (rows[b + i] - va) * w + 0.5; // values stay in 0..255; the store truncates, +0.5 rounds
    }
  }
  return out;
}

/** Source sample pairs and weights along one axis, pixel centres aligned, edges clamped. */
function axis(inSize: number, outSize: number, i0: Int32Array, i1: Int32Array, w: Float32Array): void {
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    const s = Math.min(inSize - 1, Math.max(0, (o + 0.5) * scale - 0.5));
    const lo = Math.floor(s);
    i0[o] = lo;
    i1[o] = Math.min(inSize - 1, lo + 1);
    w[o] = s - lo;
  }
}
