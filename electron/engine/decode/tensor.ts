// Turns a decoded, cropped RGB image into the network's input tensor (pure, no I/O).
import type { PreprocessSpec } from '../types';

/**
 * Writes one image into `out` at `offset` (in floats), NCHW, channel order and normalization per `spec`.
 * `rgb` is interleaved 8-bit RGB of exactly cropSize × cropSize pixels.
 */
export function writeNchw(rgb: Uint8Array, spec: PreprocessSpec, out: Float32Array, offset = 0): void {
  const size = spec.cropSize;
  const plane = size * size;
  if (rgb.length !== plane * 3) throw new Error(`expected ${plane * 3} RGB bytes for a ${size}px crop, got ${rgb.length}`);
  if (out.length < offset + plane * 3) throw new Error('output tensor too small');
  const order = spec.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  for (let c = 0; c < 3; c++) {
    const src = order[c];
    const mul = spec.scale / spec.std[c];
    const add = -spec.mean[c] / spec.std[c];
    const base = offset + c * plane;
    for (let i = 0, j = src; i < plane; i++, j += 3) out[base + i] = rgb[j] * mul + add;
  }
}
