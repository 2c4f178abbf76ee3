// What the container readers (tiff-raw.ts, cr3.ts, raf.ts) report: every place a JPEG preview is said to be,
// the orientation the RAW records, and what went wrong on the way. Choosing among them is raw-preview.ts's job.
import { Malformed, OutOfBounds } from './errors';

export interface Candidate {
  /** Position of the JPEG's first byte in the file, and its length. */
  offset: number;
  length: number;
  /** Where it was found, for tests and diagnostics: "IFD0 JPEGInterchangeFormat", "CR3 PRVW". */
  where: string;
}

export class Findings {
  readonly candidates: Candidate[] = [];
  /** Something pointed past the end of the file: a preview, a directory, a box. */
  truncated = false;
  /** Something was malformed: a directory cycle, a box too small to be one, an impossible size. */
  corrupt = false;
  /** Orientation 1–8 recorded by the container itself (IFD0 0x0112, CR3 CMT1); undefined when none. */
  orientation: number | undefined;

  constructor(readonly fileSize: number) {}

  /** A JPEG said to be at `offset`; one running past the end of the file is noted as truncation instead. */
  add(offset: number, length: number, where: string): void {
    if (length === 0) return; // how writers say "no preview here" (Olympus, Pentax leave zeros)
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset <= 0 || length < 0) {
      this.corrupt = true; // offset 0 is the container's own header, never a JPEG
      return;
    }
    if (offset + length > this.fileSize) {
      this.truncated = true;
      return;
    }
    if (!this.candidates.some((c) => c.offset === offset && c.length === length)) this.candidates.push({ offset, length, where });
  }

  /**
   * Runs one unit of reading (a directory, a box, a maker note) so that a read past the end of the data counts
   * as truncation, a malformed structure as corruption, and either stops only that unit: a broken maker note must
   * not hide the preview in IFD0.
   */
  attempt(work: () => void): void {
    try {
      work();
    } catch (err) {
      if (err instanceof OutOfBounds) this.truncated = true;
      else if (err instanceof Malformed) this.corrupt = true;
      else throw err;
    }
  }
}
