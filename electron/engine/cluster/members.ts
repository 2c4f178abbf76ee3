// From a placement's labels to the groups a person sees (pure): each group's members ordered by how typical they
// are (cosine to the group's prototype, so the first thumbnails show what the group is), odd members flagged with
// a reason (flags.ts) and put last with the other suggestions, and what each group shows (meaning.ts) for its name.
import type { TopClasses } from '../library/library';
import type { ConceptTable } from './concepts';
import type { FeatureRows } from './feature-rows';
import { oddMembers } from './flags';
import { meaningOf, type Meaning } from './meaning';
import { prototypes } from './placement';

export interface DescribeInput {
  /** Group of each point (a distinct photo content) after placement, -1 = Unsorted. */
  labels: Int32Array;
  /** Placement's suggestion share of each point (0 = placed by the clustering itself). */
  placedShare: Float32Array;
  /** The point of each photo row. */
  pointOf: Int32Array;
  paths: readonly string[];
  /** Top classes of each photo row. */
  tops: readonly TopClasses[];
  rows: FeatureRows;
  /** n×k neighbour points of each point (-1 = none) and their similarities. */
  neighbours: Int32Array;
  similarity: Float32Array;
  k: number;
  concepts: ConceptTable;
}

export interface DescribedGroup {
  /** Photo rows, most typical first, suggested members last. */
  rows: number[];
  /** Suggested members (photo rows) with the share of neighbours agreeing and, when odd, why. */
  suggested: Array<{ row: number; confidence: number; reason?: string }>;
  meaning: Meaning;
}

/** The non-empty groups of a placement, largest first (then by first path), and the Unsorted photo rows. */
export function describeGroups(inp: DescribeInput): { groups: DescribedGroup[]; unsorted: number[] } {
  const { labels, pointOf, paths, rows } = inp;
  const groupCount = labels.reduce((a, l) => Math.max(a, l + 1), 0);
  const members: number[][] = Array.from({ length: groupCount }, () => []);
  const unsorted: number[] = [];
  for (let r = 0; r < pointOf.length; r++) {
    const g = labels[pointOf[r]];
    if (g >= 0) members[g].push(r);
    else unsorted.push(r);
  }

  // Typicality: each point's cosine to its group's prototype (the members' mean direction).
  const dim = rows.dim;
  const proto = prototypes(labels, rows, groupCount);
  const protoMean = new Float64Array(groupCount);
  for (let g = 0; g < groupCount; g++) {
    let s = 0;
    for (let t = 0; t < dim; t++) s += proto[g * dim + t] * rows.mean[t];
    protoMean[g] = s;
  }
  const typical = new Float64Array(labels.length);
  for (let c = 0; c < labels.length; c++) if (labels[c] >= 0) typical[c] = rows.dot(c, proto, labels[c] * dim, protoMean[labels[c]]);

  const groups: DescribedGroup[] = [];
  for (const list of members) {
    if (list.length === 0) continue;
    const meaning = meaningOf(list.map((r) => inp.tops[r]), inp.concepts);
    const odd = oddMembers(list.map((r) => ({ top: inp.tops[r], similarity: typical[pointOf[r]] })), meaning, inp.concepts);
    const suggested: DescribedGroup['suggested'] = [];
    const isSuggested = new Set<number>();
    list.forEach((r, i) => {
      const c = pointOf[r];
      const placed = inp.placedShare[c];
      if (placed <= 0 && odd[i] === null) return;
      const entry: DescribedGroup['suggested'][number] = { row: r, confidence: round3(placed > 0 ? placed : agreement(inp, c)) };
      if (odd[i] !== null) entry.reason = odd[i]!;
      suggested.push(entry);
      isSuggested.add(r);
    });
    const order = [...list].sort(
      (a, b) => Number(isSuggested.has(a)) - Number(isSuggested.has(b)) || typical[pointOf[b]] - typical[pointOf[a]] || (paths[a] < paths[b] ? -1 : paths[a] > paths[b] ? 1 : 0),
    );
    const rank = new Map(order.map((r, i) => [r, i]));
    suggested.sort((a, b) => rank.get(a.row)! - rank.get(b.row)!);
    groups.push({ rows: order, suggested, meaning });
  }
  // Biggest groups first: what a person looks at first.
  const firstPath = (g: DescribedGroup) => g.rows.reduce((m, r) => (paths[r] < m ? paths[r] : m), paths[g.rows[0]]);
  groups.sort((a, b) => b.rows.length - a.rows.length || (firstPath(a) < firstPath(b) ? -1 : firstPath(a) > firstPath(b) ? 1 : 0));
  return { groups, unsorted: unsorted.sort((a, b) => (paths[a] < paths[b] ? -1 : paths[a] > paths[b] ? 1 : 0)) };
}

/** Similarity-weighted share of a point's neighbours in its own group. */
function agreement(inp: DescribeInput, c: number): number {
  let agree = 0;
  let total = 0;
  for (let j = 0; j < inp.k; j++) {
    const nb = inp.neighbours[c * inp.k + j];
    if (nb < 0 || nb === c) continue;
    const w = Math.max(0, inp.similarity[c * inp.k + j]);
    total += w;
    if (inp.labels[nb] === inp.labels[c]) agree += w;
  }
  return total > 0 ? agree / total : 0;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
