// What a group of photos shows, read from its members' ImageNet classes through the WordNet concepts above them
// (pure): how much of the group's class evidence each concept covers, the concept that names it, and the concepts
// its members should share (flags.ts). Evidence is every member's top-5 class probabilities, summed.
import type { TopClasses } from '../library/library';
import { CLASS_COUNT, type ConceptTable } from './concepts';

/**
 * A class names a group on its own ("Golden retrievers") when its mean probability over the members is at least
 * this and it leads the next class word by NAME_MARGIN. Groups of one subject score 0.47–0.86 on the shared sets
 * (golden retriever 0.47, ant 0.73, tench 0.86), down to 0.28 (cassette player, which shares its photos with
 * 'tape player'); mixes stay under 0.25 (a trash group's 'carton' 0.18, a dress group's 'hoopskirt' 0.14).
 */
export const NAME_MIN_SCORE = 0.25;
/**
 * How far that class must lead the next (ratio of scores). ImageNet splits some subjects finely, so a pure group
 * lends its runner-up a lot (Shih-Tzu 0.48 vs Lhasa 0.32: 1.50; cassette player 0.28 vs tape player 0.21: 1.37),
 * while a mix nearly ties (sandal 0.26 vs loafer 0.21: 1.21); 1.25 separates the two.
 */
export const NAME_MARGIN = 1.25;
/** A concept "covers most" of a group from this share of its evidence on ("Shoes" for sandals and clogs). */
export const MOST = 0.5;
/** Below this share no concept names a group: it is a mix, and its name says what it mixes. */
export const LEAST = 1 / 3;
/**
 * The concept a group's members are expected to share: the most specific one at or above its name covering this much
 * of the evidence (English springers: "dog", so a springer the network reads as a Saint Bernard is not odd, an
 * eagle is; French horns: "brass instrument", not the class itself, which would flag every horn read as a trombone).
 */
export const SHARED_COVER = 0.9;
/** ...but never one so broad that anything passes: "dog" covers 118 classes, "mammal" 218, "animal" 398. */
export const SHARED_MAX_CLASSES = 150;
/** A mix's parts: concepts covering at least this share, at most MAX_PARTS of them. */
const PART_MIN = 0.1;
const MAX_PARTS = 3;

export interface Meaning {
  /** Photos. */
  size: number;
  /** Summed top-5 probability of all members. */
  total: number;
  /** Evidence under each concept (its classes' summed probabilities). */
  mass: Map<number, number>;
  /** The concept that names the group, or null for a mix. */
  concept: number | null;
  /** For a mix, what it mixes (concepts, largest first); empty otherwise. */
  parts: number[];
  /** The concepts the members are expected to share (empty when the group has no class evidence). */
  shared: number[];
}

/** The meaning of a group from its members' top classes. */
export function meaningOf(tops: readonly TopClasses[], t: ConceptTable): Meaning {
  const mass = new Map<number, number>();
  const classMass = new Map<number, number>();
  let total = 0;
  for (const top of tops) {
    for (const [c, p] of top) {
      if (!(c >= 0 && c < CLASS_COUNT) || !(p > 0)) continue;
      total += p;
      classMass.set(c, (classMass.get(c) ?? 0) + p);
    }
  }
  for (const [c, p] of classMass) for (const k of t.conceptsOf(c)) mass.set(k, (mass.get(k) ?? 0) + p);
  const m: Meaning = { size: tops.length, total, mass, concept: null, parts: [], shared: [] };
  if (total <= 0) return m;
  m.concept = dominantClass(classMass, tops.length, t) ?? mostSpecific(m, t, MOST) ?? mostSpecific(m, t, LEAST);
  if (m.concept === null) m.parts = partsOf(m, t);
  m.shared = m.concept === null ? m.parts : [sharedAbove(m, t, m.concept)];
  return m;
}

/**
 * What the members of a group named by `concept` should share: the most specific concept at or above it covering
 * SHARED_COVER of the evidence, everyday word or not, but no broader than SHARED_MAX_CLASSES; when none covers that
 * much, the broadest such one ("Churches": "structure", which castles, vaults and altars are too).
 */
function sharedAbove(m: Meaning, t: ConceptTable, concept: number): number {
  let best = concept;
  let bestCover = coverage(m, concept);
  for (const [k, v] of m.mass) {
    if (k === concept || !t.isKindOf(concept, k) || t.classCount[k] > SHARED_MAX_CLASSES) continue;
    const cover = v / m.total;
    const bestReaches = bestCover >= SHARED_COVER;
    // Below the bar, a broader concept that covers more is better; above it, a more specific one that still does.
    if (bestReaches ? cover >= SHARED_COVER && t.classCount[k] < t.classCount[best] : cover > bestCover || (cover === bestCover && t.classCount[k] < t.classCount[best])) {
      best = k;
      bestCover = cover;
    }
  }
  return best;
}

/** Share of the group's evidence under concept k. */
export function coverage(m: Meaning, k: number): number {
  return m.total > 0 ? (m.mass.get(k) ?? 0) / m.total : 0;
}

/** The class whose word clearly leads the group's classes (classes sharing a word count together), if any. */
function dominantClass(classMass: Map<number, number>, size: number, t: ConceptTable): number | null {
  const byWord = new Map<string, { sum: number; best: number; bestMass: number }>();
  for (const [c, p] of classMass) {
    const key = (t.plural(c) ?? t.word(c)).toLocaleLowerCase();
    const e = byWord.get(key);
    if (!e) byWord.set(key, { sum: p, best: c, bestMass: p });
    else {
      e.sum += p;
      if (p > e.bestMass || (p === e.bestMass && c < e.best)) (e.best = c), (e.bestMass = p);
    }
  }
  const ranked = [...byWord.values()].sort((a, b) => b.sum - a.sum || a.best - b.best);
  if (ranked.length === 0 || size === 0) return null;
  const first = ranked[0].sum / size;
  const next = ranked.length > 1 ? ranked[1].sum / size : 0;
  return first >= NAME_MIN_SCORE && first >= NAME_MARGIN * next ? ranked[0].best : null;
}

/**
 * The most specific nameable concept covering at least `min` of the evidence (fewest classes under it, then the
 * larger share, then the lower index), or null.
 */
export function mostSpecific(m: Meaning, t: ConceptTable, min: number, within?: (k: number) => boolean): number | null {
  let best = -1;
  let bestCount = Infinity;
  let bestCover = -1;
  for (const [k, v] of m.mass) {
    if (t.plural(k) === undefined || (within && !within(k))) continue;
    const cover = v / m.total;
    if (cover < min) continue;
    const count = t.classCount[k];
    if (count < bestCount || (count === bestCount && (cover > bestCover || (cover === bestCover && k < best)))) {
      best = k;
      bestCount = count;
      bestCover = cover;
    }
  }
  return best < 0 ? null : best;
}

/**
 * What a mix mixes: nameable concepts taken largest share first, none a kind of another already taken (so "Clothes"
 * and "Bottles", not "Clothes" and "Shirts"), each covering at least PART_MIN; the most specific concept of equal
 * share wins ("Shoes" rather than "Footwear" when they cover the same photos).
 */
function partsOf(m: Meaning, t: ConceptTable): number[] {
  const candidates = [...m.mass.entries()]
    .filter(([k, v]) => t.plural(k) !== undefined && v / m.total >= PART_MIN)
    .sort((a, b) => b[1] - a[1] || t.classCount[a[0]] - t.classCount[b[0]] || a[0] - b[0]);
  const parts: number[] = [];
  for (const [k, v] of candidates) {
    if (parts.length === MAX_PARTS) break;
    const i = parts.findIndex((p) => t.isKindOf(k, p) || t.isKindOf(p, k));
    if (i < 0) parts.push(k);
    // A more specific concept with the same evidence says the same more precisely.
    else if (t.isKindOf(k, parts[i]) && v >= (m.mass.get(parts[i]) ?? 0) - 1e-9) parts[i] = k;
  }
  if (parts.length > 0) return parts;
  // Nothing nameable reaches PART_MIN (a wide mix): its two strongest classes.
  return [...m.mass.entries()]
    .filter(([k]) => k < CLASS_COUNT)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 2)
    .map(([k]) => k);
}
