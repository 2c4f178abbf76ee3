// Walking ISO base media boxes (pure, bounds-checked): the HEIF container's structure, for the few things libheif
// does not tell: whether the file was cut short, and where its properties lie.

/** One ISO BMFF box: where its payload lies. */
export interface Box {
  type: string;
  start: number;
  payload: number;
  end: number;
}

export function* boxes(b: Uint8Array, from: number, to: number): Generator<Box> {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = from;
  while (at + 8 <= to) {
    let size = view.getUint32(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) return;
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to) return;
    yield { type: String.fromCharCode(b[at + 4], b[at + 5], b[at + 6], b[at + 7]), start: at, payload: at + header, end: at + size };
    at += size;
  }
}

/**
 * True when the file stops inside one of its top-level boxes: a copy cut short. libheif would still show such a
 * file whenever the thumbnail it needs lies before the cut, and then fail on the photo itself in the preview.
 */
export function endsEarly(b: Uint8Array): boolean {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = 0;
  while (at + 8 <= b.length) {
    let size = view.getUint32(at);
    if (size === 1) {
      if (at + 16 > b.length) return true;
      size = Number(view.getBigUint64(at + 8));
    } else if (size === 0) return false; // the last box runs to the end of the file, whatever that is
    if (size < 8) return false; // not a box structure at all: libheif will say what is wrong
    if (at + size > b.length) return true;
    at += size;
  }
  return at < b.length; // a few bytes left: a box header cut short
}
