// Clustering quality scores for the evaluation: adjusted mutual information, adjusted Rand index and coverage.
// They follow scikit-learn's definitions (AMI with arithmetic-mean normalization, the default there), so our
// figures sit beside ../shared/reference/quality.md. Labels are arbitrary numbers; the noise label (-1 by
// default, HDBSCAN's "unsorted") is an ordinary label here: the reference counts all unsorted photos as one
// extra class, and so do we.

interface Table {
  n: number;
  /** Size of each truth class and each predicted group. */
  a: number[];
  b: number[];
  /** Non-zero cells of the contingency table as [truth class, predicted group, count]. */
  cells: Array<[number, number, number]>;
}

function contingency(truth: ArrayLike<number>, pred: ArrayLike<number>): Table {
  if (truth.length !== pred.length) throw new RangeError(`labelings differ in length: ${truth.length} vs ${pred.length}`);
  const ids = (labels: ArrayLike<number>) => {
    const map = new Map<number, number>();
    const out = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      let id = map.get(labels[i]);
      if (id === undefined) map.set(labels[i], (id = map.size));
      out[i] = id;
    }
    return { out, count: map.size };
  };
  const t = ids(truth);
  const p = ids(pred);
  const a = new Array<number>(t.count).fill(0);
  const b = new Array<number>(p.count).fill(0);
  // A map keyed by cell keeps memory at the non-zero cells (many groups × many classes stays small).
  const cellMap = new Map<number, number>();
  for (let i = 0; i < truth.length; i++) {
    a[t.out[i]]++;
    b[p.out[i]]++;
    const key = t.out[i] * p.count + p.out[i];
    cellMap.set(key, (cellMap.get(key) ?? 0) + 1);
  }
  const cells: Array<[number, number, number]> = [];
  for (const [key, count] of cellMap) cells.push([Math.floor(key / p.count), key % p.count, count]);
  return { n: truth.length, a, b, cells };
}

function entropy(sizes: number[], n: number): number {
  let h = 0;
  for (const s of sizes) if (s > 0) h -= (s / n) * Math.log(s / n);
  return h;
}

/** log(k!) for k = 0..n, summed once: the expected mutual information needs many of them. */
function logFactorials(n: number): Float64Array {
  const lf = new Float64Array(n + 1);
  for (let k = 2; k <= n; k++) lf[k] = lf[k - 1] + Math.log(k);
  return lf;
}

/**
 * Expected mutual information of two random labelings with the same class sizes (hypergeometric model,
 * Vinh, Epps and Bailey 2010), summed exactly over every possible cell count.
 */
function expectedMutualInfo(a: number[], b: number[], n: number): number {
  const lf = logFactorials(n);
  const logN = Math.log(n);
  let emi = 0;
  for (const ai of a) {
    for (const bj of b) {
      const lo = Math.max(1, ai + bj - n);
      const hi = Math.min(ai, bj);
      // The part of the hypergeometric probability that does not depend on the cell count.
      const fixed = lf[ai] + lf[bj] + lf[n - ai] + lf[n - bj] - lf[n];
      const logAB = Math.log(ai) + Math.log(bj);
      for (let nij = lo; nij <= hi; nij++) {
        const logP = fixed - lf[nij] - lf[ai - nij] - lf[bj - nij] - lf[n - ai - bj + nij];
        emi += (nij / n) * (logN + Math.log(nij) - logAB) * Math.exp(logP);
      }
    }
  }
  return emi;
}

/**
 * Adjusted mutual information, (MI − E[MI]) / (mean(H(truth), H(pred)) − E[MI]): 1 for identical partitions
 * (whatever the label values), about 0 for independent ones, negative when worse than chance.
 */
export function adjustedMutualInfo(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  const { n, a, b, cells } = contingency(truth, pred);
  // scikit-learn's convention: two labelings that each put everything in one class (or are empty) agree fully.
  if (a.length === b.length && a.length <= 1) return 1;
  let mi = 0;
  for (const [i, j, nij] of cells) mi += (nij / n) * Math.log((n * nij) / (a[i] * b[j]));
  const emi = expectedMutualInfo(a, b, n);
  const normalizer = (entropy(a, n) + entropy(b, n)) / 2;
  let denominator = normalizer - emi;
  // As scikit-learn does: keep the sign, avoid dividing by a vanishing number.
  const eps = Number.EPSILON;
  denominator = denominator < 0 ? Math.min(denominator, -eps) : Math.max(denominator, eps);
  return (mi - emi) / denominator;
}

const pairs = (k: number) => (k * (k - 1)) / 2;

/** Adjusted Rand index (Hubert and Arabie 1985): agreement on pairs of points, corrected for chance. */
export function adjustedRandIndex(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  const { n, a, b, cells } = contingency(truth, pred);
  let index = 0;
  for (const [, , nij] of cells) index += pairs(nij);
  let sumA = 0;
  for (const ai of a) sumA += pairs(ai);
  let sumB = 0;
  for (const bj of b) sumB += pairs(bj);
  const total = pairs(n);
  if (total === 0) return 1; // fewer than two points: no pair to disagree on
  const expected = (sumA * sumB) / total;
  const max = (sumA + sumB) / 2;
  // max equals expected only when both put every pair together or both keep every pair apart: full agreement.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

/** Share of points placed in a group (label ≠ noiseLabel); 0 for no points, since nothing was placed. */
export function coverage(pred: ArrayLike<number>, noiseLabel = -1): number {
  if (pred.length === 0) return 0;
  let placed = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] !== noiseLabel) placed++;
  return placed / pred.length;
}
