// Exact and near duplicates among a folder's photos (pure). Exact: the same content hash. Near: different
// contents whose features are nearly the same AND whose 16×16 luminance signatures correlate like copies, so
// resized, re-encoded, cropped, recoloured or mirrored copies pair up while two photos of the same dog do not.
// Each photo appears in at most one set: byte-identical copies of a near duplicate are folded into its near
// set (a person sorting copies wants every copy of one picture together), and a set whose files all share one
// content is 'exact' (the safe case: deleting all but one loses nothing).
import { signatureSimilarity } from '../decode/signature';
import { signatureSpectrum, similarityBound, tailNorm } from './signature-spectrum';

export interface DuplicateItem {
  path: string;
  hash: string;
  /** 16×16 luminance (decode/signature.ts); null when indexed before signatures existed. */
  signature: Uint8Array | null;
}

export interface DuplicateOptions {
  /** Least feature cosine of a near-duplicate pair when both have signatures. */
  featureCosine?: number;
  /** Least signatureSimilarity of a near-duplicate pair. */
  signatureSimilarity?: number;
  /** Least feature cosine when a signature is unknown: features alone must then be as close as copies get. */
  unsignedFeatureCosine?: number;
  /** Nearest neighbours per item (row i: k indices into `items`, -1 for none) to take candidate pairs from. */
  neighbours?: { indices: Int32Array; k: number };
  /** Most distinct contents compared all-pairs when no neighbours are given. */
  bruteForceLimit?: number;
}

export interface DuplicateSet {
  kind: 'exact' | 'near';
  files: string[];
}

/**
 * Within a set of near copies, which files are the very same bytes as an earlier file of the set (byte-identical
 * copies are folded into a near set): file → that earlier file. `hashOf` gives a file's content hash, if known.
 */
export function sameBytesAs(files: readonly string[], hashOf: (file: string) => string | undefined): Map<string, string> {
  const firstWith = new Map<string, string>();
  const same = new Map<string, string>();
  for (const f of files) {
    const h = hashOf(f);
    if (h === undefined) continue;
    const first = firstWith.get(h);
    if (first === undefined) firstWith.set(h, f);
    else same.set(f, first);
  }
  return same;
}

// Thresholds measured with mobilenetv2-int8 on the shared sets (test/cluster-duplicates.test.ts checks the messy
// folder's margins). The messy folder's 9 re-encoded, resized, cropped, recoloured or mirrored copies reach
// cosine ≥ 0.883 and signature ≥ 0.951. Among pairs that are not copies (messy, ants-bees, imagenette-val-1k,
// cifar10-test-5k, 12.6M pairs): cosine alone reaches 0.923 (two photos of one car model) and signature alone
// 0.943 (two skies with a horizon), but never both: where cosine ≥ 0.85 signatures stay ≤ 0.85 (deer in grass), and
// where signature ≥ 0.92 cosines stay ≤ 0.82 (a red truck from two angles). CIFAR's own near duplicates
// (documented in its test set) that pass both are real copies; those with cosine 0.76–0.83 at 32 px are missed.
export const NEAR_FEATURE_COSINE = 0.85;
export const NEAR_SIGNATURE_SIMILARITY = 0.92;
/** Above every non-copy pair seen (0.923); keeps 5 of the messy folder's 9 copies, the least altered. */
export const UNSIGNED_FEATURE_COSINE = 0.95;
export const BRUTE_FORCE_LIMIT = 5000;

/** Rows compared together in the all-pairs feature pass: 64 rows of 1280 floats stay in cache. */
const BLOCK = 64;
/** Spectrum coefficients used for the two bound checks before the exact signature comparison. */
const BOUND_STEPS = [12, 48];
/** Room for float32 rounding in the spectrum bound, so it never rejects a pair the exact check would take. */
const BOUND_SLACK = 1e-4;

interface Content {
  row: number;
  paths: string[];
  signature: Uint8Array | null;
}

/**
 * Exact and near duplicate sets, files sorted, exact sets first, each ordered by its first file. `features`: one
 * row per item, any scale, compared by plain cosine (not centred: the thresholds were measured that way); rows are
 * scaled as they are read rather than normalized into a copy (512 MB at 100,000 photos).
 */
export function findDuplicates(items: DuplicateItem[], features: Float32Array, dim: number, opts: DuplicateOptions = {}): DuplicateSet[] {
  if (features.length < items.length * dim) {
    throw new RangeError(`features hold ${Math.floor(features.length / Math.max(dim, 1))} rows for ${items.length} items`);
  }
  const featureCosine = opts.featureCosine ?? NEAR_FEATURE_COSINE;
  const sigThreshold = opts.signatureSimilarity ?? NEAR_SIGNATURE_SIMILARITY;
  const unsignedCosine = opts.unsignedFeatureCosine ?? UNSIGNED_FEATURE_COSINE;

  // One entry per content: copies with one hash have the same features, so they are compared once.
  const contents: Content[] = [];
  const contentOf = new Int32Array(items.length);
  const byHash = new Map<string, number>();
  items.forEach((item, i) => {
    let c = byHash.get(item.hash);
    if (c === undefined) {
      byHash.set(item.hash, (c = contents.length));
      contents.push({ row: i, paths: [], signature: null });
    }
    contents[c].paths.push(item.path);
    contents[c].signature ??= item.signature;
    contentOf[i] = c;
  });

  // 1 / the length of each content's row (0 for a zero row, which then matches nothing).
  const inv = new Float64Array(contents.length);
  contents.forEach((c, i) => {
    const o = c.row * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += features[o + d] * features[o + d];
    inv[i] = s > 0 ? 1 / Math.sqrt(s) : 0;
  });
  const dot = (a: number, b: number) => {
    const ra = contents[a].row * dim;
    const rb = contents[b].row * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += features[ra + d] * features[rb + d];
    return s * inv[a] * inv[b];
  };
  // The signature first: 256 bytes a photo against 1280 floats, so a neighbour graph's many look-alike pairs
  // are turned away without reading their features (memory, not arithmetic, bounds the feature dot product).
  const isCopy = (a: number, b: number, cosine?: number) => {
    const sa = contents[a].signature;
    const sb = contents[b].signature;
    if (sa && sb) return signatureSimilarity(sa, sb) >= sigThreshold && (cosine ?? dot(a, b)) >= featureCosine;
    return (cosine ?? dot(a, b)) >= unsignedCosine;
  };

  const uf = new UnionFind(contents.length);
  if (opts.neighbours) {
    // Each pair of contents once: the pairs listed under their lower content (CSR), then each list without repeats
    // (a pair comes from both ends' neighbour lists, and from every copy of a content). A set of pair keys did the
    // same at millions of pairs with far more memory and time.
    const { indices, k } = opts.neighbours;
    const m = contents.length;
    const start = new Int32Array(m + 1);
    const pairOf = (i: number, j: number): number => {
      const nb = indices[j];
      return nb < 0 || nb >= items.length || contentOf[i] === contentOf[nb] ? -1 : nb;
    };
    for (let i = 0; i < items.length; i++) {
      for (let j = i * k; j < (i + 1) * k; j++) {
        const nb = pairOf(i, j);
        if (nb >= 0) start[Math.min(contentOf[i], contentOf[nb]) + 1]++;
      }
    }
    for (let a = 0; a < m; a++) start[a + 1] += start[a];
    const other = new Int32Array(start[m]);
    const fill = start.slice(0, m);
    for (let i = 0; i < items.length; i++) {
      for (let j = i * k; j < (i + 1) * k; j++) {
        const nb = pairOf(i, j);
        if (nb < 0) continue;
        const a = contentOf[i];
        const b = contentOf[nb];
        if (a < b) other[fill[a]++] = b;
        else other[fill[b]++] = a;
      }
    }
    const seen = new Int32Array(m).fill(-1);
    for (let a = 0; a < m; a++) {
      for (let t = start[a]; t < start[a + 1]; t++) {
        const b = other[t];
        if (seen[b] === a) continue;
        seen[b] = a;
        if (isCopy(a, b)) uf.union(a, b);
      }
    }
  } else {
    const limit = opts.bruteForceLimit ?? BRUTE_FORCE_LIMIT;
    if (contents.length > limit) {
      throw new RangeError(`${contents.length} distinct photos: pass their nearest neighbours to find near duplicates beyond ${limit}`);
    }
    allPairs(contents, features, inv, dim, Math.min(featureCosine, unsignedCosine), sigThreshold, isCopy, uf);
  }

  const members = new Map<number, number[]>();
  for (let c = 0; c < contents.length; c++) {
    const root = uf.find(c);
    const set = members.get(root);
    if (set) set.push(c);
    else members.set(root, [c]);
  }
  const sets: DuplicateSet[] = [];
  for (const group of members.values()) {
    const files = group.flatMap((c) => contents[c].paths).sort(byCodeUnits);
    if (group.length > 1) sets.push({ kind: 'near', files });
    else if (files.length > 1) sets.push({ kind: 'exact', files });
  }
  return sets.sort((x, y) => (x.kind === y.kind ? byCodeUnits(x.files[0], y.files[0]) : x.kind === 'exact' ? -1 : 1));
}

/**
 * Every pair of contents, cheaply: pairs where both have a contrasted signature go through the spectrum bound
 * first (a copy needs a high signature correlation anyway) and only survivors get a feature dot product;
 * pairs involving a content without a usable signature take blocked feature dot products.
 */
function allPairs(
  contents: Content[],
  features: Float32Array,
  inv: Float64Array,
  dim: number,
  minCosine: number,
  sigThreshold: number,
  isCopy: (a: number, b: number, cosine?: number) => boolean,
  uf: UnionFind,
): void {
  const spectra = contents.map((c) => (c.signature ? signatureSpectrum(c.signature) : null));
  const signed: number[] = [];
  const other: number[] = [];
  spectra.forEach((s, c) => (s ? signed : other).push(c));

  const [early, late] = BOUND_STEPS;
  const tails = signed.map((c) => [tailNorm(spectra[c]!, early), tailNorm(spectra[c]!, late)]);
  for (let x = 0; x < signed.length; x++) {
    const a = spectra[signed[x]]!;
    for (let y = x + 1; y < signed.length; y++) {
      const b = spectra[signed[y]]!;
      if (similarityBound(a, b, early, tails[x][0], tails[y][0]) < sigThreshold - BOUND_SLACK) continue;
      if (similarityBound(a, b, late, tails[x][1], tails[y][1]) < sigThreshold - BOUND_SLACK) continue;
      if (isCopy(signed[x], signed[y])) uf.union(signed[x], signed[y]);
    }
  }

  if (other.length === 0) return;
  // Each content without a spectrum against every content (others among themselves once), in row blocks.
  const all = contents.map((_, c) => c);
  const isOther = new Uint8Array(contents.length);
  for (const c of other) isOther[c] = 1;
  for (let i0 = 0; i0 < other.length; i0 += BLOCK) {
    const rowsA = other.slice(i0, i0 + BLOCK);
    for (let j0 = 0; j0 < all.length; j0 += BLOCK) {
      const rowsB = all.slice(j0, j0 + BLOCK);
      for (const a of rowsA) {
        const ra = contents[a].row * dim;
        for (const b of rowsB) {
          if (a === b || (isOther[b] && b < a)) continue;
          const rb = contents[b].row * dim;
          let s = 0;
          for (let d = 0; d < dim; d++) s += features[ra + d] * features[rb + d];
          s *= inv[a] * inv[b];
          if (s >= minCosine && isCopy(a, b, s)) uf.union(a, b);
        }
      }
    }
  }
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]]; // path halving
      x = this.parent[x];
    }
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller index becomes the root: deterministic, and size does not matter at these set sizes.
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}
