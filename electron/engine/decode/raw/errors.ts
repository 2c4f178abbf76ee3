// The errors of the RAW preview reader. RawPreviewError is the only one that ever leaves this folder. OutOfBounds
// (raised by the bounds-checked reads of bytes.ts) and Malformed are turned into findings ("truncated", "corrupt")
// where a unit of work starts, so a wrong offset in one directory never hides a good preview found elsewhere.

import { DecoderRefusal } from '../refusal';

/** A camera RAW file whose embedded preview cannot be used; `reason` is for people. */
export class RawPreviewError extends DecoderRefusal {
  constructor(reason: string) {
    super(reason, 'RawPreviewError');
  }
}

/** A read past the end of the bytes: the file is cut short, or an offset in it points nowhere. */
export class OutOfBounds extends Error {
  constructor() {
    super('read past the end of the data');
    this.name = 'OutOfBounds';
  }
}

/** Structure no camera writes, such as a directory of thousands of entries: read no further. */
export class Malformed extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'Malformed';
  }
}
