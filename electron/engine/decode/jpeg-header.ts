// The header facts of a JPEG read in JavaScript (pure): size, components, precision, EXIF orientation, whether an
// ICC profile is embedded. Asking libvips for them opens the file a second time, which costs half a millisecond
// per 12-megapixel photo, a few percent of the whole index run. Anything unusual returns null and the caller
// asks sharp instead, so this only ever answers for plain files.

export interface JpegHeader {
  width: number;
  height: number;
  /** 1 (grey), 3 (YCbCr/RGB) or 4 (CMYK/YCCK). */
  channels: number;
  /** Bits per sample; 8 for nearly every photo. */
  precision: number;
  /** EXIF orientation 1–8 (1 when absent). */
  orientation: number;
  /** An ICC profile is embedded (APP2 "ICC_PROFILE"). */
  icc: boolean;
}

/** Start-of-frame markers: baseline, extended, progressive, lossless, hierarchical, arithmetic. */
function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

export function readJpegHeader(b: Uint8Array): JpegHeader | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let orientation = 1;
  let icc = false;
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return null;
    const marker = b[p + 1];
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      p += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end or scan before any frame header
    const len = (b[p + 2] << 8) | b[p + 3];
    if (len < 2 || p + 2 + len > b.length) return null;
    const seg = p + 4;
    if (isSof(marker)) {
      if (len < 8) return null;
      const channels = b[seg + 5];
      const header = { precision: b[seg], height: (b[seg + 1] << 8) | b[seg + 2], width: (b[seg + 3] << 8) | b[seg + 4], channels, orientation, icc };
      if (header.width === 0 || header.height === 0 || ![1, 3, 4].includes(channels)) return null;
      return header;
    }
    if (marker === 0xe1 && len >= 16 && ascii(b, seg, 6) === 'Exif\0\0') {
      const o = exifOrientation(b, seg + 6, seg + len - 2);
      if (o === null) return null;
      orientation = o;
    } else if (marker === 0xe2 && len >= 16 && ascii(b, seg, 12) === 'ICC_PROFILE\0') {
      icc = true;
    }
    p += 2 + len;
  }
  return null;
}

/** Orientation tag (0x0112) of IFD0 in a TIFF block at [start, end); 1 when absent, null when malformed. */
function exifOrientation(b: Uint8Array, start: number, end: number): number | null {
  if (end - start < 8) return null;
  const little = b[start] === 0x49 && b[start + 1] === 0x49;
  if (!little && !(b[start] === 0x4d && b[start + 1] === 0x4d)) return null;
  const u16 = (at: number) => (little ? b[at] | (b[at + 1] << 8) : (b[at] << 8) | b[at + 1]);
  const u32 = (at: number) => (little ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000 : b[at] * 0x1000000 + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]));
  if (u16(start + 2) !== 42) return null;
  const ifd = start + u32(start + 4);
  if (ifd + 2 > end) return null;
  const entries = u16(ifd);
  if (ifd + 2 + entries * 12 > end) return null;
  for (let i = 0; i < entries; i++) {
    const e = ifd + 2 + i * 12;
    if (u16(e) !== 0x0112) continue;
    const value = u16(e + 8);
    return value >= 1 && value <= 8 ? value : 1;
  }
  return 1;
}

function ascii(b: Uint8Array, at: number, n: number): string {
  let s = '';
  for (let i = 0; i < n && at + i < b.length; i++) s += String.fromCharCode(b[at + i]);
  return s;
}
