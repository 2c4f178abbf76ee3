// Group names a person would write on a folder, from what the groups show (meaning.ts), pure: a concept's plural,
// capitalized ("Golden retrievers", "Shoes"), or what a mix mixes ("Mixed: shoes, bottles"). No two groups share a
// name, nor take one already taken (a name the user typed): the group the name fits best keeps it, the others are
// told apart by a more specific concept they hold ("Cats" → "Persian cats") or by what else they show
// ("Dogs (tennis balls)"), never by a number unless nothing at all tells them apart.
import type { TopClasses } from '../library/library';
import { loadConcepts, type ConceptTable } from './concepts';
import { coverage, meaningOf, type Meaning } from './meaning';

export interface NameOptions {
  /** Names already in use (the user's), compared ignoring case: never given again. */
  taken?: Iterable<string>;
  /** The concept table (the shipped one by default). */
  concepts?: ConceptTable;
}

/** A more specific concept must cover at least this share of the group to name it apart. */
const DISTINGUISH_MIN = 0.1;
/** Below this share, a concept is a trace of the group's evidence: a qualifier of last resort. */
const TRACE = 0.02;

/** The comparison key of a name: file systems confuse case and Unicode forms, so names must differ beyond them. */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase('en-US');
}

/** One name per group, in order, distinct from each other and from `taken`. */
export function nameGroups(groups: ReadonlyArray<{ tops: readonly TopClasses[] }>, opts: NameOptions = {}): string[] {
  const t = opts.concepts ?? loadConcepts();
  return nameMeanings(groups.map((g) => meaningOf(g.tops, t)), t, opts.taken ?? []);
}

/** nameGroups for meanings already worked out. */
export function nameMeanings(meanings: readonly Meaning[], t: ConceptTable, takenNames: Iterable<string> = []): string[] {
  const taken = new Set<string>([...takenNames].map(nameKey));
  const names = new Array<string | null>(meanings.length).fill(null);
  const give = (g: number, name: string): boolean => {
    const key = nameKey(name);
    if (names[g] !== null || taken.has(key)) return false;
    names[g] = name;
    taken.add(key);
    return true;
  };
  // The group a name fits best (largest share of its evidence, then the larger group) gets it first.
  const strength = meanings.map((m) => (m.concept !== null ? coverage(m, m.concept) : 0));
  const order = meanings.map((_, g) => g).sort((a, b) => strength[b] - strength[a] || meanings[b].size - meanings[a].size || a - b);
  const firsts = meanings.map((m) => primaryName(m, t));
  for (const g of order) give(g, firsts[g]);
  // The others, in the same order, try what tells them apart from the groups their first name fits too (its
  // rivals). Thousands of groups at 100,000 photos, hundreds of them "Trucks": each concept's largest share among
  // the groups of one first name is worked out once per name, not once per group and rival.
  const keys = firsts.map(nameKey);
  const byKey = new Map<string, number[]>();
  keys.forEach((key, g) => (byKey.get(key) ?? byKey.set(key, []).get(key)!).push(g));
  const covers = new Map<string, RivalCover>();
  const numbered = new Map<string, number>();
  for (const g of order) {
    if (names[g] !== null) continue;
    let cover = covers.get(keys[g]);
    if (!cover) covers.set(keys[g], (cover = rivalCover(byKey.get(keys[g])!.map((o) => meanings[o]))));
    const rivalMax = (k: number) => cover!.without(meanings[g], k);
    for (const alt of alternatives(meanings[g], rivalMax, t)) if (give(g, alt)) break; // lazily: most stop at the first
    if (names[g] !== null) continue;
    // Nothing tells this group apart (two groups holding the same evidence): a number, as the last resort, counting
    // on from the last number given to this name (those before are taken).
    let n = numbered.get(firsts[g]) ?? 2;
    while (!give(g, `${firsts[g]} (${n})`)) n++;
    numbered.set(firsts[g], n + 1);
  }
  return names as string[];
}

/** The largest share of each concept among some groups, and the runner-up's, to take one group out of the max. */
interface RivalCover {
  /** The largest share of concept k among the groups other than `m` (one of them), 0 when none holds it. */
  without(m: Meaning, k: number): number;
}

function rivalCover(group: readonly Meaning[]): RivalCover {
  const first = new Map<number, { share: number; of: Meaning; second: number }>();
  for (const m of group) {
    for (const k of m.mass.keys()) {
      const share = coverage(m, k);
      const e = first.get(k);
      if (!e) first.set(k, { share, of: m, second: 0 });
      else if (share > e.share) (e.second = e.share), (e.share = share), (e.of = m);
      else if (share > e.second) e.second = share;
    }
  }
  return {
    without: (m, k) => {
      const e = first.get(k);
      return !e ? 0 : e.of === m ? e.second : e.share;
    },
  };
}

/** The name of one group on its own. */
export function primaryName(m: Meaning, t: ConceptTable): string {
  if (m.concept !== null) return capitalize(pluralOf(m.concept, t));
  if (m.parts.length > 0) return `Mixed: ${m.parts.map((k) => pluralOf(k, t)).join(', ')}`;
  return 'Unnamed group';
}

/**
 * Names that tell a group apart from its rivals (groups its first name fits too; `rivalMax(k)` is the largest share
 * of concept k among them), best first: a more specific concept
 * it holds under its concept, as its name ("Persian cats") when it covers a real share, else as a qualifier
 * ("Mammals (antelopes)"); then its concept qualified by something else it shows ("Golden retrievers (tennis
 * balls)"), a real share of it before a trace; for a mix, one part more. Within each tier, what the group holds
 * most more of than any rival comes first.
 */
function* alternatives(m: Meaning, rivalMax: (k: number) => number, t: ConceptTable): Generator<string> {
  const lead = (k: number) => coverage(m, k) - rivalMax(k);
  const real = (k: number) => coverage(m, k) >= TRACE;
  if (m.concept !== null) {
    const c = m.concept;
    const below = [...m.mass.keys()].filter((k) => k !== c && t.plural(k) !== undefined && t.isKindOf(k, c));
    const base = capitalize(pluralOf(c, t));
    for (const k of byLead(below.filter((k) => coverage(m, k) >= DISTINGUISH_MIN), lead, t)) yield capitalize(pluralOf(k, t));
    for (const k of byLead(below.filter(real), lead, t)) yield `${base} (${pluralOf(k, t)})`;
    const other = others(m, t, c);
    for (const k of byLead(other.filter(real), lead, t)) yield `${base} (${pluralOf(k, t)})`;
    for (const k of byLead(other.filter((k) => !real(k)), lead, t)) yield `${base} (${pluralOf(k, t)})`;
  } else if (m.parts.length > 0) {
    for (const k of byLead(others(m, t, ...m.parts), lead, t)) yield `Mixed: ${[...m.parts, k].map((p) => pluralOf(p, t)).join(', ')}`;
  }
}

/** Concepts by how far the group leads its rivals in them, then the more specific, then by index. */
function byLead(concepts: number[], lead: (k: number) => number, t: ConceptTable): number[] {
  const score = new Map(concepts.map((k) => [k, lead(k)]));
  return [...concepts].sort((a, b) => score.get(b)! - score.get(a)! || t.classCount[a] - t.classCount[b] || a - b);
}

/**
 * Nameable concepts of a group unrelated to `besides` (neither kinds of them nor above them), one per chain of
 * related concepts: the largest share first and, of equal shares, the most specific.
 */
function others(m: Meaning, t: ConceptTable, ...besides: number[]): number[] {
  const out: number[] = [];
  const candidates = [...m.mass.entries()]
    .filter(([k]) => t.plural(k) !== undefined && besides.every((b) => !t.isKindOf(k, b) && !t.isKindOf(b, k)))
    .sort((a, b) => b[1] - a[1] || t.classCount[a[0]] - t.classCount[b[0]] || a[0] - b[0]);
  for (const [k] of candidates) if (!out.some((o) => t.isKindOf(k, o) || t.isKindOf(o, k))) out.push(k);
  return out;
}

function pluralOf(k: number, t: ConceptTable): string {
  return t.plural(k) ?? t.word(k);
}

function capitalize(s: string): string {
  return s.length === 0 ? s : s[0].toLocaleUpperCase('en-US') + s.slice(1);
}
