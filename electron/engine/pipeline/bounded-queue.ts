// A bounded async queue between decoding (producers) and inference (one consumer): producers wait when it is full,
// so decoded images never pile up in memory however large the folder.

export class BoundedQueue<T> {
  private items: T[] = [];
  private closed = false;
  private spaceWaiters: Array<() => void> = [];
  private itemWaiters: Array<() => void> = [];

  constructor(readonly capacity: number) {
    if (capacity < 1) throw new Error('capacity must be at least 1');
  }

  get size(): number {
    return this.items.length;
  }

  /** Adds an item, waiting while the queue is full. */
  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed) await new Promise<void>((r) => this.spaceWaiters.push(r));
    if (this.closed) throw new Error('queue is closed');
    this.items.push(item);
    this.wake(this.itemWaiters);
  }

  /** No more items will come; takers drain what is left. */
  close(): void {
    this.closed = true;
    this.wake(this.itemWaiters, true);
    this.wake(this.spaceWaiters, true);
  }

  /**
   * Takes up to `max` items, waiting until that many are queued or the queue is closed.
   * Returns an empty array only when closed and drained.
   */
  async take(max: number): Promise<T[]> {
    const want = Math.min(max, this.capacity);
    while (this.items.length < want && !this.closed) await new Promise<void>((r) => this.itemWaiters.push(r));
    const batch = this.items.splice(0, max);
    this.wake(this.spaceWaiters, true);
    return batch;
  }

  private wake(waiters: Array<() => void>, all = false): void {
    if (all) waiters.splice(0).forEach((w) => w());
    else waiters.shift()?.();
  }
}
