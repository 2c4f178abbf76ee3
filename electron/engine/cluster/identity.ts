// Stable group ids (pure): a new grouping inherits the ids of the old groups it overlaps most, so names and
// merges a person made survive a changed folder or a moved granularity knob; other groups get fresh ids
// derived from their members, so the same grouping always gets the same ids.
import { createHash } from 'node:crypto';

export interface IdentityOptions {
  /**
   * Least shared share of the smaller of two groups for the new one to inherit the old id. 0.5 means "most
   * of one is in the other", which holds when a group grows or shrinks, for the bigger part of a split and
   * the larger side of a merge, whatever the sizes; below it the groups have less in common than apart.
   */
  minOverlap?: number;
}

export const MIN_OVERLAP = 0.5;

/** Ids for each new group (members are content hashes), reusing previous ids where the groups overlap. */
export function assignGroupIds(previous: Array<{ id: string; members: string[] }>, next: string[][], opts: IdentityOptions = {}): string[] {
  const minOverlap = opts.minOverlap ?? MIN_OVERLAP;
  const oldSets = previous.map((g) => new Set(g.members));
  const newSets = next.map((m) => new Set(m));

  // Shared members per (old, new) pair through an index of old members: linear in the photos, not groups².
  // (A content may sit in two old groups when copies of it were grouped apart; it counts for both.)
  const ownersOf = new Map<string, number[]>();
  oldSets.forEach((s, o) => {
    for (const h of s) {
      const owners = ownersOf.get(h);
      if (owners) owners.push(o);
      else ownersOf.set(h, [o]);
    }
  });
  const candidates: Array<{ o: number; n: number; shared: number; jaccard: number }> = [];
  newSets.forEach((s, n) => {
    const shared = new Map<number, number>();
    for (const h of s) {
      for (const o of ownersOf.get(h) ?? []) shared.set(o, (shared.get(o) ?? 0) + 1);
    }
    for (const [o, k] of shared) {
      if (k < minOverlap * Math.min(oldSets[o].size, s.size)) continue;
      candidates.push({ o, n, shared: k, jaccard: k / (oldSets[o].size + s.size - k) });
    }
  });
  // Best-aligned pairs first (Jaccard, then more shared photos): the bigger part of a split and the larger
  // contributor to a merge win; index order breaks exact ties so the result never depends on Map order.
  candidates.sort((x, y) => y.jaccard - x.jaccard || y.shared - x.shared || x.n - y.n || x.o - y.o);

  const ids = new Array<string | null>(next.length).fill(null);
  const taken = new Set<string>();
  for (const c of candidates) {
    const id = previous[c.o].id;
    if (ids[c.n] !== null || taken.has(id)) continue;
    ids[c.n] = id;
    taken.add(id);
  }

  // Fresh ids avoid every previous id too, so a retired id is never given to an unrelated group. They are
  // handed out in the order of the members' digest, so the order of `next` does not change who gets which.
  const inUse = new Set<string>([...taken, ...previous.map((g) => g.id)]);
  const fresh = next
    .map((_, n) => n)
    .filter((n) => ids[n] === null)
    .map((n) => ({ n, key: [...newSets[n]].sort().join('\n') }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.n - y.n));
  for (const { n, key } of fresh) {
    const id = freshId(key, inUse);
    ids[n] = id;
    inUse.add(id);
  }
  return ids as string[];
}

/** 'g-' + the first 4 hex of the members' sha256, lengthened to 6 on a collision, then rehashed with a counter. */
function freshId(key: string, inUse: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const digest = createHash('sha256').update(attempt === 0 ? key : `${key}\n#${attempt}`).digest('hex');
    for (let len = 4; len <= 6; len++) {
      const id = `g-${digest.slice(0, len)}`;
      if (!inUse.has(id)) return id;
    }
  }
}
