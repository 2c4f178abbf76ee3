// Caps the bytes of files held in memory at once while decoding: several large TIFF scans read at the same
// time would otherwise take gigabytes. A single file larger than the whole budget still gets through, alone.

export class ByteBudget {
  private used = 0;
  private waiters: Array<() => void> = [];

  constructor(readonly limit: number) {}

  /** Waits until `bytes` fit (or nothing else is held), then holds them until `release`. */
  async acquire(bytes: number): Promise<void> {
    while (this.used > 0 && this.used + bytes > this.limit) await new Promise<void>((r) => this.waiters.push(r));
    this.used += bytes;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
    this.waiters.splice(0).forEach((w) => w());
  }

  get held(): number {
    return this.used;
  }
}
