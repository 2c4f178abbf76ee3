// Recognizing images by their first bytes, never by their name: a PNG called .jpg is a photo, a text file called
// .png is not. Non-images get a reason a person understands; images sharp cannot decode are named as such.
import { decodableFormats, FORMAT_NAMES, type ImageFormat } from '../decode/capabilities';
import { rawContainer } from '../decode/raw/identify';
import { ascii, isoBrands, isQuickTime, looksLikeText, textStart, zipKind } from './sniff-containers';

export type { ImageFormat };

/** Bytes of the file's start that sniff needs: one page, enough to see past an Office file's first ZIP entries. */
export const SNIFF_BYTES = 4096;

export type SniffResult = { image: true; format: ImageFormat } | { image: false; reason: string };

/**
 * What a file is, from its first bytes (`head`, up to SNIFF_BYTES) and its size. Pure apart from the capability
 * set, which defaults to what the installed sharp decodes.
 */
export function sniff(head: Uint8Array, fileSize: number, formats: ReadonlySet<ImageFormat> = decodableFormats()): SniffResult {
  if (fileSize === 0 || head.length === 0) return { image: false, reason: 'empty file' };
  const kind = identify(head);
  if (kind.image) {
    if (formats.has(kind.format)) return kind;
    return { image: false, reason: `unsupported image format (${FORMAT_NAMES[kind.format]})` };
  }
  return kind;
}

/** The reason a video is skipped with: videos are not grouped, and are counted apart from other skipped files. */
export const VIDEO_REASON = 'video (not grouped)';

export function isVideoReason(reason: string): boolean {
  return reason === VIDEO_REASON;
}

const notImage = (what: string): SniffResult => (what === 'video' ? { image: false, reason: VIDEO_REASON } : { image: false, reason: `not an image (${what})` });
const unsupported = (what: string): SniffResult => ({ image: false, reason: `unsupported image format (${what})` });
const image = (format: ImageFormat): SniffResult => ({ image: true, format });

function starts(b: Uint8Array, bytes: number[], at = 0): boolean {
  if (at + bytes.length > b.length) return false;
  for (let i = 0; i < bytes.length; i++) if (b[at + i] !== bytes[i]) return false;
  return true;
}

/** Magic numbers, most common first. */
function identify(b: Uint8Array): SniffResult {
  if (starts(b, [0xff, 0xd8, 0xff])) return image('jpeg');
  if (starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return image('png');
  const a4 = ascii(b, 0, 4);
  if (a4 === 'RIFF') return riff(ascii(b, 8, 4));
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return image('gif');
  // Camera RAW before TIFF: most RAW formats are TIFF to the letter (CR3 is ISO media, RAF and ORF/RW2 their own).
  if (rawContainer(b.subarray(0, SNIFF_BYTES))) return image('raw');
  if (a4 === 'II*\0' || a4 === 'MM\0*' || a4 === 'II+\0' || a4 === 'MM\0+') return image('tiff');
  const brands = isoBrands(b);
  if (brands) return isoMedia(brands);
  return identifyRare(b, a4);
}

function riff(form: string): SniffResult {
  if (form === 'WEBP') return image('webp');
  if (form === 'AVI ') return notImage('video');
  if (form === 'WAVE') return notImage('audio');
  return notImage('unknown file type');
}

function isoMedia(brands: string[]): SniffResult {
  const has = (...names: string[]) => names.some((n) => brands.includes(n));
  if (has('avif', 'avis')) return image('avif');
  if (has('heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1')) return image('heif');
  if (has('M4A ', 'M4B ', 'M4P ', 'F4A ', 'F4B ')) return notImage('audio');
  return notImage('video'); // mp4, mov, m4v, 3gp and the many other video brands
}

/** Everything after the common formats: other images, documents, media, archives, programs, text. */
function identifyRare(b: Uint8Array, a4: string): SniffResult {
  // Other images.
  if (starts(b, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]) || starts(b, [0xff, 0x4f, 0xff, 0x51])) return image('jp2');
  if (starts(b, [0xff, 0x0a]) || starts(b, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) return image('jxl');
  if (a4 === '8BPS') return unsupported('Photoshop PSD');
  if (ascii(b, 0, 9) === 'gimp xcf ') return unsupported('GIMP XCF');
  if (isOtherCameraRaw(b, a4)) return unsupported('camera RAW');
  if (isBmp(b)) return unsupported('BMP');
  if (isIcon(b)) return unsupported('icon');
  if (starts(b, [0x76, 0x2f, 0x31, 0x01])) return unsupported('OpenEXR');
  if (a4 === 'qoif') return unsupported('QOI');
  if (starts(b, [0x59, 0xa6, 0x6a, 0x95])) return unsupported('Sun raster');
  if (starts(b, [0x01, 0xda]) && (b[2] === 0 || b[2] === 1)) return unsupported('SGI');
  if (/^P[1-7]\s+(#|\d)/.test(ascii(b, 0, Math.min(8, b.length)))) return unsupported('PNM');

  // Documents.
  if (ascii(b, 0, 5) === '%PDF-') return notImage('PDF document');
  if (ascii(b, 0, 4) === '%!PS') return notImage('PostScript document');
  if (starts(b, [0x50, 0x4b, 0x03, 0x04]) || starts(b, [0x50, 0x4b, 0x05, 0x06])) return notImage(zipKind(b));
  if (starts(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return notImage('Office document'); // .doc .xls .ppt
  if (ascii(b, 0, 5) === '{\\rtf') return notImage('text');
  if (ascii(b, 0, 16) === 'SQLite format 3\0') return notImage('database');

  // UTF-16 text: its byte order mark FF FE would otherwise pass for an MPEG audio frame header.
  if (starts(b, [0xff, 0xfe]) || starts(b, [0xfe, 0xff])) return text(b);

  // Video and audio.
  if (isQuickTime(b) || starts(b, [0x1a, 0x45, 0xdf, 0xa3]) || ascii(b, 0, 3) === 'FLV') return notImage('video');
  if (starts(b, [0x30, 0x26, 0xb2, 0x75, 0x8e, 0x66, 0xcf, 0x11])) return notImage('video'); // ASF: WMV (or WMA)
  if (starts(b, [0, 0, 1, 0xba]) || starts(b, [0, 0, 1, 0xb3])) return notImage('video'); // MPEG program / elementary
  if (b.length > 188 && b[0] === 0x47 && b[188] === 0x47) return notImage('video'); // MPEG transport stream
  if (a4 === 'OggS') return notImage(ascii(b, 28, 7) === '\x80theora' ? 'video' : 'audio');
  if (ascii(b, 0, 3) === 'ID3' || a4 === 'fLaC' || a4 === 'MThd' || ascii(b, 0, 5) === '#!AMR') return notImage('audio');
  if (a4 === 'FORM' && (ascii(b, 8, 4) === 'AIFF' || ascii(b, 8, 4) === 'AIFC')) return notImage('audio');
  if (isMpegAudioFrame(b)) return notImage('audio');

  // Archives and programs.
  if (starts(b, [0x1f, 0x8b]) || starts(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || ascii(b, 0, 4) === 'Rar!') return notImage('archive');
  if (starts(b, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) || ascii(b, 0, 3) === 'BZh' || starts(b, [0x28, 0xb5, 0x2f, 0xfd])) return notImage('archive');
  if (ascii(b, 257, 5) === 'ustar') return notImage('archive');
  if (ascii(b, 0, 2) === 'MZ' || ascii(b, 0, 4) === '\x7fELF') return notImage('program');
  if (starts(b, [0xcf, 0xfa, 0xed, 0xfe]) || starts(b, [0xce, 0xfa, 0xed, 0xfe]) || starts(b, [0xca, 0xfe, 0xba, 0xbe])) return notImage('program');

  if (looksLikeText(b)) return text(b);
  return notImage('unknown file type');
}

function text(b: Uint8Array): SniffResult {
  const start = textStart(b);
  if (start.startsWith('<') && /<svg[\s>]/.test(textStart(b, b.length))) return image('svg');
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return notImage('web page');
  return notImage('text');
}

/** Camera RAW formats without an embedded JPEG Likeness reads (older makes' own containers). */
function isOtherCameraRaw(b: Uint8Array, a4: string): boolean {
  return (
    a4 === '\0MRM' || // Minolta MRW
    a4 === 'FOVb' || // Sigma X3F
    ascii(b, 6, 8) === 'HEAPCCDR' // Canon CRW
  );
}

/** 'BM' alone starts plenty of text; the DIB header size that follows is one of a few known values. */
function isBmp(b: Uint8Array): boolean {
  if (ascii(b, 0, 2) !== 'BM' || b.length < 18) return false;
  const dib = b[14] | (b[15] << 8) | (b[16] << 16) | (b[17] << 24);
  return [12, 40, 52, 56, 64, 108, 124].includes(dib);
}

function isIcon(b: Uint8Array): boolean {
  // ICONDIR: reserved 0, type 1 (icon) or 2 (cursor), a non-zero count, then entries whose reserved byte is 0.
  return b.length >= 22 && b[0] === 0 && b[1] === 0 && (b[2] === 1 || b[2] === 2) && b[3] === 0 && (b[4] | b[5]) !== 0 && b[9] === 0;
}

/** An MPEG audio (MP3) or ADTS (AAC) frame header without an ID3 tag. JPEG's FF D8 never matches the sync bits. */
function isMpegAudioFrame(b: Uint8Array): boolean {
  if (b.length < 4 || b[0] !== 0xff || (b[1] & 0xe0) !== 0xe0) return false;
  if ((b[1] & 0xf6) === 0xf0) return true; // ADTS
  const version = (b[1] >> 3) & 3;
  const layer = (b[1] >> 1) & 3;
  const bitrate = b[2] >> 4;
  const rate = (b[2] >> 2) & 3;
  return version !== 1 && layer !== 0 && bitrate !== 0xf && rate !== 3;
}
