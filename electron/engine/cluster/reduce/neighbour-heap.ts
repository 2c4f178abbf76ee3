// Bounded neighbour lists kept as max-heaps in flat typed arrays (row r occupies [r·k, r·k + k)): the root is the
// worst neighbour kept, so a candidate is tested against one number. Ties in distance are broken by the smaller
// index, which makes every result independent of the order candidates arrive in. Empty slots hold (-1, +Infinity).

/** True when (d, j) ranks before (rd, rj): nearer, or as near with a smaller index. */
export function before(d: number, j: number, rd: number, rj: number): boolean {
  return d < rd || (d === rd && j < rj);
}

export function fillEmpty(idx: Int32Array, dist: Float32Array): void {
  idx.fill(-1);
  dist.fill(Infinity);
}

export function heapContains(idx: Int32Array, base: number, k: number, j: number): boolean {
  for (let t = base; t < base + k; t++) if (idx[t] === j) return true;
  return false;
}

/**
 * Offers neighbour j at distance d (already rounded to float32) to the heap at `base`; replaces the root when it
 * ranks before it. `flags` (optional) travels with the entries. Does not check for duplicates.
 */
export function heapOffer(idx: Int32Array, dist: Float32Array, flags: Uint8Array | null, base: number, k: number, j: number, d: number, flag: number): boolean {
  if (!before(d, j, dist[base], idx[base])) return false;
  let pos = 0;
  for (;;) {
    const left = 2 * pos + 1;
    if (left >= k) break;
    let child = left;
    const right = left + 1;
    // the child that ranks last (the larger) moves up
    if (right < k && before(dist[base + left], idx[base + left], dist[base + right], idx[base + right])) child = right;
    if (!before(d, j, dist[base + child], idx[base + child])) break;
    idx[base + pos] = idx[base + child];
    dist[base + pos] = dist[base + child];
    if (flags) flags[base + pos] = flags[base + child];
    pos = child;
  }
  idx[base + pos] = j;
  dist[base + pos] = d;
  if (flags) flags[base + pos] = flag;
  return true;
}

/** Sorts one heap's entries nearest first (insertion sort: k is small); empty slots end up last. */
export function sortRow(idx: Int32Array, dist: Float32Array, flags: Uint8Array | null, base: number, k: number): void {
  for (let a = 1; a < k; a++) {
    const j = idx[base + a];
    const d = dist[base + a];
    const f = flags ? flags[base + a] : 0;
    let b = a - 1;
    while (b >= 0 && before(d, j, dist[base + b], idx[base + b])) {
      idx[base + b + 1] = idx[base + b];
      dist[base + b + 1] = dist[base + b];
      if (flags) flags[base + b + 1] = flags[base + b];
      b--;
    }
    idx[base + b + 1] = j;
    dist[base + b + 1] = d;
    if (flags) flags[base + b + 1] = f;
  }
}
