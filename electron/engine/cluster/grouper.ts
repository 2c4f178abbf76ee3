// Grouping a folder's photos by what they show: cosine geometry on the penultimate features, a neighbour-graph
// embedding to a few dimensions, HDBSCAN* with the granularity knob's parameters, then every photo settled on its
// group's prototype in the full feature space (placement.ts), groups the classifier reads alike joined
// (merge-by-meaning.ts), names from ImageNet classes and ids that survive re-grouping.
// The expensive geometry is computed once per set of photos (prepare); moving the knob only re-runs the
// clustering on the cached embedding (group).
import type { TopClasses } from '../library/library';
import { hdbscan, hdbscanFromTree, mutualReachabilityTreeAsync, type SingleLinkage } from './hdbscan';
import { DEFAULT_GRANULARITY, paramsFor, type GroupingParams } from './granularity';
import { assignGroupIds } from './identity';
import { nameGroups } from './names';
import { FeatureRows } from './feature-rows';
import { placeByPrototypes } from './placement';
import { mergeByMeaning } from './merge-by-meaning';
import { normalizeFeatures, reduce, type NeighbourGraph } from './reduce';

/** What the index knows of the photos to group, row i of `matrix` belonging to paths[i]. */
export interface PhotoVectors {
  paths: string[];
  hashes: string[];
  dim: number;
  matrix: Float32Array;
  tops: TopClasses[];
}

export interface PhotoGroup {
  id: string;
  name: string;
  /** Every member, suggested ones included, in path order. */
  files: string[];
  /** Members placed by their neighbours rather than by the clustering, with the share of neighbours agreeing. */
  suggested: Array<{ path: string; confidence: number }>;
}

export interface Grouping {
  granularity: number;
  params: GroupingParams;
  groups: PhotoGroup[];
  unsorted: string[];
}

/** A previous grouping, to keep group ids (and so the user's edits) stable: members as content hashes. */
export interface PreviousGroup {
  id: string;
  members: string[];
}

/**
 * A group holding more than this share of the photos tells a person nothing; HDBSCAN's excess of mass picks such
 * a blob on collections with no strong density gaps (CIFAR-10 at 32 px: one group of 4,978 of 5,000, AMI 0.002),
 * so it must pick among that blob's children instead (AMI 0.323 there; two-subject sets at ~50% each unaffected).
 */
const MAX_GROUP_SHARE = 0.8;

/**
 * Share of the mean feature direction taken out before normalizing. ReLU features all share one direction, which
 * compresses cosines (CIFAR-10 at 32 px, HDBSCAN alone: AMI 0.26 uncentred, 0.30 centred); full centring, though,
 * turns photos lying near that direction into noise (ants-bees: 0.66 → 0.60). After placement, shares from 0.25
 * to 0.5 score alike over seeds (ants-bees 0.71–0.72, Imagenette 0.87, CIFAR-10 0.32); 0.7 and 1 lose on all three.
 */
const CENTRE_SHARE = 0.5;

export class Grouper {
  private constructor(
    private readonly photos: PhotoVectors,
    /** Index of each photo's content among the unique contents (exact duplicates share one point). */
    private readonly contentOf: Int32Array,
    private readonly contentHashes: string[],
    /** The first photo row of each content. */
    private readonly firstRow: number[],
    private readonly embedding: Float32Array,
    private readonly embeddingDim: number,
    private readonly graph: NeighbourGraph,
    /** The same geometry in the full feature space, one point per content, for the placement's prototypes. */
    private readonly rows: FeatureRows,
    /** HDBSCAN's mutual-reachability tree for one minSamples (the default knob's), built in prepare. */
    private readonly linkage: { minSamples: number; tree: SingleLinkage } | null,
  ) {
    this.similarity = new Float32Array(graph.distances.length);
    for (let i = 0; i < this.similarity.length; i++) this.similarity[i] = Math.max(0, 1 - graph.distances[i]);
  }

  /** Neighbour similarities (1 − cosine distance, at least 0): the placement's vote weights, fixed per geometry. */
  private readonly similarity: Float32Array;

  /** The geometry of a set of photos: normalized features, reduced, with its neighbour graph. */
  static async prepare(photos: PhotoVectors, opts: { seed?: number; signal?: AbortSignal; /** The knob position group() will likely be called with first. */ granularity?: number } = {}): Promise<Grouper> {
    // Exact duplicates would form dense knots of identical points; cluster each content once.
    const index = new Map<string, number>();
    const contentOf = new Int32Array(photos.paths.length);
    const firstRow: number[] = [];
    photos.hashes.forEach((h, i) => {
      let c = index.get(h);
      if (c === undefined) {
        c = firstRow.length;
        index.set(h, c);
        firstRow.push(i);
      }
      contentOf[i] = c;
    });
    const m = firstRow.length;
    const unique = new Float32Array(m * photos.dim);
    firstRow.forEach((row, c) => unique.set(photos.matrix.subarray(row * photos.dim, (row + 1) * photos.dim), c * photos.dim));
    const normalized = normalizeFeatures(unique, m, photos.dim, { centre: CENTRE_SHARE });
    const nComponents = 10;
    const { embedding, graph } = await reduce(normalized, m, photos.dim, { nComponents, nNeighbors: 15, minDist: 0, seed: opts.seed ?? 42, signal: opts.signal });
    const rows = new FeatureRows(photos.matrix, firstRow, photos.dim, CENTRE_SHARE);
    // HDBSCAN's expensive half (core distances, MST) for the knob position the caller expects (default 0.5), here where worker threads can share it
    // (group() is synchronous and runs on one thread): at 50,000 photos it is most of a first group(). The tree
    // depends only on minSamples, so any knob position with the same minSamples reuses it; others compute their own.
    opts.signal?.throwIfAborted();
    const usual = paramsFor(m, opts.granularity ?? DEFAULT_GRANULARITY);
    const linkage = m < usual.minClusterSize * 2 ? null : {
      minSamples: usual.minSamples,
      tree: await mutualReachabilityTreeAsync(embedding, m, nComponents, { minClusterSize: usual.minClusterSize, minSamples: usual.minSamples }),
    };
    return new Grouper(photos, contentOf, firstRow.map((r) => photos.hashes[r]), firstRow, embedding, nComponents, graph, rows, linkage);
  }

  /**
   * Each photo's nearest neighbours as photo rows (n×k, -1 for none), from the graph over distinct contents:
   * candidate pairs for near-duplicate search without comparing all pairs.
   */
  neighbourRows(): { indices: Int32Array; k: number } {
    const k = this.graph.k;
    const n = this.photos.paths.length;
    const indices = new Int32Array(n * k).fill(-1);
    for (let i = 0; i < n; i++) {
      const c = this.contentOf[i];
      for (let j = 0; j < k; j++) {
        const nb = this.graph.indices[c * k + j];
        if (nb >= 0) indices[i * k + j] = this.firstRow[nb];
      }
    }
    return { indices, k };
  }

  get size(): number {
    return this.photos.paths.length;
  }

  /** Groups at a knob position; cheap enough to run on every move of the knob. */
  group(granularity: number, previous: PreviousGroup[] = []): Grouping {
    const m = this.contentHashes.length;
    const params = paramsFor(m, granularity);
    let labels: Int32Array;
    if (m < params.minClusterSize * 2) {
      labels = new Int32Array(m).fill(-1); // too few photos for density to mean anything
    } else {
      const opts = { minClusterSize: params.minClusterSize, minSamples: params.minSamples, selection: params.selection, maxClusterSize: MAX_GROUP_SHARE * m };
      labels = (this.linkage?.minSamples === params.minSamples ? hdbscanFromTree(this.linkage.tree, m, opts) : hdbscan(this.embedding, m, this.embeddingDim, opts)).labels;
    }
    let placed = placeByPrototypes(labels, this.rows, this.graph.indices, this.similarity, this.graph.k);
    // Parts of one subject that the network reads alike become one group, placed again around their joint
    // prototype (merge-by-meaning.ts; Imagenette's chain saws in 3 groups: AMI 0.868 → 0.891).
    const contentTops = this.firstRow.map((r) => this.photos.tops[r]);
    const joined = mergeByMeaning(placed.labels, contentTops);
    if (joined.some((to, g) => to !== g)) {
      // Dense labels again, so no prototype is left empty.
      const dense = new Map<number, number>();
      for (const to of joined) if (!dense.has(to)) dense.set(to, dense.size);
      const relabelled = labels.map((l) => (l >= 0 ? dense.get(joined[l])! : -1));
      placed = placeByPrototypes(relabelled, this.rows, this.graph.indices, this.similarity, this.graph.k);
    }

    // Contents → photos.
    const clusterCount = placed.labels.reduce((a, l) => Math.max(a, l + 1), 0);
    const members: number[][] = Array.from({ length: clusterCount }, () => []);
    const unsorted: string[] = [];
    this.photos.paths.forEach((p, i) => {
      const g = placed.labels[this.contentOf[i]];
      if (g >= 0) members[g].push(i);
      else unsorted.push(p);
    });
    const nonEmpty = members.filter((rows) => rows.length > 0);
    // Biggest groups first: what a person looks at first.
    nonEmpty.sort((a, b) => b.length - a.length || this.photos.paths[a[0]].localeCompare(this.photos.paths[b[0]]));
    const names = nameGroups(nonEmpty.map((rows) => ({ tops: rows.map((i) => this.photos.tops[i]) })));
    const ids = assignGroupIds(previous, nonEmpty.map((rows) => [...new Set(rows.map((i) => this.photos.hashes[i]))]));
    const groups: PhotoGroup[] = nonEmpty.map((rows, g) => {
      const sorted = [...rows].sort((a, b) => (this.photos.paths[a] < this.photos.paths[b] ? -1 : 1));
      return {
        id: ids[g],
        name: names[g],
        files: sorted.map((i) => this.photos.paths[i]),
        suggested: sorted.filter((i) => placed.suggested[this.contentOf[i]] > 0).map((i) => ({ path: this.photos.paths[i], confidence: round3(placed.suggested[this.contentOf[i]]) })),
      };
    });
    return { granularity, params, groups, unsorted: unsorted.sort() };
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
