// Splitting a cluster whose parts the network reads as different things (pure): the mirror of merge-by-meaning.
// Excess of mass keeps a cluster over its children when the children are less stable than it, which happens when a
// folder holds several small subjects side by side: on the messy folder it keeps one cluster of 91 photos of
// clothes, cardboard and bottles, whose two children mean nothing alike (cosine of their mean class probabilities
// 0.01). Parts of one subject mean the same (0.98–0.99, merge-by-meaning.ts), so a split whose parts score under
// SPLIT_MAX_MEANING is taken, and its parts are looked at in turn.
import type { TopClasses } from '../library/library';
import { clusterTree, type CondensedTree } from './hdbscan';

/**
 * Most cosine between the mean class probabilities of two children for their parent to be split. Different subjects
 * of the messy folder score 0.00–0.13 (bees and ants 0.13, clothes and boxes 0.01); CIFAR-10's blurry classes up to
 * 0.86 (cat and dog), so only clearly different things part.
 */
export const SPLIT_MAX_MEANING = 0.3;

/**
 * The clusters (condensed-tree node ids, none below another) with every one whose children mean different things
 * replaced by its children, repeatedly. `tops[p]`: top classes of point p; points without any carry no meaning and
 * never cause a split.
 */
export function splitByMeaning(tree: CondensedTree, n: number, clusters: readonly number[], tops: ArrayLike<TopClasses>, maxMeaning = SPLIT_MAX_MEANING): number[] {
  const { parentOf } = clusterTree(tree, n);
  const count = parentOf.length;
  const children: number[][] = Array.from({ length: count }, () => []);
  for (let c = 1; c < count; c++) children[parentOf[c]].push(c);
  const ownPoints: number[][] = Array.from({ length: count }, () => []);
  for (let r = 0; r < tree.parent.length; r++) if (tree.child[r] < n) ownPoints[tree.parent[r] - n].push(tree.child[r]);

  // Summed class probabilities of every point under a cluster, made when first needed.
  const sums = new Map<number, Map<number, number>>();
  const sumOf = (c: number): Map<number, number> => {
    let s = sums.get(c);
    if (s) return s;
    s = new Map();
    for (const p of ownPoints[c]) for (const [k, v] of tops[p] ?? []) s.set(k, (s.get(k) ?? 0) + v);
    for (const x of children[c]) for (const [k, v] of sumOf(x)) s.set(k, (s.get(k) ?? 0) + v);
    sums.set(c, s);
    return s;
  };
  const differ = (c: number): boolean => {
    const kids = children[c];
    for (let i = 0; i < kids.length; i++) {
      for (let j = i + 1; j < kids.length; j++) {
        const cos = cosine(sumOf(kids[i]), sumOf(kids[j]));
        if (cos !== null && cos < maxMeaning) return true;
      }
    }
    return false;
  };

  const out: number[] = [];
  const queue = clusters.map((id) => id - n);
  while (queue.length) {
    const c = queue.pop()!;
    if (children[c].length >= 2 && differ(c)) queue.push(...children[c]);
    else out.push(c + n);
  }
  return out.sort((a, b) => a - b);
}

/** Cosine of two sparse vectors; null when either is empty (no meaning to compare). */
function cosine(a: Map<number, number>, b: Map<number, number>): number | null {
  let aa = 0;
  let bb = 0;
  let ab = 0;
  for (const [k, x] of a) {
    aa += x * x;
    const y = b.get(k);
    if (y !== undefined) ab += x * y;
  }
  for (const y of b.values()) bb += y * y;
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : null;
}
