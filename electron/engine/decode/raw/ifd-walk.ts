// Visiting TIFF directories once each, with a budget: the guard against directory cycles (an IFD whose next link,
// SubIFD or maker note leads back to itself) and against files made of thousands of directories. Also what every
// directory may say about JPEGs, whoever reads it (file IFDs, Nikon's PreviewIFD).
import type { Findings } from './findings';
import { TAG } from './identify';
import type { Ifd, Tiff } from './tiff-ifd';

const JPEG_OFFSET = 0x0201; // JPEGInterchangeFormat
const JPEG_LENGTH = 0x0202; // JPEGInterchangeFormatLength
const STRIP_OFFSETS = 0x0111;
const STRIP_BYTE_COUNTS = 0x0117;
const JPEG_TABLES = 0x015b;

/** Directories visited at most, all kinds together: real files have under 20. */
const MAX_IFDS = 64;

/** One walk over a TIFF structure: which directories were seen (cycles end here) and what was found. */
export class IfdWalk {
  private readonly seen = new Set<number>();

  constructor(readonly findings: Findings) {}

  /** The directory at `offset` in `tiff`, or null when it was seen before (a cycle) or the budget is spent. */
  enter(tiff: Tiff, offset: number): Ifd | null {
    const at = tiff.base + offset;
    if (this.seen.has(at) || this.seen.size >= MAX_IFDS) {
      this.findings.corrupt = true;
      return null;
    }
    this.seen.add(at);
    return tiff.readIfd(offset);
  }
}

/**
 * JPEGInterchangeFormat/Length, and an image stored as JPEG strips: Compression 6 (old-style JPEG, one stream cut
 * into strips, so contiguous strips are one JPEG) or 7 (each strip its own JPEG, so only a single strip is a whole
 * picture). With JPEGTables the strips lack their tables and cannot be shown alone.
 */
export function jpegCandidates(tiff: Tiff, ifd: Ifd, name: string, f: Findings): void {
  const offset = tiff.number(ifd.entries.get(JPEG_OFFSET));
  const length = tiff.number(ifd.entries.get(JPEG_LENGTH));
  if (offset !== undefined && length !== undefined) f.add(tiff.base + offset, length, `${name} JPEGInterchangeFormat`);

  const compression = tiff.number(ifd.entries.get(TAG.COMPRESSION));
  if ((compression !== 6 && compression !== 7) || ifd.entries.has(JPEG_TABLES)) return;
  const offsets = tiff.numbers(ifd.entries.get(STRIP_OFFSETS));
  const counts = tiff.numbers(ifd.entries.get(STRIP_BYTE_COUNTS));
  if (!offsets || !counts || offsets.length !== counts.length) return;
  if (offsets.length > 1 && (compression !== 6 || !contiguous(offsets, counts))) return;
  const total = counts.reduce((a, c) => a + c, 0);
  f.add(tiff.base + offsets[0], total, `${name} strips`);
}

function contiguous(offsets: number[], counts: number[]): boolean {
  for (let i = 1; i < offsets.length; i++) if (offsets[i] !== offsets[i - 1] + counts[i - 1]) return false;
  return true;
}
