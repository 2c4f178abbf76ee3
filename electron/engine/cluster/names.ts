// Suggested group names from the photos' ImageNet classes (pure): the class that dominates a group names it,
// in its everyday word ('golden retriever'); no two groups share a name; a group nothing dominates is 'Group N'.
import type { TopClasses } from '../library/library';
import { commonName } from '../embed/classes';

export interface NameOptions {
  /**
   * Least mean probability a class needs over the group's photos (counting 0 where it is not in a photo's
   * top 5). Groups of one subject score 0.47–0.86 on the shared sets (golden retriever 0.47, ant 0.73, tench
   * 0.86), down to 0.28 (cassette player, which shares its photos with 'tape player'); mixes stay under 0.25
   * (a trash group's 'carton' 0.18, a dress group's 'hoopskirt' 0.14, every class of 32-px CIFAR photos).
   */
  minScore?: number;
  /**
   * How far a class must lead the next one (ratio of scores). ImageNet splits some subjects finely, so a pure
   * group lends its runner-up a lot (Shih-Tzu 0.48 vs Lhasa 0.32: 1.50; cassette player 0.28 vs tape player
   * 0.21: 1.37), while a mix nearly ties (sandal 0.26 vs loafer 0.21: 1.21); 1.25 separates the two.
   */
  margin?: number;
  /** The display word of a class; commonName by default (its first synonym). */
  nameOf?: (classIndex: number) => string;
}

export const NAME_MIN_SCORE = 0.25;
export const NAME_MARGIN = 1.25;

interface Choice {
  group: number;
  name: string;
  score: number;
}

/** One suggested name per group, in order; distinct ignoring case. */
export function nameGroups(groups: Array<{ tops: TopClasses[] }>, opts: NameOptions = {}): string[] {
  const minScore = opts.minScore ?? NAME_MIN_SCORE;
  const margin = opts.margin ?? NAME_MARGIN;
  const nameOf = opts.nameOf ?? commonName;
  const ranked = groups.map((g) => rankNames(g.tops, nameOf));
  // The k-th name of a group is a fair name when it is strong enough and clearly ahead of the one after it.
  const dominant = (g: number, k: number): Choice | null => {
    const list = ranked[g];
    if (k >= list.length) return null;
    const { name, score } = list[k];
    const next = k + 1 < list.length ? list[k + 1].score : 0;
    return score >= minScore && score >= margin * next ? { group: g, name, score } : null;
  };

  const names = new Array<string | null>(groups.length).fill(null);
  const used = new Set<string>();
  // Best-first: the group a class describes best gets its name; the others try their next name.
  const assign = (choices: Choice[]) => {
    choices.sort((x, y) => y.score - x.score || x.group - y.group);
    for (const c of choices) {
      const key = c.name.toLocaleLowerCase();
      if (names[c.group] !== null || used.has(key)) continue;
      names[c.group] = c.name;
      used.add(key);
    }
  };
  const firsts = groups.map((_, g) => dominant(g, 0)).filter((c): c is Choice => c !== null);
  assign(firsts);
  // Second choices only for groups whose first name went to a stronger group: a group whose first name was
  // not dominant is a mix, and its runner-up would describe it no better.
  const lost = firsts.filter((c) => names[c.group] === null).map((c) => dominant(c.group, 1));
  assign(lost.filter((c): c is Choice => c !== null));

  return names.map((n, g) => {
    if (n !== null) return n;
    // A class word cannot look like 'Group 7', but a caller's nameOf could: step past it rather than repeat it.
    let neutral = `Group ${g + 1}`;
    for (let extra = 2; used.has(neutral.toLocaleLowerCase()); extra++) neutral = `Group ${g + 1} (${extra})`;
    used.add(neutral.toLocaleLowerCase());
    return neutral;
  });
}

/**
 * A group's names best first with their scores: each photo's top-5 probabilities summed per name (classes
 * sharing a word, like the two 'crane's, count together since the word is what the user sees), over the size.
 */
function rankNames(tops: TopClasses[], nameOf: (classIndex: number) => string): Array<{ name: string; score: number }> {
  const sums = new Map<string, { name: string; sum: number }>();
  for (const top of tops) {
    for (const [cls, p] of top) {
      const name = nameOf(cls);
      const key = name.toLocaleLowerCase();
      const entry = sums.get(key);
      if (entry) entry.sum += p;
      else sums.set(key, { name, sum: p });
    }
  }
  const size = Math.max(1, tops.length);
  return [...sums.values()]
    .map((e) => ({ name: e.name, score: e.sum / size }))
    .sort((x, y) => y.score - x.score || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}
