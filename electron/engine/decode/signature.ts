// A tiny pixel-level signature of a photo: its 16×16 luminance, box-filtered from the decoded pixels (pure).
// Near-duplicate detection checks it next to the network's features, so that two different photos of the same
// dog (close features, different pixels) are never called copies, while resized, re-encoded, slightly cropped,
// recoloured or mirrored copies (the same pixels, give or take) are.

export const SIGNATURE_SIDE = 16;

/** 16×16 bytes of luminance (Rec. 601) averaged over equal cells of an interleaved RGB image. */
export function tinySignature(rgb: Uint8Array, width: number, height: number): Uint8Array {
  const side = SIGNATURE_SIDE;
  // Channel sums per cell in integers, luminance once per cell: the same average as weighting every pixel, at a
  // third of the cost (this runs on every photo indexed). Each row is walked cell by cell, sums kept in registers.
  const sumR = new Float64Array(side * side);
  const sumG = new Float64Array(side * side);
  const sumB = new Float64Array(side * side);
  const count = new Float64Array(side * side);
  const cellStart = new Int32Array(side + 1);
  for (let c = 0; c <= side; c++) cellStart[c] = Math.min(width, Math.ceil((c * width) / side));
  for (let y = 0; y < height; y++) {
    const row = Math.min(side - 1, Math.floor((y * side) / height)) * side;
    const base = y * width * 3;
    for (let c = 0; c < side; c++) {
      const x0 = cellStart[c];
      const x1 = cellStart[c + 1];
      if (x1 <= x0) continue;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let p = base + x0 * 3, end = base + x1 * 3; p < end; p += 3) {
        r += rgb[p];
        g += rgb[p + 1];
        b += rgb[p + 2];
      }
      const cell = row + c;
      sumR[cell] += r;
      sumG[cell] += g;
      sumB[cell] += b;
      count[cell] += x1 - x0;
    }
  }
  const out = new Uint8Array(side * side);
  for (let i = 0; i < out.length; i++) {
    // A cell with no pixel (images under 16 px on a side) takes its nearest filled neighbour on the row above.
    out[i] = count[i] > 0 ? Math.round((0.299 * sumR[i] + 0.587 * sumG[i] + 0.114 * sumB[i]) / count[i]) : i >= side ? out[i - side] : 0;
  }
  return out;
}

/**
 * How alike two signatures are, from -1 to 1: the correlation of their luminance after removing each one's mean
 * and contrast (so brightness, contrast and colour changes do not matter), the better of as-is and mirrored.
 */
export function signatureSimilarity(a: Uint8Array, b: Uint8Array): number {
  return Math.max(correlation(a, b, false), correlation(a, b, true));
}

function correlation(a: Uint8Array, b: Uint8Array, mirror: boolean): number {
  const side = SIGNATURE_SIDE;
  const n = side * side;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const va = a[y * side + x] - ma;
      const vb = b[y * side + (mirror ? side - 1 - x : x)] - mb;
      ab += va * vb;
      aa += va * va;
      bb += vb * vb;
    }
  }
  if (aa === 0 || bb === 0) return aa === bb ? 1 : 0; // flat images: alike only if both are flat
  return ab / Math.sqrt(aa * bb);
}
