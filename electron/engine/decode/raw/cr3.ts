// The previews of Canon CR3 files, an ISO base media file (like MP4) of brand 'crx ' (layout after exiftool's
// QuickTime.pm and Canon.pm, and the public CR3 format notes):
//   moov / uuid 85c0b687-820f-11e0-8111-f4ce462b6a48   CMT1: a TIFF whose IFD0 holds the Orientation
//                                                       THMB: 160×120 thumbnail (16-byte header, then the JPEG)
//   uuid eaf42b5e-1c98-4b88-b9fb-b7dc406e4d16         PRVW: ~1620×1080 preview (after 8 bytes; 16-byte header)
//   moov / first trak                                 full-size JPEG: its one sample, at the first chunk offset
//                                                       (stco or co64), of the first sample size (stsz)
import { ByteView } from './bytes';
import type { Findings } from './findings';
import { validOrientation } from './jpeg-frame';
import { tiffAt } from './tiff-ifd';

const CANON_UUID = '85c0b687820f11e08111f4ce462b6a48';
const PREVIEW_UUID = 'eaf42b5e1c984b88b9fbb7dc406e4d16';

/** Boxes looked at per level at most: a CR3 has a handful; a file of tiny boxes must not keep this busy. */
const MAX_BOXES = 1024;

interface Box {
  type: string;
  /** Where the box's content starts (after its header) and ends. */
  start: number;
  end: number;
}

export function readCr3(bytes: Uint8Array, f: Findings): void {
  const v = new ByteView(bytes, false);
  let moov: Box | undefined;
  for (const box of boxes(v, 0, v.length, f)) {
    if (box.type === 'moov' && !moov) moov = box;
    else if (box.type === 'uuid' && uuid(v, box) === PREVIEW_UUID) f.attempt(() => prvw(v, box, f));
  }
  if (!moov) {
    f.truncated = true; // every CR3 has one: a file without it has lost it to a cut
    return;
  }
  let firstTrak = true;
  for (const box of boxes(v, moov.start, moov.end, f)) {
    if (box.type === 'uuid' && uuid(v, box) === CANON_UUID) f.attempt(() => canonBox(v, box, f));
    else if (box.type === 'trak' && firstTrak) {
      firstTrak = false;
      f.attempt(() => fullSizeJpeg(v, box, f));
    }
  }
}

/** CMT1 (orientation) and THMB (thumbnail) inside Canon's uuid box in moov. */
function canonBox(v: ByteView, box: Box, f: Findings): void {
  for (const b of boxes(v, box.start + 16, box.end, f)) {
    if (b.type === 'CMT1') {
      const t = tiffAt(v.bytes.subarray(0, b.end), b.start);
      if (!t) continue;
      f.attempt(() => {
        const o = validOrientation(t.tiff.number(t.tiff.readIfd(t.ifd0).entries.get(0x0112)));
        if (o !== null) f.orientation = o;
      });
    } else if (b.type === 'THMB') {
      // version and flags (4), width (2), height (2), JPEG size (4), 4 more bytes, then the JPEG
      const size = v.u32(b.start + 8);
      if (b.start + 16 + size > b.end) f.corrupt = true;
      else f.add(b.start + 16, size, 'CR3 THMB');
    }
  }
}

/** PRVW: after the uuid, two 32-bit words, then the PRVW box: 4 + 2 + width 2 + height 2 + 2, JPEG size 4, JPEG. */
function prvw(v: ByteView, box: Box, f: Findings): void {
  for (const b of boxes(v, box.start + 24, box.end, f)) {
    if (b.type !== 'PRVW') continue;
    const size = v.u32(b.start + 12);
    if (b.start + 16 + size > b.end) f.corrupt = true;
    else f.add(b.start + 16, size, 'CR3 PRVW');
    return;
  }
}

/** The first track's first sample: the full-size JPEG, stored in mdat. */
function fullSizeJpeg(v: ByteView, trak: Box, f: Findings): void {
  const stbl = path(v, trak, ['mdia', 'minf', 'stbl'], f);
  if (!stbl) return;
  let offset: number | undefined;
  let size: number | undefined;
  for (const b of boxes(v, stbl.start, stbl.end, f)) {
    // Each table: version and flags (4), then its fields; only the first entry of each matters here.
    if (b.type === 'stsz') {
      const fixed = v.u32(b.start + 4);
      size = fixed !== 0 ? fixed : v.u32(b.start + 8) > 0 ? v.u32(b.start + 12) : undefined;
    } else if (b.type === 'stco' && v.u32(b.start + 4) > 0) offset = v.u32(b.start + 8);
    else if (b.type === 'co64' && v.u32(b.start + 4) > 0) offset = v.u64(b.start + 8);
  }
  if (offset !== undefined && size !== undefined) f.add(offset, size, 'CR3 trak 1');
}

/** The box reached by following child types from `box` (the first child of each type). */
function path(v: ByteView, box: Box, types: string[], f: Findings): Box | undefined {
  let at: Box | undefined = box;
  for (const type of types) {
    let found: Box | undefined;
    for (const b of boxes(v, at.start, at.end, f)) {
      if (b.type === type) {
        found = b;
        break;
      }
    }
    if (!found) return undefined;
    at = found;
  }
  return at;
}

function uuid(v: ByteView, box: Box): string {
  if (box.end - box.start < 16) return '';
  return Buffer.from(v.bytes.subarray(box.start, box.start + 16)).toString('hex');
}

/**
 * The boxes in [start, end): 32-bit size, type, and a 64-bit size when the first is 1; 0 means "to the end". A box
 * running past `end` is not returned and ends the list, as does one too small to be a box. Each box moves on by at
 * least 8 bytes and the count is capped, so this always ends.
 */
function* boxes(v: ByteView, start: number, end: number, f: Findings): Generator<Box> {
  let at = start;
  for (let n = 0; n < MAX_BOXES && at < end; n++) {
    if (at + 8 > end) {
      // A few bytes left, too few for a box header: the file was cut there, or the parent is damaged.
      if (end >= v.length) f.truncated = true;
      else f.corrupt = true;
      return;
    }
    if (!v.has(at, 8)) {
      f.truncated = true;
      return;
    }
    let size = v.u32(at);
    const type = v.ascii(at + 4, 4);
    let header = 8;
    if (size === 1) {
      if (!v.has(at + 8, 8)) {
        f.truncated = true;
        return;
      }
      size = v.u64(at + 8);
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header) {
      f.corrupt = true;
      return;
    }
    if (at + size > end) {
      // Past the file's end the file was cut; past only its parent's end it is damaged.
      if (at + size > v.length) f.truncated = true;
      else f.corrupt = true;
      return;
    }
    yield { type, start: at + header, end: at + size };
    at += size;
  }
}
