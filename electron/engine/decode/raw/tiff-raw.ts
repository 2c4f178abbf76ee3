// The previews of TIFF-based RAW files (DNG, CR2, NEF, NRW, ARW, PEF, SRW, ORF, RW2): every directory reachable
// from the header (IFD0 and the IFDs chained after it, SubIFDs, the EXIF IFD and its maker note) is visited once,
// and each JPEG it points at becomes a candidate. Where each make puts what (after exiftool's Exif.pm notes):
//   CR2  IFD0 strip: full-size JPEG; IFD1 0x201: thumbnail; IFD3 strip: lossless JPEG raw (rejected later)
//   DNG  previews: Compression 7 in one strip, in IFD0 and/or SubIFDs (NewSubfileType 1); the raw image is
//        lossless JPEG as well and is rejected by its frame type; tiled previews are not read
//   NEF  SubIFD 0x201: JpgFromRaw (full size); maker note PreviewIFD: 640-pixel preview; IFD0: raw RGB thumbnail
//   NRW  IFD0 0x201: thumbnail; SubIFD 0x201: JpgFromRaw
//   ARW  IFD0 0x201: preview (1616 wide, full size on newer bodies); IFD1 0x201: thumbnail
//   PEF  IFD2 0x201: JpgFromRaw; IFD1 0x201: thumbnail; maker note 0x0004/0x0003: preview
//   SRW  SubIFD 0x201: JpgFromRaw; SubIFD of IFD1 0x201: thumbnail
//   ORF  only in the Olympus maker note (makernotes.ts)
//   RW2  IFD0 tag 0x002E: JpgFromRaw, a whole JPEG stored as the tag's value
import type { Findings } from './findings';
import { TAG, type RawContainer } from './identify';
import { validOrientation } from './jpeg-frame';
import { IfdWalk, jpegCandidates } from './ifd-walk';
import { readMakerNote } from './makernotes';
import { TYPE, tiffAt, type Ifd, type Tiff } from './tiff-ifd';

const EXIF_IFD = 0x8769;
const MAKER_NOTE = 0x927c;
const RW2_JPG_FROM_RAW = 0x002e;

/** SubIFDs followed per directory, and how deep SubIFDs may nest. */
const MAX_SUB_IFDS = 16;
const MAX_DEPTH = 3;

export function readTiffRaw(bytes: Uint8Array, container: RawContainer, f: Findings): void {
  const t = tiffAt(bytes, 0);
  if (!t) {
    f.truncated = true;
    return;
  }
  const walk = new IfdWalk(f);
  let offset = t.ifd0;
  // IFD0 and the chain of directories after it (IFD1, IFD2…); each is read on its own so a bad link loses only
  // what lies beyond it.
  for (let index = 0; offset !== 0; index++) {
    let next = 0;
    f.attempt(() => {
      const ifd = walk.enter(t.tiff, offset);
      if (!ifd) return;
      const name = `IFD${index}`;
      if (index === 0) {
        const o = validOrientation(t.tiff.number(ifd.entries.get(TAG.ORIENTATION)));
        if (o !== null) f.orientation = o;
        const rw2 = ifd.entries.get(RW2_JPG_FROM_RAW);
        if (container === 'RW2' && rw2 && rw2.type === TYPE.UNDEFINED) f.add(rw2.at, rw2.size, 'RW2 JpgFromRaw');
      }
      visitImages(t.tiff, ifd, name, walk, 0);
      next = ifd.next;
    });
    offset = next;
  }
}

/** The JPEGs one directory points at, then its SubIFDs' and its EXIF IFD's maker note. */
function visitImages(tiff: Tiff, ifd: Ifd, name: string, walk: IfdWalk, depth: number): void {
  const f = walk.findings;
  f.attempt(() => jpegCandidates(tiff, ifd, name, f));
  if (depth < MAX_DEPTH) {
    f.attempt(() => {
      const subs = tiff.numbers(ifd.entries.get(TAG.SUB_IFDS), MAX_SUB_IFDS) ?? [];
      subs.forEach((sub, i) => {
        if (sub === 0) return;
        f.attempt(() => {
          const child = walk.enter(tiff, sub);
          if (child) visitImages(tiff, child, `${name} SubIFD${i}`, walk, depth + 1);
        });
      });
    });
  }
  const exif = tiff.number(ifd.entries.get(EXIF_IFD));
  if (exif) {
    f.attempt(() => {
      const exifIfd = walk.enter(tiff, exif);
      const note = exifIfd?.entries.get(MAKER_NOTE);
      if (note && note.size > 0) {
        tiff.view.check(note.at, note.size);
        readMakerNote(tiff, note.at, note.size, walk);
      }
    });
  }
}
