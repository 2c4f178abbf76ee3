// Every photo somewhere sensible: a photo HDBSCAN left out joins the group most of its nearest neighbours belong
// to when the evidence is strong (it is then a "suggested" member, with a confidence the app shows); otherwise it
// stays in Unsorted. Pure: works on a neighbour graph and the clustering's labels.

export interface Placement {
  /** Group of every photo after placement, -1 = Unsorted. */
  labels: Int32Array;
  /** For placed photos: confidence in (0, 1]; 0 for original members and for Unsorted. */
  suggested: Float32Array;
}

export interface PlacementOptions {
  /** Share of neighbour weight that must agree on one group (default 0.4: on CIFAR-10, 0.5 left 30% unsorted). */
  minShare?: number;
  /** Rounds of placement: photos placed in one round vote in the next (default 3; more rounds gained < 1%). */
  rounds?: number;
}

/**
 * `neighbours`: n×k indices of each photo's nearest neighbours (itself excluded or not: it is skipped);
 * `similarity`: n×k similarities in [0, 1] (e.g. 1 - cosine distance) used as vote weights.
 */
export function placeUnassigned(labels: Int32Array, neighbours: Int32Array, similarity: Float32Array, k: number, opts: PlacementOptions = {}): Placement {
  const n = labels.length;
  const minShare = opts.minShare ?? 0.4;
  const out = Int32Array.from(labels);
  const suggested = new Float32Array(n);
  for (let round = 0; round < (opts.rounds ?? 3); round++) {
    const current = Int32Array.from(out); // votes read the previous round only: order does not matter
    let placed = 0;
    for (let i = 0; i < n; i++) {
      if (current[i] >= 0) continue;
      const votes = new Map<number, number>();
      let total = 0;
      for (let j = 0; j < k; j++) {
        const nb = neighbours[i * k + j];
        if (nb === i || nb < 0) continue;
        const w = Math.max(0, similarity[i * k + j]);
        total += w;
        const g = current[nb];
        if (g >= 0) votes.set(g, (votes.get(g) ?? 0) + w);
      }
      let best = -1;
      let bestWeight = 0;
      for (const [g, w] of votes) if (w > bestWeight || (w === bestWeight && g < best)) [best, bestWeight] = [g, w];
      const share = total > 0 ? bestWeight / total : 0;
      if (best >= 0 && share >= minShare) {
        out[i] = best;
        suggested[i] = share;
        placed++;
      }
    }
    if (placed === 0) break;
  }
  return { labels: out, suggested };
}
