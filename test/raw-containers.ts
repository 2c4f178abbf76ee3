// Small but valid camera RAW containers, built at test time for the RAW preview reader's tests: real cameras' files
// are tens of megabytes and none can be shipped. Each builder lays its file out with the tags that make's cameras
// write, as exiftool's modules describe them (named at each builder), and fills it with real JPEGs made by sharp: a
// 64×48 picture as the large preview, a 32×24 one where the make also keeps a middle-sized preview, a 16×12 one as
// the thumbnail, and for CR2 and DNG a lossless JPEG (SOF3) strip standing for the sensor data, declared far bigger
// than any preview so that choosing it by size would show.
import sharp from 'sharp';

export interface Jpegs {
  /** 64×48 baseline: the large preview. */
  big: Buffer;
  /** The same picture progressive (SOF2): ARW's preview, to show progressive JPEGs count. */
  bigProgressive: Buffer;
  /** 64×48 with an EXIF orientation of 6 (RAF keeps the camera's EXIF only inside its JPEG). */
  bigOriented: Buffer;
  /** 32×24: a maker-note or CR3 PRVW middle-sized preview. */
  mid: Buffer;
  /** 16×12: the thumbnail. */
  small: Buffer;
  /** A lossless JPEG (SOF3) header declaring 4000×3000, as CR2 and DNG store their sensor data. */
  lossless: Buffer;
}

/** A picture: a colour gradient with a diagonal stripe, so that each JPEG differs from the others. */
async function picture(width: number, height: number, tint: number, opts: { progressive?: boolean; orientation?: number } = {}): Promise<Buffer> {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const stripe = Math.abs(x - y) < 3 ? 80 : 0;
      px[i] = (x * 255) / width;
      px[i + 1] = ((y * 255) / height + tint) % 256;
      px[i + 2] = (tint * 3 + stripe) % 256;
    }
  }
  let img = sharp(px, { raw: { width, height, channels: 3 } });
  if (opts.orientation) img = img.withMetadata({ orientation: opts.orientation });
  return img.jpeg({ quality: 90, progressive: opts.progressive ?? false }).toBuffer();
}

/** A lossless-JPEG frame as raw sensor data starts: DHT, SOF3 (14 bits, 4000×3000, 2 components), SOS, data. */
function losslessJpeg(): Buffer {
  const dht = [0xff, 0xc4, 0, 20, 0x00, 1, ...new Array(15).fill(0), 0];
  const sof3 = [0xff, 0xc3, 0, 14, 14, 0x0b, 0xb8, 0x0f, 0xa0, 2, 1, 0x11, 0, 2, 0x11, 0];
  const sos = [0xff, 0xda, 0, 10, 2, 1, 0, 2, 0, 1, 0, 0];
  const data = Array.from({ length: 300 }, (_, i) => (i * 37) & 0x7f);
  return Buffer.from([0xff, 0xd8, ...dht, ...sof3, ...sos, ...data, 0xff, 0xd9]);
}

export async function makeJpegs(): Promise<Jpegs> {
  return {
    big: await picture(64, 48, 20),
    bigProgressive: await picture(64, 48, 60, { progressive: true }),
    bigOriented: await picture(64, 48, 100, { orientation: 6 }),
    mid: await picture(32, 24, 140),
    small: await picture(16, 12, 200),
    lossless: losslessJpeg(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// A TIFF writer: blobs and directories appended in order, children before the directories that point at them.

const ASCII = 2;
const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;
const UNDEFINED = 7;
const IFD = 13;

export interface Entry {
  tag: number;
  type: number;
  count: number;
  /** The value's bytes in the file's byte order; out of line (after the directory) when longer than 4. */
  data: Buffer;
  /** This entry's value is the offset of a preview JPEG (its field is zeroed by the "zeroed offsets" test). */
  preview?: boolean;
}

export class TiffBuilder {
  buf: Buffer;
  /** Positions (in buf) of every entry written, and of the value fields that hold a preview's offset. */
  readonly entries: { tag: number; at: number }[] = [];
  readonly previewFields: number[] = [];

  /**
   * @param prefix the bytes before anything else (a TIFF header, a maker note's header)
   * @param origin the position in this buffer that offsets count from; negative when they count from a point
   *   before it (a maker note placed at `-origin` in a file whose offsets are absolute)
   */
  constructor(
    readonly le: boolean,
    prefix: Buffer,
    readonly origin = 0,
  ) {
    this.buf = Buffer.from(prefix);
  }

  get end(): number {
    return this.buf.length;
  }

  /** The offset value that points at position `pos` of this buffer. */
  offset(pos: number): number {
    return pos - this.origin;
  }

  /** Appends bytes at an even position (TIFF word alignment) and returns where they start. */
  add(bytes: Buffer): number {
    if (this.buf.length % 2) this.buf = Buffer.concat([this.buf, Buffer.alloc(1)]);
    const at = this.buf.length;
    this.buf = Buffer.concat([this.buf, bytes]);
    return at;
  }

  /** Appends another builder's bytes (a maker note), keeping track of its entries and preview fields. */
  adopt(inner: TiffBuilder): number {
    const at = this.add(inner.buf);
    for (const e of inner.entries) this.entries.push({ tag: e.tag, at: at + e.at });
    for (const p of inner.previewFields) this.previewFields.push(at + p);
    return at;
  }

  u16(v: number): Buffer {
    const b = Buffer.alloc(2);
    if (this.le) b.writeUInt16LE(v);
    else b.writeUInt16BE(v);
    return b;
  }

  u32(v: number): Buffer {
    const b = Buffer.alloc(4);
    if (this.le) b.writeUInt32LE(v >>> 0);
    else b.writeUInt32BE(v >>> 0);
    return b;
  }

  short(tag: number, ...values: number[]): Entry {
    return { tag, type: SHORT, count: values.length, data: Buffer.concat(values.map((v) => this.u16(v))) };
  }

  long(tag: number, ...values: number[]): Entry {
    return { tag, type: LONG, count: values.length, data: Buffer.concat(values.map((v) => this.u32(v))) };
  }

  /** A LONG holding the offset of the preview JPEG placed at `pos`. */
  previewAt(tag: number, pos: number): Entry {
    return { ...this.long(tag, this.offset(pos)), preview: true };
  }

  /** SubIFDs, Olympus CameraSettings and the like: offsets of directories, type IFD (13) or LONG. */
  ifdPointer(tag: number, positions: number[], type = LONG): Entry {
    return { tag, type, count: positions.length, data: Buffer.concat(positions.map((p) => this.u32(this.offset(p)))) };
  }

  ascii(tag: number, text: string): Entry {
    const data = Buffer.from(text + '\0', 'latin1');
    return { tag, type: ASCII, count: data.length, data };
  }

  bytes(tag: number, ...values: number[]): Entry {
    return { tag, type: 1, count: values.length, data: Buffer.from(values) };
  }

  undefined(tag: number, data: Buffer, preview = false): Entry {
    return { tag, type: UNDEFINED, count: data.length, data, preview };
  }

  rational(tag: number, num: number, den: number): Entry {
    return { tag, type: RATIONAL, count: 1, data: Buffer.concat([this.u32(num), this.u32(den)]) };
  }

  /** Writes a directory (entries sorted by tag, values longer than 4 bytes right after it); returns its position. */
  ifd(entries: Entry[], next = 0): number {
    const sorted = [...entries].sort((a, b) => a.tag - b.tag);
    if (this.buf.length % 2) this.buf = Buffer.concat([this.buf, Buffer.alloc(1)]);
    const at = this.buf.length;
    const head = Buffer.alloc(2 + 12 * sorted.length + 4);
    const extra: Buffer[] = [];
    let dataPos = at + head.length;
    const w16 = (v: number, p: number) => (this.le ? head.writeUInt16LE(v, p) : head.writeUInt16BE(v, p));
    const w32 = (v: number, p: number) => (this.le ? head.writeUInt32LE(v >>> 0, p) : head.writeUInt32BE(v >>> 0, p));
    w16(sorted.length, 0);
    sorted.forEach((e, i) => {
      const p = 2 + 12 * i;
      w16(e.tag, p);
      w16(e.type, p + 2);
      w32(e.count, p + 4);
      this.entries.push({ tag: e.tag, at: at + p });
      if (e.data.length <= 4) {
        e.data.copy(head, p + 8);
        if (e.preview) this.previewFields.push(at + p + 8);
      } else {
        w32(this.offset(dataPos), p + 8);
        if (e.preview) this.previewFields.push(at + p + 8); // an UNDEFINED value holding the JPEG itself (RW2)
        const padded = e.data.length % 2 ? Buffer.concat([e.data, Buffer.alloc(1)]) : e.data;
        extra.push(padded);
        dataPos += padded.length;
      }
    });
    w32(next === 0 ? 0 : this.offset(next), 2 + 12 * sorted.length);
    this.buf = Buffer.concat([this.buf, head, ...extra]);
    return at;
  }

  /** Overwrites a 32-bit value in place (the header's IFD0 offset, once IFD0 is written). */
  set32(pos: number, value: number): void {
    if (this.le) this.buf.writeUInt32LE(value >>> 0, pos);
    else this.buf.writeUInt32BE(value >>> 0, pos);
  }
}

/** A standard 8-byte TIFF header (or a RAW variant's magic) whose IFD0 offset is set by finish(). */
function tiffFile(le: boolean, magic?: string): TiffBuilder {
  const head = Buffer.alloc(8);
  head.write(magic ?? (le ? 'II*\0' : 'MM\0*'), 0, 'latin1');
  return new TiffBuilder(le, head);
}

function finish(b: TiffBuilder, ifd0: number): Buffer {
  b.set32(4, b.offset(ifd0));
  return b.buf;
}

/** Bytes standing for sensor data or an uncompressed thumbnail: anything but a JPEG. */
function filler(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 131 + seed * 17) & 0x7f;
  return b;
}

/** An EXIF IFD holding a maker note (already placed at `notePos`, `noteLength` bytes long). */
function exifWithMakerNote(b: TiffBuilder, notePos?: number, noteLength?: number): number {
  const entries = [b.undefined(0x9000, Buffer.from('0231')), b.rational(0x829a, 1, 250)];
  if (notePos !== undefined && noteLength !== undefined) {
    entries.push({ tag: 0x927c, type: UNDEFINED, count: noteLength, data: b.u32(b.offset(notePos)) });
  }
  return b.ifd(entries);
}

// ---------------------------------------------------------------------------------------------------------------
// One builder per format.

export interface BuiltRaw {
  /** Container name findRawPreview and isCameraRaw must give. */
  container: string;
  /** Extension for exiftool, which tells NEF, ARW, PEF and SRW apart by it as cameras do. */
  ext: string;
  /** Which exiftool modules the layout follows. */
  after: string;
  bytes: Buffer;
  /** The JPEG that must be chosen, byte for byte. */
  largest: Buffer;
  /** Every JPEG preview in the file, the largest included: each must be found. */
  previews: Buffer[];
  /** Orientation that must be reported. */
  orientation: number;
  /** Positions of the value fields holding a preview's offset (4 bytes; 8 for CR3's co64). */
  previewFields: { at: number; size: 4 | 8 }[];
  /** Previews not reached through any offset field (CR3 boxes): they survive the "zeroed offsets" test. */
  unpointed: Buffer[];
  /** Positions of every TIFF directory entry, for the absurd-count test (empty for CR3 and RAF). */
  entries: number[];
  /** The byte order of multi-byte fields at previewFields / entries. */
  le: boolean;
}

function built(b: TiffBuilder, fields: Omit<BuiltRaw, 'previewFields' | 'entries' | 'le' | 'unpointed'>): BuiltRaw {
  return { ...fields, previewFields: b.previewFields.map((at) => ({ at, size: 4 as const })), unpointed: [], entries: b.entries.map((e) => e.at), le: b.le };
}

/**
 * Canon CR2 (Canon.pm, CanonRaw.pm, Exif.pm): "CR" 2.0 after the TIFF header with the raw IFD's offset; IFD0 the
 * full-size JPEG in one strip (PreviewImage), IFD1 the 160×120 thumbnail at 0x201/0x202, IFD2 an uncompressed RGB
 * image, IFD3 the sensor data as lossless JPEG with CR2Slice.
 */
export function buildCr2(j: Jpegs, orientation = 8): BuiltRaw {
  const head = Buffer.alloc(16);
  head.write('II*\0', 0, 'latin1');
  head.writeUInt32LE(16, 4);
  head.write('CR', 8, 'latin1');
  head.writeUInt16LE(2, 10);
  const b = new TiffBuilder(true, head);
  const big = b.add(j.big);
  const small = b.add(j.small);
  const rgb = b.add(filler(16 * 12 * 3, 1));
  const raw = b.add(j.lossless);
  const ifd3 = b.ifd([
    b.short(0x0103, 6),
    b.long(0x0111, b.offset(raw)),
    b.long(0x0117, j.lossless.length),
    b.long(0xc5d8, 1),
    b.long(0xc5e0, 1),
    b.short(0xc640, 1, 2000, 2000),
  ]);
  const ifd2 = b.ifd(
    [
      b.long(0x0100, 16),
      b.long(0x0101, 12),
      b.short(0x0102, 8, 8, 8),
      b.short(0x0103, 1),
      b.short(0x0106, 2),
      b.long(0x0111, b.offset(rgb)),
      b.short(0x0115, 3),
      b.short(0x0116, 12),
      b.long(0x0117, 16 * 12 * 3),
      b.short(0x011c, 1),
    ],
    ifd3,
  );
  const ifd1 = b.ifd([b.short(0x0103, 6), b.previewAt(0x0201, small), b.long(0x0202, j.small.length)], ifd2);
  const exif = exifWithMakerNote(b);
  const ifd0 = b.ifd(
    [
      b.short(0x0100, 64),
      b.short(0x0101, 48),
      b.short(0x0102, 8, 8, 8),
      b.short(0x0103, 6),
      b.ascii(0x010f, 'Canon'),
      b.ascii(0x0110, 'Canon EOS 5D Mark IV'),
      b.previewAt(0x0111, big),
      b.short(0x0112, orientation),
      b.long(0x0117, j.big.length),
      b.ascii(0x0132, '2024:05:01 10:00:00'),
      b.ifdPointer(0x8769, [exif]),
    ],
    ifd1,
  );
  b.set32(12, b.offset(ifd3)); // the header's pointer to the raw IFD
  return built(b, { container: 'CR2', ext: 'cr2', after: 'Canon.pm, CanonRaw.pm, Exif.pm', bytes: finish(b, ifd0), largest: j.big, previews: [j.big, j.small], orientation });
}

/**
 * DNG (DNG.pm, Exif.pm), big-endian as Leica and Pentax bodies write it: IFD0 a reduced-resolution JPEG
 * (NewSubfileType 1, Compression 7, YCbCr), DNGVersion, SubIFDs: the raw CFA image as lossless JPEG (NewSubfileType
 * 0) and the large preview (NewSubfileType 1, Compression 7, one strip).
 */
export function buildDng(j: Jpegs, orientation = 6): BuiltRaw {
  const b = tiffFile(false);
  const small = b.add(j.small);
  const raw = b.add(j.lossless);
  const big = b.add(j.big);
  const rawIfd = b.ifd([
    b.long(0x00fe, 0),
    b.long(0x0100, 4000),
    b.long(0x0101, 3000),
    b.short(0x0102, 16),
    b.short(0x0103, 7),
    b.short(0x0106, 32803),
    b.long(0x0111, b.offset(raw)),
    b.short(0x0115, 1),
    b.long(0x0116, 3000),
    b.long(0x0117, j.lossless.length),
    b.short(0x828d, 2, 2),
    b.bytes(0x828e, 0, 1, 1, 2),
  ]);
  const previewIfd = b.ifd([
    b.long(0x00fe, 1),
    b.long(0x0100, 64),
    b.long(0x0101, 48),
    b.short(0x0102, 8, 8, 8),
    b.short(0x0103, 7),
    b.short(0x0106, 6),
    b.previewAt(0x0111, big),
    b.short(0x0115, 3),
    b.long(0x0116, 48),
    b.long(0x0117, j.big.length),
    b.long(0xc71a, 2), // PreviewColorSpace sRGB
  ]);
  const exif = exifWithMakerNote(b);
  const ifd0 = b.ifd([
    b.long(0x00fe, 1),
    b.long(0x0100, 16),
    b.long(0x0101, 12),
    b.short(0x0102, 8, 8, 8),
    b.short(0x0103, 7),
    b.short(0x0106, 6),
    b.ascii(0x010f, 'Leica Camera AG'),
    b.ascii(0x0110, 'LEICA Q2'),
    b.previewAt(0x0111, small),
    b.short(0x0112, orientation),
    b.short(0x0115, 3),
    b.long(0x0116, 12),
    b.long(0x0117, j.small.length),
    b.ifdPointer(0x014a, [rawIfd, previewIfd]),
    b.ifdPointer(0x8769, [exif]),
    b.bytes(0xc612, 1, 4, 0, 0),
    b.bytes(0xc613, 1, 1, 0, 0),
    b.ascii(0xc614, 'Leica Q2'),
  ]);
  return built(b, { container: 'DNG', ext: 'dng', after: 'DNG.pm, Exif.pm', bytes: finish(b, ifd0), largest: j.big, previews: [j.big, j.small], orientation });
}

/**
 * Nikon NEF (Nikon.pm, MakerNotes.pm, Exif.pm), big-endian: IFD0 a 160×120 uncompressed RGB thumbnail, SubIFD0 the
 * full-size JpgFromRaw at 0x201/0x202, SubIFD1 the NEF-compressed raw; the maker note ("Nikon\0\x02\x10", its own
 * TIFF header) has PreviewIFD 0x0011 with the 640-pixel PreviewImage at 0x201/0x202.
 */
export function buildNef(j: Jpegs, orientation = 3): BuiltRaw {
  const b = tiffFile(false);
  const rgb = b.add(filler(16 * 12 * 3, 2));
  const big = b.add(j.big);
  const raw = b.add(filler(600, 3));

  const noteHead = Buffer.concat([Buffer.from('Nikon\0\x02\x10\0\0', 'latin1'), Buffer.from('MM\0*\0\0\0\x08', 'latin1')]);
  const note = new TiffBuilder(false, noteHead, 10);
  // The main IFD must come right after the header: write the preview after it and point back by patching.
  const mainAt = note.ifd([note.undefined(0x0001, Buffer.from('0211')), note.ascii(0x0005, 'AUTO'), note.ifdPointer(0x0011, [0], IFD)]);
  const mid = note.add(j.mid);
  const previewIfd = note.ifd([note.short(0x0103, 6), note.previewAt(0x0201, mid), note.long(0x0202, j.mid.length), note.short(0x0213, 2)]);
  note.set32(mainAt + 2 + 12 * 2 + 8, note.offset(previewIfd)); // entries sorted: 0x0001, 0x0005, 0x0011
  const notePos = b.adopt(note);

  const sub0 = b.ifd([b.long(0x00fe, 1), b.short(0x0103, 6), b.previewAt(0x0201, big), b.long(0x0202, j.big.length), b.short(0x0213, 2)]);
  const sub1 = b.ifd([
    b.long(0x00fe, 0),
    b.long(0x0100, 6048),
    b.long(0x0101, 4032),
    b.short(0x0102, 14),
    b.short(0x0103, 34713),
    b.short(0x0106, 32803),
    b.long(0x0111, b.offset(raw)),
    b.short(0x0115, 1),
    b.long(0x0116, 4032),
    b.long(0x0117, 600),
    b.short(0x828d, 2, 2),
    b.bytes(0x828e, 0, 1, 1, 2),
  ]);
  const exif = exifWithMakerNote(b, notePos, note.buf.length);
  const ifd0 = b.ifd([
    b.long(0x00fe, 1),
    b.long(0x0100, 16),
    b.long(0x0101, 12),
    b.short(0x0102, 8, 8, 8),
    b.short(0x0103, 1),
    b.short(0x0106, 2),
    b.ascii(0x010f, 'NIKON CORPORATION'),
    b.ascii(0x0110, 'NIKON D850'),
    b.long(0x0111, b.offset(rgb)),
    b.short(0x0112, orientation),
    b.short(0x0115, 3),
    b.long(0x0116, 12),
    b.long(0x0117, 16 * 12 * 3),
    b.ifdPointer(0x014a, [sub0, sub1]),
    b.ifdPointer(0x8769, [exif]),
  ]);
  return built(b, { container: 'NEF', ext: 'nef', after: 'Nikon.pm, MakerNotes.pm, Exif.pm', bytes: finish(b, ifd0), largest: j.big, previews: [j.big, j.mid], orientation });
}

/**
 * Nikon NRW (Nikon.pm, Exif.pm), the Coolpix RAW: IFD0 a JPEG-compressed thumbnail at 0x201/0x202 (which is how
 * exiftool tells NRW from NEF), SubIFD0 the JpgFromRaw, SubIFD1 the packed raw data.
 */
export function buildNrw(j: Jpegs, orientation = 1): BuiltRaw {
  const b = tiffFile(true);
  const small = b.add(j.small);
  const big = b.add(j.big);
  const raw = b.add(filler(500, 4));
  const sub0 = b.ifd([b.long(0x00fe, 1), b.short(0x0103, 6), b.previewAt(0x0201, big), b.long(0x0202, j.big.length)]);
  const sub1 = b.ifd([
    b.long(0x00fe, 0),
    b.long(0x0100, 4000),
    b.long(0x0101, 3000),
    b.short(0x0103, 32769),
    b.short(0x0106, 32803),
    b.long(0x0111, b.offset(raw)),
    b.long(0x0117, 500),
  ]);
  const exif = exifWithMakerNote(b);
  const ifd0 = b.ifd([
    b.long(0x00fe, 1),
    b.short(0x0103, 6),
    b.ascii(0x010f, 'NIKON CORPORATION'),
    b.ascii(0x0110, 'COOLPIX P7800'),
    b.short(0x0112, orientation),
    b.ifdPointer(0x014a, [sub0, sub1]),
    b.previewAt(0x0201, small),
    b.long(0x0202, j.small.length),
    b.ifdPointer(0x8769, [exif]),
  ]);
  return built(b, { container: 'NRW', ext: 'nrw', after: 'Nikon.pm, Exif.pm', bytes: finish(b, ifd0), largest: j.big, previews: [j.big, j.small], orientation });
}

/**
 * Sony ARW (Sony.pm, Exif.pm): IFD0 the PreviewImage at 0x201/0x202 (Compression 6, NewSubfileType 1), IFD1 the
 * ThumbnailImage at 0x201/0x202, SubIFD0 the Sony-compressed raw. The preview here is progressive.
 */
export function buildArw(j: Jpegs, orientation = 6): BuiltRaw {
  const b = tiffFile(true);
  const big = b.add(j.bigProgressive);
  const small = b.add(j.small);
  const raw = b.add(filler(500, 5));
  const sub0 = b.ifd([
    b.long(0x00fe, 0),
    b.long(0x0100, 6048),
    b.long(0x0101, 4024),
    b.short(0x0102, 12),
    b.short(0x0103, 32767),
    b.short(0x0106, 32803),
    b.long(0x0111, b.offset(raw)),
    b.long(0x0117, 500),
  ]);
  const ifd1 = b.ifd([b.long(0x00fe, 1), b.short(0x0103, 6), b.previewAt(0x0201, small), b.long(0x0202, j.small.length)]);
  const exif = exifWithMakerNote(b);
  const ifd0 = b.ifd(
    [
      b.long(0x00fe, 1),
      b.short(0x0103, 6),
      b.ascii(0x010f, 'SONY'),
      b.ascii(0x0110, 'ILCE-7M3'),
      b.short(0x0112, orientation),
      b.ifdPointer(0x014a, [sub0]),
      b.previewAt(0x0201, big),
      b.long(0x0202, j.bigProgressive.length),
      b.ifdPointer(0x8769, [exif]),
    ],
    ifd1,
  );
  return built(b, { container: 'ARW', ext: 'arw', after: 'Sony.pm, Exif.pm', bytes: finish(b, ifd0), largest: j.bigProgressive, previews: [j.bigProgressive, j.small], orientation });
}

/**
 * Pentax PEF (Pentax.pm, MakerNotes.pm, Exif.pm), big-endian: IFD0 the PEF-compressed raw, IFD1 the thumbnail,
 * IFD2 the JpgFromRaw (both at 0x201/0x202); the maker note ("AOC\0MM", offsets from the file's TIFF header) has
 * PreviewImageSize 0x0002, PreviewImageLength 0x0003 and PreviewImageStart 0x0004.
 */
export function buildPef(j: Jpegs, orientation = 8): BuiltRaw {
  const b = tiffFile(false);
  const raw = b.add(filler(600, 6));
  const small = b.add(j.small);
  const mid = b.add(j.mid);
  const big = b.add(j.big);

  const notePos = b.end + (b.end % 2); // where add() will put it: Pentax offsets are absolute
  const note = new TiffBuilder(false, Buffer.from('AOC\0MM', 'latin1'), -notePos);
  note.ifd([
    note.bytes(0x0000, 3, 0, 0, 0), // PentaxVersion
    note.short(0x0001, 0), // PentaxModelType
    note.short(0x0002, 32, 24), // PreviewImageSize
    note.long(0x0003, j.mid.length),
    { ...note.long(0x0004, mid), preview: true }, // absolute: the file offset itself
    note.long(0x0005, 0x12cd2), // PentaxModelID: K20D
    note.ascii(0x0229, 'SERIAL0001'),
  ]);
  const placed = b.adopt(note);
  if (placed !== notePos) throw new Error('maker note placed elsewhere than its offsets assume');

  const ifd2 = b.ifd([b.short(0x0103, 6), b.previewAt(0x0201, big), b.long(0x0202, j.big.length)]);
  const ifd1 = b.ifd([b.short(0x0103, 6), b.previewAt(0x0201, small), b.long(0x0202, j.small.length)], ifd2);
  const exif = exifWithMakerNote(b, notePos, note.buf.length);
  const ifd0 = b.ifd(
    [
      b.long(0x00fe, 0),
      b.long(0x0100, 4992),
      b.long(0x0101, 3284),
      b.short(0x0102, 12),
      b.short(0x0103, 65535),
      b.short(0x0106, 32803),
      b.ascii(0x010f, 'PENTAX'),
      b.ascii(0x0110, 'PENTAX K20D'),
      b.long(0x0111, b.offset(raw)),
      b.short(0x0112, orientation),
      b.long(0x0117, 600),
      b.ifdPointer(0x8769, [exif]),
    ],
    ifd1,
  );
  return built(b, { container: 'PEF', ext: 'pef', after: 'Pentax.pm, MakerNotes.pm, Exif.pm', bytes: finish(b, ifd0), largest: j.big, previews: [j.big, j.mid, j.small], orientation });
}

/**
 * Samsung SRW (Samsung.pm, Exif.pm): IFD0 the SRW-compressed raw with SubIFD0 holding the JpgFromRaw at
 * 0x201/0x202; IFD1 has a SubIFD holding the ThumbnailImage at 0x201/0x202.
 */
export function buildSrw(j: Jpegs, orientation = 1): BuiltRaw {
  const b = tiffFile(true);
  const raw = b.add(filler(600, 7));
  const big = b.add(j.big);
  const small = b.add(j.small);
  const jpgFromRaw = b.ifd([b.long(0x00fe, 1), b.short(0x0103, 6), b.previewAt(0x0201, big), b.long(0x0202, j.big.length)]);
  const thumbIfd = b.ifd([b.long(0x00fe, 1), b.short(0x0103, 6), b.previewAt(0x0201, small), b.long(0x0202, j.small.length)]);
  const ifd1 = b.ifd([b.long(0x00fe, 1), b.ifdPointer(0x014a, [thumbIfd])]);
  const exif = exifWithMakerNote(b);
  const ifd0 = b.ifd(
    [
      b.long(0x00fe, 0),
      b.long(0x0100, 5472),
      b.long(0x0101, 3648),
      b.short(0x0102, 12),
      b.short(0x0103, 32770),
      b.short(0x0106, 32803),
      b.ascii(0x010f, 'SAMSUNG'),
      b.ascii(0x0110, 'NX300'),
      b.long(0x0111, b.offset(raw)),
      b.short(0x0112, orientation),
      b.long(0x0117, 600),
      b.ifdPointer(0x014a, [jpgFromRaw]),
      b.ifdPointer(0x8769, [exif]),
    ],
    ifd1,
  );
  return built(b, { container: 'SRW', ext: 'srw', after: 'Samsung.pm, Exif.pm', bytes: finish(b, ifd0), largest: j.big, previews: [j.big, j.small], orientation });
}

/**
 * Olympus ORF (Olympus.pm, MakerNotes.pm): "IIRO" header, IFD0 the raw strips; the preview lives only in the maker
 * note ("OLYMPUS\0II\x03\0", offsets from the note's start): CameraSettings 0x2020 (type IFD) with
 * PreviewImageValid 0x0100, PreviewImageStart 0x0101 and PreviewImageLength 0x0102.
 */
export function buildOrf(j: Jpegs, orientation = 6): BuiltRaw {
  const b = tiffFile(true, 'IIRO');
  const raw = b.add(filler(600, 8));

  const note = new TiffBuilder(true, Buffer.from('OLYMPUS\0II\x03\0', 'latin1'));
  const main = note.ifd([note.undefined(0x0000, Buffer.from('0100')), note.ifdPointer(0x2020, [0], IFD), note.ifdPointer(0x2010, [0], IFD)]);
  const equipment = note.ifd([note.undefined(0x0000, Buffer.from('0100')), note.ascii(0x0101, 'BHP000001')]);
  const big = note.add(j.big);
  const settings = note.ifd([
    note.undefined(0x0000, Buffer.from('0100')),
    note.long(0x0100, 1),
    note.previewAt(0x0101, big),
    note.long(0x0102, j.big.length),
    note.short(0x0200, 3),
  ]);
  note.set32(main + 2 + 12 * 1 + 8, note.offset(equipment)); // entries sorted: 0x0000, 0x2010, 0x2020
  note.set32(main + 2 + 12 * 2 + 8, note.offset(settings));
  const notePos = b.adopt(note);

  const exif = exifWithMakerNote(b, notePos, note.buf.length);
  const ifd0 = b.ifd([
    b.long(0x00fe, 0),
    b.long(0x0100, 5240),
    b.long(0x0101, 3912),
    b.short(0x0102, 16),
    b.short(0x0103, 1),
    b.short(0x0106, 32803),
    b.ascii(0x010f, 'OLYMPUS CORPORATION'),
    b.ascii(0x0110, 'E-M1MarkII'),
    b.long(0x0111, b.offset(raw)),
    b.short(0x0112, orientation),
    b.long(0x0117, 600),
    b.ifdPointer(0x8769, [exif]),
  ]);
  return built(b, { container: 'ORF', ext: 'orf', after: 'Olympus.pm, MakerNotes.pm', bytes: finish(b, ifd0), largest: j.big, previews: [j.big], orientation });
}

/**
 * An early, big-endian Olympus ORF ("MMOR", E-1/E-300 era; Olympus.pm, MakerNotes.pm): the "OLYMP\0" maker note
 * whose offsets count from the file's TIFF header, CameraSettings 0x2020 stored inline (type UNDEFINED), plus the
 * main IFD's ThumbnailImage 0x0100 holding a JPEG as its value.
 */
export function buildOrfLegacy(j: Jpegs, orientation = 8): BuiltRaw {
  const b = tiffFile(false, 'MMOR');
  const raw = b.add(filler(600, 9));
  const big = b.add(j.big);

  const notePos = b.end + (b.end % 2);
  const note = new TiffBuilder(false, Buffer.from('OLYMP\0\x01\0', 'latin1'), -notePos);
  // The main IFD has 3 entries (0x0000, 0x0100, 0x2020): 2 + 36 + 4 bytes after the 8-byte header, then its
  // out-of-line values in tag order: the thumbnail JPEG, then CameraSettings.
  const thumbAt = 8 + 2 + 12 * 3 + 4;
  const settingsAt = thumbAt + j.small.length + (j.small.length % 2);
  // CameraSettings, a directory of its own, laid out where it will end up (its offsets are absolute), then inlined.
  const settings = new TiffBuilder(false, Buffer.alloc(0), -(notePos + settingsAt));
  settings.ifd([
    settings.undefined(0x0000, Buffer.from('0100')),
    settings.long(0x0100, 1),
    { ...settings.long(0x0101, big), preview: true }, // the file offset itself
    settings.long(0x0102, j.big.length),
  ]);
  note.ifd([note.undefined(0x0000, Buffer.from('0100')), note.undefined(0x0100, j.small, true), note.undefined(0x2020, settings.buf)]);
  if (note.buf.length !== settingsAt + settings.buf.length + (settings.buf.length % 2)) throw new Error('legacy ORF maker note layout');
  for (const p of settings.previewFields) note.previewFields.push(settingsAt + p);
  const placed = b.adopt(note);
  if (placed !== notePos) throw new Error('maker note placed elsewhere than its offsets assume');

  const exif = exifWithMakerNote(b, notePos, note.buf.length);
  const ifd0 = b.ifd([
    b.long(0x0100, 2560),
    b.long(0x0101, 1920),
    b.short(0x0102, 16),
    b.short(0x0103, 1),
    b.ascii(0x010f, 'OLYMPUS IMAGING CORP.'),
    b.ascii(0x0110, 'E-300'),
    b.long(0x0111, b.offset(raw)),
    b.short(0x0112, orientation),
    b.long(0x0117, 600),
    b.ifdPointer(0x8769, [exif]),
  ]);
  return built(b, { container: 'ORF', ext: 'orf', after: 'Olympus.pm, MakerNotes.pm', bytes: finish(b, ifd0), largest: j.big, previews: [j.big, j.small], orientation });
}

/**
 * Panasonic RW2 (PanasonicRaw.pm): "IIU\0", IFD0 at 0x18 after the 16-byte RW2 signature, Panasonic's own tags
 * (sensor size, raw format, compression 34316) and the whole preview JPEG as the value of JpgFromRaw 0x002E.
 */
export function buildRw2(j: Jpegs, orientation = 6): BuiltRaw {
  const head = Buffer.alloc(24);
  head.write('IIU\0', 0, 'latin1');
  head.writeUInt32LE(0x18, 4);
  Buffer.from('88e774d8f8251d4d947a6e77822b5d6a', 'hex').copy(head, 8);
  const b = new TiffBuilder(true, head);
  const raw = b.add(filler(600, 10));
  const ifd0 = b.ifd([
    b.undefined(0x0001, Buffer.from('0410')),
    b.short(0x0002, 5240),
    b.short(0x0003, 3912),
    b.short(0x0004, 0),
    b.short(0x0005, 0),
    b.short(0x0006, 3912),
    b.short(0x0007, 5240),
    b.short(0x0009, 1),
    b.short(0x000a, 12),
    b.short(0x000b, 34316),
    b.short(0x0017, 200),
    b.undefined(0x002e, j.big, true),
    b.ascii(0x010f, 'Panasonic'),
    b.ascii(0x0110, 'DC-G9'),
    b.long(0x0111, b.offset(raw)),
    b.short(0x0112, orientation),
    b.short(0x0116, 3912),
    b.long(0x0117, 600),
    b.long(0x0118, b.offset(raw)),
  ]);
  return built(b, { container: 'RW2', ext: 'rw2', after: 'PanasonicRaw.pm', bytes: finish(b, ifd0), largest: j.big, previews: [j.big], orientation });
}

/**
 * Fujifilm RAF (FujiFilm.pm): "FUJIFILMCCD-RAW " header, format and camera IDs, then big-endian words at 84/88 for
 * the JPEG's offset and length (92 onward: CFA header and data, left 0 here as exiftool allows). The JPEG carries
 * the camera's EXIF, with its orientation.
 */
export function buildRaf(j: Jpegs): BuiltRaw {
  const head = Buffer.alloc(160);
  head.write('FUJIFILMCCD-RAW ', 0, 'latin1');
  head.write('0201', 16, 'latin1');
  head.write('FF129502', 20, 'latin1');
  head.write('X-T3', 28, 'latin1');
  head.write('0100', 60, 'latin1');
  head.writeUInt32BE(160, 84);
  head.writeUInt32BE(j.bigOriented.length, 88);
  const bytes = Buffer.concat([head, j.bigOriented, filler(400, 11)]);
  return {
    container: 'RAF',
    ext: 'raf',
    after: 'FujiFilm.pm',
    bytes,
    largest: j.bigOriented,
    previews: [j.bigOriented],
    orientation: 6,
    previewFields: [{ at: 84, size: 4 }],
    unpointed: [],
    entries: [],
    le: false,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// ISO base media boxes for CR3.

function box(type: string, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

function fullBox(type: string, version: number, ...content: Buffer[]): Buffer {
  const vf = Buffer.alloc(4);
  vf[0] = version;
  return box(type, vf, ...content);
}

function u32s(...values: number[]): Buffer {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v, 4 * i));
  return b;
}

function u16s(...values: number[]): Buffer {
  const b = Buffer.alloc(2 * values.length);
  values.forEach((v, i) => b.writeUInt16BE(v, 2 * i));
  return b;
}

function hex(s: string): Buffer {
  return Buffer.from(s.replace(/-/g, ''), 'hex');
}

/**
 * Canon CR3 (Canon.pm, QuickTime.pm, QuickTimeStream.pl): ftyp 'crx '; moov holds Canon's uuid box (CNCV, CMT1 —
 * a TIFF IFD0 with the orientation —, THMB with the thumbnail) and the first trak, whose one sample (stsz, co64) is
 * the full-size JPEG in mdat ('vide' handler, a CRAW sample entry with a JPEG box, as exiftool's -ee looks for); a
 * top-level uuid box holds PRVW, the middle-sized preview.
 */
export function buildCr3(j: Jpegs, orientation = 6): BuiltRaw {
  const tiff = new TiffBuilder(true, Buffer.from('II*\0\0\0\0\0', 'latin1'));
  const cmt1Ifd = tiff.ifd([tiff.ascii(0x010f, 'Canon'), tiff.ascii(0x0110, 'Canon EOS R5'), tiff.short(0x0112, orientation)]);
  tiff.set32(4, cmt1Ifd);
  const thmb = box('THMB', Buffer.from([0, 0, 0, 0]), u16s(16, 12), u32s(j.small.length), u16s(1, 0), j.small);
  const canon = box('uuid', hex('85c0b687-820f-11e0-8111-f4ce462b6a48'), box('CNCV', Buffer.from('CanonCR3_001/00.09.00/00.00.00')), box('CMT1', tiff.buf), thmb);

  const craw = box('CRAW', Buffer.alloc(6), u16s(1), Buffer.alloc(16), u16s(64, 48), u32s(0x480000, 0x480000, 0), u16s(1), Buffer.alloc(32), u16s(24, 0xffff), box('JPEG', Buffer.alloc(4)));
  const moovFor = (jpegAt: number) => {
    const co64 = Buffer.alloc(8);
    co64.writeBigUInt64BE(BigInt(jpegAt));
    const stbl = box(
      'stbl',
      fullBox('stsd', 0, u32s(1), craw),
      fullBox('stts', 0, u32s(1, 1, 1)),
      fullBox('stsc', 0, u32s(1, 1, 1, 1)),
      fullBox('stsz', 0, u32s(0, 1, j.big.length)),
      fullBox('co64', 0, u32s(1), co64),
    );
    const hdlr = fullBox('hdlr', 0, u32s(0), Buffer.from('vide'), Buffer.alloc(12), Buffer.from('\0'));
    const mdhd = fullBox('mdhd', 0, u32s(0, 0, 1, 1), u16s(0x55c4, 0));
    const minf = box('minf', fullBox('vmhd', 0, Buffer.alloc(8)), stbl);
    const tkhd = fullBox('tkhd', 0, u32s(0, 0, 1, 0, 1, 0, 0, 0, 0, 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000, 64 << 16, 48 << 16));
    const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, minf));
    const mvhd = fullBox('mvhd', 0, u32s(0, 0, 1, 1, 0x10000), u16s(0x100, 0), Buffer.alloc(8), u32s(0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000), Buffer.alloc(24), u32s(2));
    return box('moov', canon, mvhd, trak);
  };
  const ftyp = box('ftyp', Buffer.from('crx '), u32s(1), Buffer.from('crx isom'));
  const prvwBox = box('PRVW', u32s(0), u16s(1, 32, 24, 1), u32s(j.mid.length), j.mid);
  const prvw = box('uuid', hex('eaf42b5e-1c98-4b88-b9fb-b7dc406e4d16'), u32s(0, 1), prvwBox);
  const mdat = box('mdat', j.big, filler(500, 12));
  const jpegAt = ftyp.length + moovFor(0).length + prvw.length + 8; // the moov's size does not depend on it
  const moov = moovFor(jpegAt);
  const bytes = Buffer.concat([ftyp, moov, prvw, mdat]);
  const co64Value = Buffer.alloc(8);
  co64Value.writeBigUInt64BE(BigInt(jpegAt));
  const co64Field = bytes.indexOf(Buffer.concat([Buffer.from('co64'), Buffer.alloc(4), u32s(1), co64Value])) + 12;
  if (bytes.subarray(jpegAt, jpegAt + j.big.length).compare(j.big) !== 0) throw new Error('CR3 layout');
  return {
    container: 'CR3',
    ext: 'cr3',
    after: 'Canon.pm, QuickTime.pm, QuickTimeStream.pl',
    bytes,
    largest: j.big,
    previews: [j.big, j.mid, j.small],
    orientation,
    previewFields: [{ at: co64Field, size: 8 }],
    unpointed: [j.mid, j.small],
    entries: [],
    le: false,
  };
}

/** One container of each format, and the second ORF variant. */
export function buildAll(j: Jpegs): BuiltRaw[] {
  return [buildDng(j), buildCr2(j), buildCr3(j), buildNef(j), buildNrw(j), buildArw(j), buildRaf(j), buildOrf(j), buildOrfLegacy(j), buildRw2(j), buildPef(j), buildSrw(j)];
}

/** A plain RGB TIFF that names a camera maker (as a program exporting a NEF's photo writes): not a RAW. */
export function plainTiffFromCamera(make: string, le = true): Buffer {
  const b = tiffFile(le);
  const px = b.add(filler(8 * 8 * 3, 13));
  const ifd0 = b.ifd([
    b.long(0x0100, 8),
    b.long(0x0101, 8),
    b.short(0x0102, 8, 8, 8),
    b.short(0x0103, 1),
    b.short(0x0106, 2),
    b.ascii(0x010f, make),
    b.ascii(0x0110, 'D850'),
    b.long(0x0111, b.offset(px)),
    b.short(0x0115, 3),
    b.long(0x0116, 8),
    b.long(0x0117, 8 * 8 * 3),
  ]);
  return finish(b, ifd0);
}
