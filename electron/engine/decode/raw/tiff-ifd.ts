// Reading TIFF image file directories (IFDs) anywhere they occur in a RAW file: the file's own TIFF structure,
// a maker note with its own base and byte order, the TIFF block inside a CR3 box or a JPEG's EXIF segment.
// Only reads, all bounds-checked; how directories link up (and stopping at cycles) is the walker's business.
import { ByteView } from './bytes';
import { Malformed } from './errors';

/** Bytes per value of each TIFF field type (1 BYTE … 12 DOUBLE, 13 IFD); 0 for unknown types. */
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

export const TYPE = { SHORT: 3, LONG: 4, UNDEFINED: 7, IFD: 13 } as const;

/** Size of one value of the integer types read as numbers: BYTE, UNDEFINED, SHORT, LONG, IFD; 0 for others. */
function valueSize(type: number): number {
  if (type === 1 || type === TYPE.UNDEFINED) return 1;
  if (type === TYPE.SHORT) return 2;
  return type === TYPE.LONG || type === TYPE.IFD ? 4 : 0;
}

/** Entries a directory may have: cameras write a few hundred at most, and each costs a little to read. */
const MAX_ENTRIES = 2048;

/** Most values a list read here returns: strip lists of previews are short, raw data may have thousands. */
const MAX_VALUES = 4096;

export interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Where the value's bytes start, as a position in the view (inline in the entry, or where its offset points). */
  at: number;
  /** count × the type's size: the value's length in bytes (0 for an unknown type). */
  size: number;
}

export interface Ifd {
  /** Position of the directory in the view. */
  at: number;
  entries: Map<number, Entry>;
  /** Offset of the next directory relative to the base, 0 for none. */
  next: number;
}

/** A TIFF structure: its bytes in one byte order, and the position its offsets count from. */
export class Tiff {
  constructor(
    readonly view: ByteView,
    /** Position in the view that offsets in this structure are relative to (its header, or a maker note's). */
    readonly base: number,
  ) {}

  /**
   * The directory at `offset` (relative to the base). Throws OutOfBounds when its entries run past the data and
   * Malformed when there are implausibly many; values that point outside are only noticed when they are read.
   */
  readIfd(offset: number): Ifd {
    const v = this.view;
    const at = this.base + offset;
    const count = v.u16(at);
    v.check(at + 2, count * 12); // before any loop: a count running past the data is refused, never iterated
    if (count > MAX_ENTRIES) throw new Malformed(`directory of ${count} entries`);
    const entries = new Map<number, Entry>();
    for (let i = 0; i < count; i++) {
      const e = at + 2 + i * 12;
      const tag = v.u16(e);
      const type = v.u16(e + 2);
      const n = v.u32(e + 4);
      const size = (TYPE_SIZE[type] ?? 0) * n;
      const valueAt = size <= 4 ? e + 8 : this.base + v.u32(e + 8);
      if (!entries.has(tag)) entries.set(tag, { tag, type, count: n, at: valueAt, size }); // first one wins, as in libtiff
    }
    const next = v.has(at + 2 + count * 12, 4) ? v.u32(at + 2 + count * 12) : 0;
    return { at, entries, next };
  }

  /** The unsigned integer values of a BYTE, SHORT, LONG or IFD entry; null for other types or too many values. */
  numbers(e: Entry | undefined, max = MAX_VALUES): number[] | null {
    const size = e ? valueSize(e.type) : 0;
    if (!e || size === 0 || e.count === 0 || e.count > max) return null;
    this.view.check(e.at, e.size);
    const out: number[] = [];
    for (let i = 0; i < e.count; i++) out.push(this.read(e.at + i * size, size));
    return out;
  }

  /** The first value of an integer entry; undefined when it is absent, of another type or out of bounds. */
  number(e: Entry | undefined): number | undefined {
    const size = e ? valueSize(e.type) : 0;
    if (!e || size === 0 || e.count === 0 || !this.view.has(e.at, size)) return undefined;
    return this.read(e.at, size);
  }

  private read(at: number, size: number): number {
    return size === 1 ? this.view.u8(at) : size === 2 ? this.view.u16(at) : this.view.u32(at);
  }

  /** An ASCII entry's text up to its first NUL ('' when absent or out of bounds). */
  text(e: Entry | undefined, max = 256): string {
    if (!e || e.type !== 2) return '';
    const s = this.view.ascii(e.at, Math.min(e.count, max));
    const nul = s.indexOf('\0');
    return nul === -1 ? s : s.slice(0, nul);
  }
}

/**
 * The TIFF structure that starts at `at` with a standard header ("II*\0" or "MM\0*", or a RAW variant's magic in
 * bytes 2–3), offsets relative to that header; null when the byte-order mark is not there.
 */
export function tiffAt(bytes: Uint8Array, at: number): { tiff: Tiff; ifd0: number } | null {
  const probe = new ByteView(bytes, true);
  const order = probe.ascii(at, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const view = probe.withOrder(order === 'II');
  if (!view.has(at, 8)) return null;
  return { tiff: new Tiff(view, at), ifd0: view.u32(at + 4) };
}
