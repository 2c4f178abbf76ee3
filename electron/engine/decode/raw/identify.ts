// Which camera RAW container a file is, from its first bytes. RAF, ORF, RW2 and CR3 mark themselves; CR2 has its
// "CR" signature after the TIFF header; DNG has a DNGVersion tag. NEF, NRW, ARW, PEF and SRW are plain TIFF to
// the letter, so they are told apart by IFD0's Make, and told from a TIFF that a program exported from such a
// camera's photo (same Make) by what only a RAW's first directory has: a raw-data compression or photometric
// interpretation, a reduced-size first image, or SubIFDs.
import { ByteView } from './bytes';
import { Malformed, OutOfBounds } from './errors';
import { tiffAt, type Ifd, type Tiff } from './tiff-ifd';

export type RawContainer = 'DNG' | 'CR2' | 'CR3' | 'NEF' | 'NRW' | 'ARW' | 'RAF' | 'ORF' | 'RW2' | 'PEF' | 'SRW' | 'TIFF-based RAW';

/** Compression values only sensor data uses (exiftool's Exif.pm compression table). */
const RAW_COMPRESSIONS = new Set([
  262, // Kodak 262
  32767, // Sony ARW
  32769, // packed raw (Epson, Nikon, Samsung)
  32770, // Samsung SRW
  32772, // Samsung SRW 2
  32867, // Kodak KDC
  34316, // Panasonic RAW
  34713, // Nikon NEF
  34892, // lossy DNG
  65000, // Kodak DCR
  65535, // Pentax PEF
]);

/** PhotometricInterpretation of sensor data: colour filter array, linear raw. */
const RAW_PHOTOMETRICS = new Set([32803, 34892]);

export const TAG = {
  NEW_SUBFILE_TYPE: 0x00fe,
  COMPRESSION: 0x0103,
  PHOTOMETRIC: 0x0106,
  MAKE: 0x010f,
  ORIENTATION: 0x0112,
  SUB_IFDS: 0x014a,
  DNG_VERSION: 0xc612,
} as const;

/** The container name of a camera RAW file from its first bytes (any number; 4096 is plenty), or null. */
export function rawContainer(b: Uint8Array): RawContainer | null {
  const v = new ByteView(b, false);
  if (v.ascii(0, 15) === 'FUJIFILMCCD-RAW') return 'RAF';
  if (isCr3(v)) return 'CR3';
  const magic = v.ascii(0, 4);
  if (magic === 'IIRO' || magic === 'IIRS' || magic === 'MMOR') return 'ORF';
  if (magic === 'IIU\0') return 'RW2';
  if (magic !== 'II*\0' && magic !== 'MM\0*') return null;
  if (v.ascii(8, 2) === 'CR' && b[10] === 2) return 'CR2';
  const t = tiffAt(b, 0);
  if (!t) return null;
  let ifd0: Ifd;
  try {
    ifd0 = t.tiff.readIfd(t.ifd0);
  } catch (err) {
    if (err instanceof OutOfBounds || err instanceof Malformed) return null; // first directory not in these bytes, or not one a camera writes
    throw err;
  }
  return tiffRawKind(t.tiff, ifd0);
}

function tiffRawKind(tiff: Tiff, ifd0: Ifd): RawContainer | null {
  const get = (tag: number) => ifd0.entries.get(tag);
  if (get(TAG.DNG_VERSION)) return 'DNG'; // before the make: Pentax, Leica, Ricoh and phones write DNG too
  const compression = tiff.number(get(TAG.COMPRESSION));
  const rawData = RAW_COMPRESSIONS.has(compression ?? 1) || RAW_PHOTOMETRICS.has(tiff.number(get(TAG.PHOTOMETRIC)) ?? 0);
  const reducedFirst = tiff.number(get(TAG.NEW_SUBFILE_TYPE)) === 1;
  const make = tiff.text(get(TAG.MAKE)).trim().toUpperCase();
  const named = nameByMake(make, compression);
  if (named) return rawData || reducedFirst || get(TAG.SUB_IFDS) ? named : null;
  return rawData || reducedFirst ? 'TIFF-based RAW' : null;
}

function nameByMake(make: string, compression: number | undefined): RawContainer | null {
  // NRW (Nikon's compact-camera RAW) is a NEF whose IFD0 holds a JPEG thumbnail, the test exiftool uses too.
  if (make.startsWith('NIKON')) return compression === 6 ? 'NRW' : 'NEF';
  if (make.startsWith('SONY')) return 'ARW';
  if (make.startsWith('PENTAX') || make.startsWith('RICOH IMAGING') || make.startsWith('ASAHI')) return 'PEF';
  if (make.startsWith('SAMSUNG')) return 'SRW';
  if (make === '') return null;
  return 'TIFF-based RAW'; // Kodak, Epson, Hasselblad, Mamiya, Leaf, Phase One, Canon's old TIF: no own name here
}

/** ISO base media with Canon's 'crx ' brand, major or compatible. */
function isCr3(v: ByteView): boolean {
  if (v.ascii(4, 4) !== 'ftyp' || !v.has(0, 16)) return false;
  const size = v.u32(0);
  for (let at = 8; at + 4 <= Math.min(size, v.length); at += 4) {
    if (at !== 12 && v.ascii(at, 4) === 'crx ') return true; // bytes 12–15 are the minor version, not a brand
  }
  return false;
}
