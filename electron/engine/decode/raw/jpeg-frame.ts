// What kind of JPEG a candidate preview is, from its own headers: the frame type and size (SOF segment) and the
// EXIF orientation it carries. jpeg-header.ts answers the decoder's questions about whole files but does not tell
// baseline from lossless, which matters here: CR2 and DNG store the sensor data itself as lossless JPEG (SOF3),
// often bigger than any preview, and it must never be taken for one.
import { ByteView } from './bytes';
import { Malformed, OutOfBounds } from './errors';
import { tiffAt } from './tiff-ifd';

export type JpegFrame =
  /** Baseline, extended or progressive Huffman JPEG (SOF0/1/2): a picture any decoder shows. */
  | { kind: 'picture'; width: number; height: number; orientation: number | null }
  /** A well-formed JPEG of another process: lossless (SOF3, raw sensor data), hierarchical or arithmetic-coded. */
  | { kind: 'other'; marker: number }
  /** No start-of-image, or no readable frame header within the bytes. */
  | { kind: 'broken' };

/** Markers that stand alone, without a length: TEM, RST0–7, SOI. */
function standalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** The frame of the JPEG held in bytes [start, end). Only header segments are visited: no entropy-coded data. */
export function readJpegFrame(bytes: Uint8Array, start: number, end: number): JpegFrame {
  const b = bytes.subarray(start, end);
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return { kind: 'broken' };
  const view = new ByteView(b, false);
  let orientation: number | null = null;
  let p = 2;
  // Every step moves forward by at least one byte, so this ends within b.length steps.
  while (view.has(p, 4)) {
    if (b[p] !== 0xff) return { kind: 'broken' };
    const marker = b[p + 1];
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    if (standalone(marker)) {
      p += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return { kind: 'broken' }; // image end or scan before any frame header
    const len = view.u16(p + 2);
    if (len < 2 || !view.has(p + 2, len)) return { kind: 'broken' };
    const seg = p + 4;
    if (isSof(marker)) {
      if (len < 8) return { kind: 'broken' };
      if (marker > 0xc2) return { kind: 'other', marker };
      const height = view.u16(seg + 1);
      const width = view.u16(seg + 3);
      if (width === 0 || height === 0) return { kind: 'broken' }; // height in a DNL segment: no preview does that
      return { kind: 'picture', width, height, orientation };
    }
    if (marker === 0xe1 && orientation === null && view.ascii(seg, 6) === 'Exif\0\0') {
      orientation = exifOrientation(b.subarray(seg + 6, p + 2 + len));
    }
    p += 2 + len;
  }
  return { kind: 'broken' };
}

/** Orientation (0x0112) in IFD0 of an EXIF block, when it is there and 1–8; null otherwise. */
export function exifOrientation(tiffBytes: Uint8Array): number | null {
  const t = tiffAt(tiffBytes, 0);
  if (!t) return null;
  try {
    return validOrientation(t.tiff.number(t.tiff.readIfd(t.ifd0).entries.get(0x0112)));
  } catch (err) {
    if (err instanceof OutOfBounds || err instanceof Malformed) return null; // a damaged EXIF block only loses the orientation, never the picture
    throw err;
  }
}

export function validOrientation(v: number | undefined): number | null {
  return v !== undefined && v >= 1 && v <= 8 ? v : null;
}
