// Telling a cut-off file from a damaged one when the decoder's own message does not say (libpng just says
// "read error", libtiff cannot even find the image, and under concurrency libvips can lose its message to
// "Unknown error"): the container's own bookkeeping shows the end is missing.

/** True when the bytes are a JPEG, PNG, WebP or TIFF whose structure points past the end of the data. */
export function endsEarly(bytes: Buffer): boolean {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    // A complete JPEG ends with its EOI marker (FF D9), give or take padding some writers append.
    let end = bytes.length;
    while (end > 2 && (bytes[end - 1] === 0x00 || bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0x20)) end--;
    return !(bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9);
  }
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47) {
    return bytes.lastIndexOf('IEND', undefined, 'latin1') === -1; // every complete PNG ends with an IEND chunk
  }
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return bytes.readUInt32LE(4) + 8 > bytes.length; // RIFF size covers the whole file
  }
  if (bytes.length >= 8) {
    const order = bytes.toString('latin1', 0, 4);
    if (order === 'II*\0') return bytes.readUInt32LE(4) + 2 > bytes.length; // first directory beyond the end
    if (order === 'MM\0*') return bytes.readUInt32BE(4) + 2 > bytes.length;
  }
  return false;
}
