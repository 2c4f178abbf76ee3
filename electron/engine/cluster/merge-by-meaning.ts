// Joining groups that the network names alike. HDBSCAN on the embedding splits some subjects into parts that
// lie apart in feature space (Imagenette's chain saws: close-ups, saws in use, a bridge of 11 between them, in
// three unnamed groups), yet the classifier reads every part the same way. Each group's meaning is its mean top-5
// class probabilities; groups whose meanings point the same way are one subject. Split parts of one subject score
// 0.98–0.99 (cosine of those vectors); different subjects stay under 0.1 on Imagenette and under 0.86 on CIFAR-10
// at 32 px, where every class is blurry (cat vs dog 0.85), so a high bar merges only what the network cannot tell
// apart. Photos without top classes (tests, foreign features) carry no meaning and never cause a merge. Pure.
import type { TopClasses } from '../library/library';

/**
 * Least cosine between two groups' mean class probabilities for them to merge. Split subjects 0.98–0.99; the
 * closest distinct subjects seen 0.85 (CIFAR-10 cat and dog groups).
 */
export const MERGE_MIN_MEANING = 0.95;

/**
 * Merge map of groups: `labels` (-1 = none) of points whose top classes are `tops[i]`; returns for every group
 * label the label of the group it joins (itself when none), merging the most alike pair first.
 */
export function mergeByMeaning(labels: Int32Array, tops: ArrayLike<TopClasses>, minMeaning = MERGE_MIN_MEANING): Int32Array {
  const groups = labels.reduce((a, l) => Math.max(a, l + 1), 0);
  const map = Int32Array.from({ length: groups }, (_, g) => g);
  if (groups < 2) return map;
  // Summed probabilities per group, sparse: a group's photos share few classes.
  const sums: Array<Map<number, number>> = Array.from({ length: groups }, () => new Map());
  for (let i = 0; i < labels.length; i++) {
    const g = labels[i];
    if (g >= 0) for (const [c, p] of tops[i]) sums[g].set(c, (sums[g].get(c) ?? 0) + p);
  }
  // Dot products between the sums, from each class's list of groups. Merging b into a adds b's row to a's, and
  // dot products are linear, so the matrix updates without going back to the classes.
  const byClass = new Map<number, Array<[number, number]>>();
  sums.forEach((m, g) => m.forEach((v, c) => {
    const list = byClass.get(c);
    if (list) list.push([g, v]);
    else byClass.set(c, [[g, v]]);
  }));
  const dot = new Float64Array(groups * groups);
  for (const list of byClass.values()) {
    for (const [a, x] of list) for (const [b, y] of list) dot[a * groups + b] += x * y;
  }
  const alive = new Uint8Array(groups).fill(1);
  const cosine = (a: number, b: number): number => {
    const aa = dot[a * groups + a];
    const bb = dot[b * groups + b];
    return aa > 0 && bb > 0 ? dot[a * groups + b] / Math.sqrt(aa * bb) : 0;
  };
  // Rescanning every pair per merge costs merges × groups² (CIFAR-10 grown to 50,000 photos: ~1,200 groups, seconds
  // per run). Instead each group keeps its best partner among the later groups (rowBest/rowVal); a merge changes
  // only the cosines involving the joined group, so only rows that pointed at the joined pair are rescanned.
  // The pair chosen is the one the full scan would choose: the highest cosine, ties to the lowest (a, b).
  const rowBest = new Int32Array(groups).fill(-1);
  const rowVal = new Float64Array(groups).fill(-Infinity);
  const rescan = (a: number): void => {
    let best = -Infinity;
    let at = -1;
    for (let b = a + 1; b < groups; b++) {
      if (!alive[b]) continue;
      const s = cosine(a, b);
      if (s > best) (best = s), (at = b);
    }
    rowVal[a] = best;
    rowBest[a] = at;
  };
  for (let a = 0; a < groups; a++) rescan(a);
  for (;;) {
    let best = -Infinity;
    let bestA = -1;
    for (let a = 0; a < groups; a++) {
      if (alive[a] && rowBest[a] >= 0 && rowVal[a] > best) (best = rowVal[a]), (bestA = a);
    }
    if (bestA < 0 || best < minMeaning) break;
    const bestB = rowBest[bestA];
    alive[bestB] = 0;
    const aa = dot[bestA * groups + bestA] + 2 * dot[bestA * groups + bestB] + dot[bestB * groups + bestB];
    for (let g = 0; g < groups; g++) {
      const v = dot[bestA * groups + g] + dot[bestB * groups + g];
      dot[bestA * groups + g] = v;
      dot[g * groups + bestA] = v;
    }
    dot[bestA * groups + bestA] = aa;
    for (let g = 0; g < groups; g++) if (map[g] === bestB) map[g] = bestA;
    rescan(bestA);
    for (let a = 0; a < bestB; a++) {
      if (!alive[a] || a === bestA) continue;
      if (rowBest[a] === bestB || (a < bestA && rowBest[a] === bestA)) rescan(a);
      else if (a < bestA) {
        // Only the cosine to the joined group moved; it takes the row over when higher, or equal at a lower index.
        const s = cosine(a, bestA);
        if (s > rowVal[a] || (s === rowVal[a] && bestA < rowBest[a])) (rowVal[a] = s), (rowBest[a] = bestA);
      }
    }
  }
  return map;
}
