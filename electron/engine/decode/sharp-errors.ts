// Turning libvips/sharp error messages into reasons a person understands ("file is truncated"), for the list of
// files that could not be used. Pure string mapping, tested against messages observed from sharp 0.35 / libvips 8.18.

const TRUNCATED = [
  /premature end/i, // libjpeg: "VipsJpeg: premature end of JPEG image"
  /unexpected end/i, // giflib, libheif: "Unexpected end of GIF source data", "Unexpected end of file"
  /insufficient input data/i, // libheif
  /truncated/i,
  /not enough data/i,
  /read past end|short read|end of (file|stream|data)/i,
];

/** Loader prefixes and noise that say nothing to a person. */
const NOISE_LINE = /^source: bad seek to \d+$/i;
const PREFIX = /^(Input (buffer|file) has corrupt header:\s*)?((VipsJpeg|vipspng|tiff2vips|webp2vips|gifload(_buffer|_source)?|heif|webp|spng|svgload(_buffer)?|jpeg2vips|pngload(_buffer)?|VipsForeignLoad\w*):\s*)*(Invalid input:\s*)?(Unspecified:\s*)?/i;

/**
 * One of: 'empty file', 'image is too large', 'file is truncated', 'unsupported image format[ (…)]',
 * 'file is corrupt (<short detail>)'.
 */
export function explainSharpError(message: string): string {
  if (/input (buffer|file) is empty/i.test(message)) return 'empty file';
  if (/exceeds pixel limit/i.test(message)) return 'image is too large';
  if (TRUNCATED.some((re) => re.test(message))) return 'file is truncated';
  if (/samples out of range/i.test(message)) return 'unsupported image format (TIFF with more than 32 bits per sample)';
  if (/no decoding plugin|unsupported codec/i.test(message)) return 'unsupported image format (HEIC)';
  if (/unsupported image format/i.test(message)) return 'unsupported image format';
  return `file is corrupt (${corruptDetail(message)})`;
}

/** The first informative line of a libvips message, without loader prefixes and error codes, at most 80 chars. */
function corruptDetail(message: string): string {
  for (const raw of message.split('\n')) {
    const line = raw.trim();
    // "Unknown error": libvips lost the real message (its error buffer is shared between threads).
    if (line === '' || NOISE_LINE.test(line) || /^unknown error$/i.test(line)) continue;
    const detail = line
      .replace(PREFIX, '')
      .replace(/\s*\(\d+\.\d+\)$/, '') // libheif error codes such as "(2.0)"
      .trim();
    if (detail) return detail.length > 80 ? `${detail.slice(0, 77)}...` : detail;
  }
  return /corrupt header/i.test(message) ? 'unreadable header' : 'unreadable data';
}
