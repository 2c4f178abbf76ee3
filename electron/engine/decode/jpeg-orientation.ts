// Giving a JPEG the EXIF orientation another container records (pure). A camera RAW's embedded preview is stored
// as the sensor saw it, and the RAW's own directory says how to turn it; the preview's own EXIF, when it has one,
// may say otherwise or nothing. Rewriting its EXIF block to hold just that orientation lets the one JPEG decode
// path (header read, shrink-on-load, auto-orient) treat it like any other photo.

/** `jpeg` with its EXIF replaced by one holding only `orientation` (1–8); other segments and the scan are untouched. */
export function withJpegOrientation(jpeg: Buffer, orientation: number): Buffer {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return jpeg;
  const kept: Buffer[] = [];
  let p = 2;
  // Segments up to the first scan: drop every APP1 "Exif" block, keep the rest (JFIF, ICC, tables, frame).
  while (p + 4 <= jpeg.length && jpeg[p] === 0xff) {
    const marker = jpeg[p + 1];
    if (marker === 0xff) {
      p++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      kept.push(jpeg.subarray(p, p + 2));
      p += 2;
      continue;
    }
    const len = jpeg.readUInt16BE(p + 2);
    if (len < 2 || p + 2 + len > jpeg.length) break;
    const exif = marker === 0xe1 && jpeg.toString('latin1', p + 4, p + 10) === 'Exif\0\0';
    if (!exif) kept.push(jpeg.subarray(p, p + 2 + len));
    p += 2 + len;
  }
  return Buffer.concat([jpeg.subarray(0, 2), exifSegment(orientation), ...kept, jpeg.subarray(p)]);
}

/** An APP1 segment: "Exif\0\0", a little-endian TIFF header and IFD0 with the single Orientation entry. */
function exifSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8); // one entry
  tiff.writeUInt16LE(0x0112, 10); // Orientation
  tiff.writeUInt16LE(3, 12); // SHORT
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt16LE(orientation >= 1 && orientation <= 8 ? orientation : 1, 18);
  // next IFD offset: 0 (already zero)
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}
