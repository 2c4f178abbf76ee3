// Previews kept in maker notes, for the makes that keep one there (layouts after exiftool's MakerNotes.pm, and
// Olympus.pm, Nikon.pm, Pentax.pm). Each maker note is an IFD with a header of its own, its own byte order and its
// own idea of where offsets count from:
//   Olympus  "OLYMPUS\0" + II/MM (offsets from the note's start) or "OM SYSTEM\0" (same, 16-byte header), or the
//            older "OLYMP\0" (offsets from the file's TIFF header). The large preview of an ORF lives only here:
//            CameraSettings (0x2020) PreviewImageStart/Length 0x0101/0x0102; older bodies also ThumbnailImage
//            (0x0100, the JPEG as the value) and PreviewImageStart/Length 0x1036/0x1037 in the main IFD.
//   Nikon    "Nikon\0\x02" then a TIFF header of its own that offsets count from; PreviewIFD (0x0011) holds a
//            ~640-pixel JPEG at 0x0201/0x0202 (the NEF's full-size JpgFromRaw is in a SubIFD).
//   Pentax   "AOC\0" + II/MM, offsets from the file's TIFF header (exiftool: Pentax always addresses absolutely),
//            or "PENTAX \0" + II/MM with offsets from the note's start; PreviewImageStart 0x0004, Length 0x0003.
// Not read: Canon (CR2 and CR3 hold their large previews outside the maker note), Sony (0x2001 of a few early
// bodies; every ARW has its preview in IFD0), Samsung (PreviewIFD 0x0035; SRW's JpgFromRaw is in a SubIFD),
// Panasonic and Fujifilm (their RAW containers carry the preview themselves).
import type { ByteView } from './bytes';
import { jpegCandidates, type IfdWalk } from './ifd-walk';
import { TYPE, Tiff, tiffAt, type Ifd } from './tiff-ifd';

/** Reads the maker note at [at, at + size) of `parent` (the file's TIFF structure) for previews. */
export function readMakerNote(parent: Tiff, at: number, size: number, walk: IfdWalk): void {
  const v = parent.view;
  if (v.ascii(at, 8) === 'OLYMPUS\0') return olympus(new Tiff(ordered(v, at + 8, at + 12, size - 12), at), 12, walk);
  if (v.ascii(at, 10) === 'OM SYSTEM\0') return olympus(new Tiff(ordered(v, at + 12, at + 16, size - 16), at), 16, walk);
  if (v.ascii(at, 6) === 'OLYMP\0' || v.ascii(at, 6) === 'EPSON\0') {
    return olympus(new Tiff(ordered(v, -1, at + 8, size - 8), parent.base), at + 8 - parent.base, walk);
  }
  if (v.ascii(at, 7) === 'Nikon\0\x02') {
    const t = tiffAt(v.bytes, at + 10);
    if (t) nikon(t.tiff, t.ifd0, walk);
    return;
  }
  if (v.ascii(at, 4) === 'AOC\0') return pentax(new Tiff(ordered(v, at + 4, at + 6, size - 6), parent.base), at + 6 - parent.base, walk);
  if (v.ascii(at, 8) === 'PENTAX \0') return pentax(new Tiff(ordered(v, at + 8, at + 10, size - 10), at), 10, walk);
}

function olympus(t: Tiff, ifdOffset: number, walk: IfdWalk): void {
  const f = walk.findings;
  const main = walk.enter(t, ifdOffset);
  if (!main) return;
  const thumb = main.entries.get(0x0100);
  if (thumb?.type === TYPE.UNDEFINED) f.add(thumb.at, thumb.size, 'Olympus ThumbnailImage');
  pair(t, main, 0x1036, 0x1037, 'Olympus PreviewImage', walk);
  const cs = main.entries.get(0x2020);
  if (!cs) return;
  // Early bodies store CameraSettings inline (type UNDEFINED: the value is the directory), later ones as a pointer
  // (type IFD or LONG). Either way its offsets count from the maker note's base.
  const csOffset = cs.type === TYPE.UNDEFINED ? cs.at - t.base : t.number(cs);
  if (csOffset === undefined) return;
  f.attempt(() => {
    const settings = walk.enter(t, csOffset);
    if (settings && t.number(settings.entries.get(0x0100)) !== 0) {
      pair(t, settings, 0x0101, 0x0102, 'Olympus CameraSettings PreviewImage', walk); // 0x0100 PreviewImageValid
    }
  });
}

function nikon(t: Tiff, ifd0: number, walk: IfdWalk): void {
  const main = walk.enter(t, ifd0);
  const preview = main && t.number(main.entries.get(0x0011));
  if (!preview) return;
  walk.findings.attempt(() => {
    const ifd = walk.enter(t, preview);
    if (ifd) jpegCandidates(t, ifd, 'Nikon PreviewIFD', walk.findings);
  });
}

function pentax(t: Tiff, ifdOffset: number, walk: IfdWalk): void {
  const main = walk.enter(t, ifdOffset);
  if (main) pair(t, main, 0x0004, 0x0003, 'Pentax PreviewImage', walk);
}

/** A start/length pair of tags, the start relative to the structure's base. */
function pair(t: Tiff, ifd: Ifd, startTag: number, lengthTag: number, where: string, walk: IfdWalk): void {
  const start = t.number(ifd.entries.get(startTag));
  const length = t.number(ifd.entries.get(lengthTag));
  if (start !== undefined && length !== undefined) walk.findings.add(t.base + start, length, where);
}

/**
 * The view in the byte order the maker note declares at `markAt` ("II" or "MM"), or, where it declares none, the
 * order in which its directory at `ifdAt` has a plausible entry count (as exiftool guesses): the file's own first.
 */
function ordered(v: ByteView, markAt: number, ifdAt: number, room: number): ByteView {
  const mark = markAt >= 0 ? v.ascii(markAt, 2) : '';
  if (mark === 'II' || mark === 'MM') return v.withOrder(mark === 'II');
  for (const le of [v.le, !v.le]) {
    const w = v.withOrder(le);
    if (!w.has(ifdAt, 2)) break;
    const count = w.u16(ifdAt);
    if (count > 0 && count < 512 && 2 + 12 * count <= room) return w;
  }
  return v;
}
