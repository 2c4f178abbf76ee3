// Memory that files are read into, reused from file to file: fresh memory costs the reading thread a page fault
// for every 4 kB it fills, nearly half of what reading a photo from the page cache costs. A buffer comes back only
// once nothing reads it any more (its decode is done); the few kept are small enough to keep for a whole run.

/** Capacities are rounded up to this, so that a buffer fits the next photo of about the same size. */
const STEP = 1024 * 1024;

export class ReadBuffers {
  private readonly free: Buffer[] = [];

  /** Keeps at most `count` buffers, none larger than `largest` bytes (a 300 MB scan's memory is not held on to). */
  constructor(
    private readonly count: number,
    private readonly largest = 64 * 1024 * 1024,
  ) {}

  /** A buffer of exactly `size` bytes, its contents undefined: the smallest kept one that holds it, else new memory. */
  take(size: number): Buffer {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const cap = this.free[i].length;
      if (cap >= size && (best < 0 || cap < this.free[best].length)) best = i;
    }
    // Own memory (not Node's shared slab), so that `give` can get the whole of it back from any view.
    const memory = best >= 0 ? this.free.splice(best, 1)[0] : Buffer.allocUnsafeSlow(Math.ceil(Math.max(1, size) / STEP) * STEP);
    return memory.subarray(0, size);
  }

  /** Hands back a buffer `take` gave (or a view of it); nothing may read it afterwards. */
  give(view: Buffer): void {
    const memory = Buffer.from(view.buffer, 0, view.buffer.byteLength);
    if (memory.length > this.largest) return;
    if (this.free.length < this.count) {
      this.free.push(memory);
      return;
    }
    // Full: keep the larger of the two, since a larger buffer serves more of the photos to come.
    let smallest = 0;
    for (let i = 1; i < this.free.length; i++) if (this.free[i].length < this.free[smallest].length) smallest = i;
    if (this.free[smallest].length < memory.length) this.free[smallest] = memory;
  }

  /** Bytes held for reuse. */
  get held(): number {
    return this.free.reduce((sum, b) => sum + b.length, 0);
  }
}
