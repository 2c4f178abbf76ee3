// A way around one libheif limit (pure byte work). libheif 1.23 refuses to decode an item whose clean aperture
// (`clap`) keeps much less than the coded picture: it sizes its decoder's pixel limit from the cropped size, then
// meets the full coded frame ("Security limit exceeded: Image size 1280x720 exceeds the maximum image size 132496").
// Conformance files and cropped photos do this legitimately. The bypass rewrites every `clap` property of a copy of
// the file to keep the whole frame, lets libheif decode and turn it, and then crops where the real `clap` said.
import { boxes, type Box } from './heif-boxes';

function child(b: Uint8Array, parent: { payload: number; end: number }, type: string, skip = 0): Box | undefined {
  for (const box of boxes(b, parent.payload + skip, parent.end)) if (box.type === type) return box;
  return undefined;
}

/**
 * A copy of `bytes` in which every `clap` in meta/iprp/ipco keeps the whole `width`×`height` frame (the coded size
 * of the item to decode), or null when the file has no `clap` there.
 */
export function withoutCleanAperture(bytes: Uint8Array, width: number, height: number): Uint8Array | null {
  const meta = child(bytes, { payload: 0, end: bytes.length }, 'meta');
  const iprp = meta && child(bytes, meta, 'iprp', 4); // meta is a full box: version and flags first
  const ipco = iprp && child(bytes, iprp, 'ipco');
  if (!ipco) return null;
  const claps = [...boxes(bytes, ipco.payload, ipco.end)].filter((box) => box.type === 'clap' && box.end - box.payload === 32);
  if (claps.length === 0) return null;
  const copy = Uint8Array.from(bytes);
  const view = new DataView(copy.buffer);
  for (const clap of claps) {
    // width N/D, height N/D, horizontal offset N/D, vertical offset N/D: the whole frame, centred.
    [width, 1, height, 1, 0, 1, 0, 1].forEach((v, i) => view.setUint32(clap.payload + 4 * i, v));
  }
  return copy;
}
