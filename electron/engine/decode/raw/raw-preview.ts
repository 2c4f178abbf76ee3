// Camera RAW files are indexed by their largest embedded JPEG preview, shown with the orientation the RAW records;
// no sensor data is ever decoded. This is the folder's entry point: it names the container (identify.ts), has the
// container's reader list every JPEG it holds (tiff-raw.ts with makernotes.ts, cr3.ts, raf.ts), checks each one's
// own header (jpeg-frame.ts) and picks the largest picture. Pure: bytes in, a subarray of them out.
//
// Safety: every read is bounds-checked (bytes.ts), every directory visited once within a budget (ifd-walk.ts),
// every list capped before it is read, so a truncated or hostile file ends in a RawPreviewError, never another
// exception, an endless loop or an allocation sized by a number in the file.
import { ByteView } from './bytes';
import { readCr3 } from './cr3';
import { RawPreviewError } from './errors';
import { Findings } from './findings';
import { rawContainer, type RawContainer } from './identify';
import { readJpegFrame } from './jpeg-frame';
import { readRaf } from './raf';
import { readTiffRaw } from './tiff-raw';

export { RawPreviewError };
export type { RawContainer };

export interface RawPreview {
  /** The preview JPEG: a subarray of the input (not a copy), starting with FF D8. */
  jpeg: Buffer;
  /** The JPEG's stored size, from its own frame header (before any orientation is applied). */
  width: number;
  height: number;
  /**
   * EXIF orientation 1–8: how the JPEG's stored pixels are turned upright. The RAW's own record (IFD0 0x0112 of
   * TIFF-based files, CMT1 of CR3); where the container records none (RAF never does) the preview's own EXIF
   * orientation; 1 when neither says. Apply it to the decoded preview instead of, never on top of, any
   * orientation tag inside the JPEG (RW2 and RAF previews carry one, usually the same).
   */
  orientation: number;
  /** 'DNG' | 'CR2' | 'CR3' | 'NEF' | 'NRW' | 'ARW' | 'RAF' | 'ORF' | 'RW2' | 'PEF' | 'SRW' | 'TIFF-based RAW' */
  container: string;
}

/** A usable preview and where in the container it was found ("IFD0 strips", "CR3 PRVW"). */
export interface FoundPreview extends RawPreview {
  where: string;
}

/** Bytes of the head isCameraRaw looks at, at most. */
const HEAD_BYTES = 4096;

/** The camera RAW container the first bytes of a file show (4096 at most are looked at), or null. */
export function isCameraRaw(head: Uint8Array): string | null {
  return rawContainer(head.subarray(0, HEAD_BYTES));
}

/**
 * The camera RAW container of a whole file, or null. Unlike isCameraRaw it reads as far as the file's first
 * directory lies: a writer may put it after the image data, beyond any head a scan reads.
 */
export function cameraRawContainer(bytes: Uint8Array): string | null {
  return rawContainer(bytes);
}

/** The largest embedded JPEG preview of a camera RAW file. Throws RawPreviewError when there is none to use. */
export function findRawPreview(bytes: Buffer): RawPreview {
  const { previews } = listRawPreviews(bytes);
  const { where: _where, ...best } = previews[0];
  return best;
}

/**
 * Every usable JPEG preview of a camera RAW file, largest first (by pixel area, then by bytes: the better of two
 * encodings of one size). Throws RawPreviewError when there is none; findRawPreview is the first of these.
 */
export function listRawPreviews(bytes: Buffer): { container: RawContainer; previews: FoundPreview[] } {
  const container = rawContainer(bytes);
  if (!container) throw new RawPreviewError(firstDirectoryMissing(bytes) ? 'camera RAW is truncated' : 'not a camera RAW file');
  const f = new Findings(bytes.length);
  f.attempt(() => {
    if (container === 'CR3') readCr3(bytes, f);
    else if (container === 'RAF') readRaf(bytes, f);
    else readTiffRaw(bytes, container, f);
  });

  const previews: FoundPreview[] = [];
  for (const c of f.candidates) {
    const frame = readJpegFrame(bytes, c.offset, c.offset + c.length);
    if (frame.kind === 'broken') f.corrupt = true;
    if (frame.kind !== 'picture') continue; // lossless sensor data (SOF3) and other processes are not previews
    const jpeg = bytes.subarray(c.offset, c.offset + c.length);
    previews.push({ jpeg, width: frame.width, height: frame.height, orientation: f.orientation ?? frame.orientation ?? 1, container, where: c.where });
  }
  if (previews.length === 0) {
    const what = f.truncated ? 'is truncated' : f.corrupt ? 'preview is corrupt' : 'holds no usable JPEG preview';
    throw new RawPreviewError(`camera RAW (${container}) ${what}`);
  }
  // Stable sort: among equals, the one found first (the container's main preview) stays first.
  previews.sort((a, b) => b.width * b.height - a.width * a.height || b.jpeg.length - a.jpeg.length);
  return { container, previews };
}

/** A TIFF header whose first directory does not fit in the data: a RAW cut too early to tell which kind. */
function firstDirectoryMissing(bytes: Uint8Array): boolean {
  const v = new ByteView(bytes, bytes[0] === 0x49);
  const magic = v.ascii(0, 4);
  if (magic !== 'II*\0' && magic !== 'MM\0*') return false;
  if (!v.has(0, 8)) return true;
  const ifd0 = v.u32(4);
  return !v.has(ifd0, 2) || !v.has(ifd0 + 2, 12 * v.u16(ifd0));
}
