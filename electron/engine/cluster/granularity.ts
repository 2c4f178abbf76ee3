// The one knob a person sees ("fewer, larger groups" ↔ "more, smaller groups"): HDBSCAN's parameters for a
// collection of n photos, and how many groups each knob position aims at. Pure.
//
// HDBSCAN runs once per collection with one minimum cluster size; its condensed tree holds the whole hierarchy, and
// the knob picks flat groupings of any granularity from it (knob.ts). Why this size: one too large swallows small
// subjects (ten photos of each of 37 breeds), one too small shatters large ones. It grows slowly with the
// collection (fourth root), from 5 at a few hundred photos to ~25 at 100,000. minSamples equals it, as in the
// reference library: tried at half, Imagenette lost 0.03 AMI.

export interface GroupingParams {
  minClusterSize: number;
  minSamples: number;
  /** The knob's cut of HDBSCAN's tree: 0 is excess of mass's own (the default), −k (+k) k steps coarser (finer). */
  cut: number;
  /** The number of groups the knob position aimed at (0 at the default position, which is the default cut itself). */
  targetGroups: number;
}

export const DEFAULT_GRANULARITY = 0.5;

/**
 * Each end of the knob is this many times fewer (more) groups than the default, at most: 8 over five steps of 0.1
 * is ×1.52 a step, under the ×1.75 a person still reads as one step.
 */
export const KNOB_SPAN = 8;

/** HDBSCAN's minimum cluster size and minSamples for n photos (the same at every knob position). */
export function treeParams(n: number): { minClusterSize: number; minSamples: number } {
  const size = 8 * Math.pow(Math.max(n, 1) / 1000, 0.25);
  const minClusterSize = Math.max(3, Math.min(Math.round(size), Math.max(3, Math.floor(n / 2))));
  return { minClusterSize, minSamples: minClusterSize };
}

/**
 * HDBSCAN's parameters for the default groups' own trees, which the knob divides them along (knob.ts): a third of
 * the collection's, so that structure below the default's density shows (the messy folder's tree at 5 has 10 leaves,
 * all taken by the default; at 3 its groups still divide, 20 leaves in all).
 */
export function fineParams(params: { minClusterSize: number; minSamples: number }): { minClusterSize: number; minSamples: number } {
  return { minClusterSize: Math.max(3, Math.round(params.minClusterSize / 3)), minSamples: Math.max(3, Math.round(params.minSamples / 3)) };
}

export function checkGranularity(granularity: number): void {
  if (!(granularity >= 0 && granularity <= 1)) throw new RangeError(`granularity must be between 0 and 1, got ${granularity}`);
}

/**
 * The number of groups knob position `granularity` aims at, given the default grouping's count (`usual`) and the
 * fewest and most the collection's tree can give: geometric from the fewest (at 0) through `usual` (at 0.5) to the
 * most (at 1), each end at most KNOB_SPAN times away from `usual`, so every step of the knob changes the count by
 * about the same factor.
 */
export function targetGroups(granularity: number, range: { fewest: number; usual: number; most: number }): number {
  checkGranularity(granularity);
  const usual = Math.max(1, range.usual);
  const lo = Math.min(usual, Math.max(range.fewest, 2, usual / KNOB_SPAN));
  const hi = Math.max(usual, Math.min(range.most, usual * KNOB_SPAN));
  const half = DEFAULT_GRANULARITY;
  return granularity <= half ? lo * Math.pow(usual / lo, granularity / half) : usual * Math.pow(hi / usual, (granularity - half) / (1 - half));
}
