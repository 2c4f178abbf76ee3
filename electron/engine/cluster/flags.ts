// Odd members of a group (pure): a photo whose own evidence disagrees with its group is marked "suggested" with a
// reason the app shows. Two ways to disagree: its top classes share no concept with what the group's members
// share (an eagle among English springers: "looks like: bald eagle"), or it lies far from the group's prototype
// for how spread the group is (a robust outlier of the members' cosine distances to it).
import type { TopClasses } from '../library/library';
import { CLASS_COUNT, type ConceptTable } from './concepts';
import type { Meaning } from './meaning';

/**
 * A member shares its group's concept when at least this share of its own top-5 evidence lies under it: any real
 * part of its evidence, not a stray 1% class. Tried on Imagenette, the messy folder and a 265-photo mix: 0.05 flags
 * 45, 11 and 13 members, of which 18, 3 and 12 are of another subject; 0.15 flags 82, 17, 22 for 24, 4, 13; 0.25
 * flags more still for hardly more strays. A member of the right subject read as another has little or nothing there.
 */
export const MEMBER_SHARE = 0.05;
/**
 * A member is far from its group when its cosine distance to the prototype exceeds the members' median by this many
 * robust standard deviations (1.4826 × the median absolute deviation).
 */
export const FAR_Z = 3.5;
/** Fewer members than this tell nothing about a group's spread. */
export const MIN_SPREAD_MEMBERS = 8;

export interface Member {
  top: TopClasses;
  /** Cosine similarity to the group's prototype. */
  similarity: number;
}

/** For each member, the reason it is odd, or null when it fits its group. */
export function oddMembers(members: readonly Member[], meaning: Meaning, t: ConceptTable): Array<string | null> {
  const far = farFromPrototype(members.map((m) => 1 - m.similarity));
  return members.map((m, i) => {
    if (!sharesConcept(m.top, meaning.shared, t)) return `looks like: ${topWord(m.top, t)}`;
    if (far[i]) return 'unlike the rest of this group';
    return null;
  });
}

/** Whether a photo's evidence lies under any of the group's shared concepts (true when there is nothing to share). */
export function sharesConcept(top: TopClasses, shared: readonly number[], t: ConceptTable): boolean {
  if (shared.length === 0) return true;
  let all = 0;
  let under = 0;
  for (const [c, p] of top) {
    if (!(c >= 0 && c < CLASS_COUNT) || !(p > 0)) continue;
    all += p;
    if (shared.some((k) => t.isKindOf(c, k))) under += p;
  }
  return all === 0 || under >= MEMBER_SHARE * all;
}

/** Robust outliers among distances: beyond the median by FAR_Z robust standard deviations. */
export function farFromPrototype(distances: readonly number[]): boolean[] {
  const n = distances.length;
  if (n < MIN_SPREAD_MEMBERS) return new Array<boolean>(n).fill(false);
  const med = median(distances);
  const mad = median(distances.map((d) => Math.abs(d - med)));
  // A group of near-copies has almost no spread: a floor keeps their tiny differences from looking odd.
  const sigma = Math.max(1.4826 * mad, 0.01);
  return distances.map((d) => d > med + FAR_Z * sigma);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The word of a photo's most likely class ("bald eagle"). */
function topWord(top: TopClasses, t: ConceptTable): string {
  let best: [number, number] | null = null;
  for (const e of top) if (e[0] >= 0 && e[0] < CLASS_COUNT && (best === null || e[1] > best[1])) best = e;
  return best === null ? 'nothing in particular' : t.word(best[0]);
}
