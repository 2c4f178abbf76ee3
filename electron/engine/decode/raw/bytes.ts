// Bounds-checked reads of the integers and text RAW containers are made of. Every reader in this folder goes
// through a ByteView, so an offset or size taken from a hostile file can only raise OutOfBounds: it never reads
// outside the buffer and never yields a half-read number.
import { OutOfBounds } from './errors';

export class ByteView {
  constructor(
    readonly bytes: Uint8Array,
    /** Little-endian (TIFF "II"); ISO media and RAF are big-endian. */
    readonly le: boolean,
  ) {}

  get length(): number {
    return this.bytes.length;
  }

  /** The same bytes read in another byte order (maker notes may differ from their file). */
  withOrder(le: boolean): ByteView {
    return le === this.le ? this : new ByteView(this.bytes, le);
  }

  /** True when `n` bytes at `at` lie inside the data; false for negative, fractional or huge values too. */
  has(at: number, n: number): boolean {
    return Number.isSafeInteger(at) && Number.isSafeInteger(n) && at >= 0 && n >= 0 && at + n <= this.bytes.length;
  }

  check(at: number, n: number): void {
    if (!this.has(at, n)) throw new OutOfBounds();
  }

  u8(at: number): number {
    this.check(at, 1);
    return this.bytes[at];
  }

  u16(at: number): number {
    this.check(at, 2);
    const b = this.bytes;
    return this.le ? b[at] | (b[at + 1] << 8) : (b[at] << 8) | b[at + 1];
  }

  u32(at: number): number {
    this.check(at, 4);
    const b = this.bytes;
    return this.le
      ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000
      : b[at] * 0x1000000 + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
  }

  /** A 64-bit size or offset (ISO media); beyond 2^53 it cannot be a position in any file, so it is out of bounds. */
  u64(at: number): number {
    const hi = this.u32(this.le ? at + 4 : at);
    const lo = this.u32(this.le ? at : at + 4);
    if (hi >= 0x200000) throw new OutOfBounds();
    return hi * 0x100000000 + lo;
  }

  /** `n` bytes as Latin-1 text ('' when they are not all there: a comparison then simply fails). */
  ascii(at: number, n: number): string {
    if (!this.has(at, n)) return '';
    let s = '';
    for (let i = at; i < at + n; i++) s += String.fromCharCode(this.bytes[i]);
    return s;
  }
}
