// A binary heap over any items, the first by `before` on top (pure). For the grouping's steps that repeatedly take
// the best of a changing set (merge by meaning, the knob's splits and joins) in log time instead of a scan.

export class BinaryHeap<T> {
  private readonly items: T[] = [];

  /** `before(a, b)`: whether a comes out before b; must be a strict order for the result not to depend on pushes. */
  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }

  /** The first item, without taking it (undefined when empty). */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Takes the first item out (undefined when empty). */
  pop(): T | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.before(a[l], a[m])) m = l;
        if (r < a.length && this.before(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}
