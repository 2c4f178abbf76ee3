// The one knob a person sees ("fewer, larger groups" ↔ "more, smaller groups"), mapped onto HDBSCAN's
// parameters for a collection of n photos. Pure.
//
// Why these numbers: a minimum cluster size that is too large swallows small subjects (ten photos of each of
// 37 breeds), one too small shatters large ones. It grows slowly with the collection (fourth root), from 5 at a
// few hundred photos to ~25 at 100,000 (the reference pipeline's 25 suits its 1,000–5,000-photo sets at the
// "fewer groups" side). minSamples equals it, as in the reference library: tried at half, Imagenette lost 0.03 AMI.

export interface GroupingParams {
  minClusterSize: number;
  minSamples: number;
  selection: 'eom' | 'leaf';
}

export const DEFAULT_GRANULARITY = 0.5;

/** `granularity` in [0, 1]: 0 = fewest, largest groups; 1 = most, smallest groups. */
export function paramsFor(n: number, granularity = DEFAULT_GRANULARITY): GroupingParams {
  if (!(granularity >= 0 && granularity <= 1)) throw new RangeError(`granularity must be between 0 and 1, got ${granularity}`);
  const base = 8 * Math.pow(Math.max(n, 1) / 1000, 0.25);
  // One knob step (0.1) changes the size by ~1.3×; the ends are 8× apart.
  const size = base * Math.pow(2, (0.5 - granularity) * 3);
  const minClusterSize = Math.max(3, Math.min(Math.round(size), Math.max(3, Math.floor(n / 2))));
  const minSamples = minClusterSize; // the HDBSCAN default: density smoothed over as many photos as a group needs
  // At the fine end, leaf selection splits groups into their densest parts instead of keeping the parent.
  return { minClusterSize, minSamples, selection: granularity >= 0.85 ? 'leaf' : 'eom' };
}
