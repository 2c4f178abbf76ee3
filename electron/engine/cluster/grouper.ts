// Grouping a folder's photos by what they show: cosine geometry on the penultimate features, a neighbour-graph
// embedding to a few dimensions, HDBSCAN*'s condensed tree, the flat grouping the granularity knob picks from it
// (knob.ts), then every photo settled on its group's prototype in the full feature space (placement.ts), groups
// the classifier reads alike joined (merge-by-meaning.ts), members ordered by how typical they are with odd ones
// flagged (members.ts), names from the WordNet concepts above their classes (names.ts), and ids that survive
// re-grouping. The expensive geometry and HDBSCAN's tree are computed once per set of photos (prepare); moving the
// knob only re-selects from the cached tree (group).
import type { TopClasses } from '../library/library';
import { condense, mutualReachabilityTree, mutualReachabilityTreeAsync, selectClusters, type SingleLinkage } from './hdbscan';
import { checkGranularity, DEFAULT_GRANULARITY, fineParams, targetGroups, treeParams, type GroupingParams } from './granularity';
import { assignGroupIds } from './identity';
import { loadConcepts } from './concepts';
import { CoarseCuts, FineCuts, type LocalTree } from './knob';
import { meaningOf } from './meaning';
import { describeGroups } from './members';
import { nameMeanings } from './names';
import { FeatureRows } from './feature-rows';
import { placeByPrototypes, type Placement } from './placement';
import { mergeByMeaning } from './merge-by-meaning';
import { splitByMeaning } from './split-by-meaning';
import { reduce, type NeighbourGraph } from './reduce';
import { timed, timedAsync, type StepTimes } from './step-times';

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
  /** Every member, most typical first (closest to the group's prototype), suggested ones last. */
  files: string[];
  /**
   * Members only suggested for the group, in the order of `files`: placed by their neighbours rather than by the
   * clustering, or odd (their own evidence disagrees with the group's: `reason` says how), with the share of
   * neighbours agreeing.
   */
  suggested: Array<{ path: string; confidence: number; reason?: string }>;
}

/** Names for groups of photos (paths of the grouped folder), none equal to `taken` (ignoring case) or each other. */
export type GroupNamer = (groups: ReadonlyArray<readonly string[]>, taken: Iterable<string>) => string[];

export interface Grouping {
  granularity: number;
  params: GroupingParams;
  groups: PhotoGroup[];
  unsorted: string[];
  /** Names any set of the folder's photos from what they show, as the groups here are named. */
  nameGroups: GroupNamer;
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
    /** The neighbour-graph embedding (contents × embeddingDim), for the default groups' own trees and placement. */
    private readonly embedding: Float32Array,
    private readonly embeddingDim: number,
    private readonly graph: NeighbourGraph,
    /** The same geometry in the full feature space, one point per content, for the placement's prototypes. */
    private readonly rows: FeatureRows,
    /** HDBSCAN's mutual-reachability tree (null when there are too few photos for density to mean anything). */
    private readonly linkage: SingleLinkage | null,
    /** Where each step's time is recorded (the benchmark's), if anywhere. */
    private readonly times: StepTimes | undefined,
  ) {
    this.contentTops = firstRow.map((r) => photos.tops[r]);
    this.similarity = new Float32Array(graph.distances.length);
    for (let i = 0; i < this.similarity.length; i++) this.similarity[i] = Math.max(0, 1 - graph.distances[i]);
  }

  /** Neighbour similarities (1 − cosine distance, at least 0): the placement's vote weights, fixed per geometry. */
  private readonly similarity: Float32Array;
  /** Top classes of each content. */
  private readonly contentTops: TopClasses[];

  /** The geometry of a set of photos: normalized features, reduced, with its neighbour graph. */
  static async prepare(photos: PhotoVectors, opts: { seed?: number; signal?: AbortSignal; times?: StepTimes } = {}): Promise<Grouper> {
    const times = opts.times;
    // Exact duplicates would form dense knots of identical points; cluster each content once.
    const start = times?.now();
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
    if (times) times.add('contents', start!);
    const seed = opts.seed ?? 42;
    const nComponents = 10;
    const { embedding, graph } = await reduce(photos.matrix, m, photos.dim, { centre: CENTRE_SHARE, rows: firstRow, nComponents, minDist: 0, seed, signal: opts.signal, times });
    const rows = timed(times, 'feature rows', () => new FeatureRows(photos.matrix, firstRow, photos.dim, CENTRE_SHARE));
    // HDBSCAN's expensive half (core distances, MST), here where worker threads can share it (group() is
    // synchronous and runs on one thread): at 50,000 photos it is most of a first group(). Every knob position
    // selects from this one tree.
    opts.signal?.throwIfAborted();
    const params = treeParams(m);
    const linkage =
      m < params.minClusterSize * 2 ? null : await timedAsync(times, 'hdbscan: total', () => mutualReachabilityTreeAsync(embedding, m, nComponents, params, { times }));
    return new Grouper(photos, contentOf, firstRow.map((r) => photos.hashes[r]), firstRow, embedding, nComponents, graph, rows, linkage, times);
  }

  /**
   * Each photo's nearest neighbours as photo rows (n×k, -1 for none), from the graph over distinct contents:
   * candidate pairs for near-duplicate search without comparing all pairs. Only a content's first photo lists them:
   * its copies would list the same pairs again, which the search compares once per content anyway.
   */
  neighbourRows(): { indices: Int32Array; k: number } {
    const k = this.graph.k;
    const n = this.photos.paths.length;
    const indices = new Int32Array(n * k).fill(-1);
    for (let i = 0; i < n; i++) {
      const c = this.contentOf[i];
      if (this.firstRow[c] !== i) continue;
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

  /** The knob's cuts: below the default up HDBSCAN's tree, made on the first group(); above it, when first asked. */
  private coarse: CoarseCuts | null = null;
  private fine: FineCuts | null = null;
  /** The default grouping's placement, which the finer cuts divide. */
  private usualPlacement: Placement | null = null;

  /** Groups at a knob position; cheap enough to run on every move of the knob. */
  group(granularity: number, previous: PreviousGroup[] = []): Grouping {
    checkGranularity(granularity);
    const m = this.contentHashes.length;
    const { minClusterSize, minSamples } = treeParams(m);
    let placed: Placement;
    let params: GroupingParams;
    if (this.linkage === null) {
      // Too few photos for density to mean anything: placement leaves them all in Unsorted.
      placed = this.settle(new Int32Array(m).fill(-1), true);
      params = { minClusterSize, minSamples, cut: 0, targetGroups: 0 };
    } else if (granularity <= DEFAULT_GRANULARITY) {
      const coarse = timed(this.times, 'knob: condense, select, split by meaning', () => this.coarseCuts(this.linkage!));
      const last = coarse.length - 1;
      // At the default position the cut is the default's: no count to aim at (nor to work out, at 100,000 photos).
      let i = last;
      let target = 0;
      if (granularity < DEFAULT_GRANULARITY) {
        i = timed(this.times, 'knob: counts of cuts', () => {
          const usual = coarse.groupsAt(last);
          target = targetGroups(granularity, { fewest: coarse.groupsAt(0), usual, most: usual });
          return coarse.nearest(target);
        });
      }
      const labels = (j: number) => timed(this.times, 'knob: labels of a cut', () => coarse.labels(j));
      placed = i === last ? (this.usualPlacement ??= this.settle(labels(last), true)) : this.settle(labels(i), true);
      params = { minClusterSize, minSamples, cut: i - last, targetGroups: round1(target) };
    } else {
      const fine = timed(this.times, 'knob: fine trees', () => this.fineCuts(this.linkage!));
      const usual = fine.groupsAt(0);
      const target = targetGroups(granularity, { fewest: usual, usual, most: fine.groupsAt(fine.length - 1) });
      const i = fine.nearest(target);
      // Joining by meaning would undo the very splits asked for: only placement here.
      placed = this.settle(timed(this.times, 'knob: labels of a cut', () => fine.labels(i)), false);
      params = { minClusterSize, minSamples, cut: i, targetGroups: round1(target) };
    }

    const concepts = loadConcepts();
    const described = timed(this.times, 'members: order, flags, meaning', () => describeGroups({
      labels: placed.labels,
      placedShare: placed.suggested,
      pointOf: this.contentOf,
      paths: this.photos.paths,
      tops: this.photos.tops,
      rows: this.rows,
      neighbours: this.graph.indices,
      similarity: this.similarity,
      k: this.graph.k,
      concepts,
    }));
    const names = timed(this.times, 'names', () => nameMeanings(described.groups.map((g) => g.meaning), concepts));
    const ids = timed(this.times, 'ids', () => assignGroupIds(previous, described.groups.map((g) => [...new Set(g.rows.map((r) => this.photos.hashes[r]))])));
    const paths = this.photos.paths;
    const groups: PhotoGroup[] = described.groups.map((g, i) => ({
      id: ids[i],
      name: names[i],
      files: g.rows.map((r) => paths[r]),
      suggested: g.suggested.map((s) => ({ path: paths[s.row], confidence: s.confidence, ...(s.reason !== undefined ? { reason: s.reason } : {}) })),
    }));
    return { granularity, params, groups, unsorted: described.unsorted.map((r) => paths[r]), nameGroups: this.namer };
  }

  /**
   * Every photo placed on its group's prototype (placement.ts); with `merge`, parts of one subject that the network
   * reads alike become one group, placed again around their joint prototype (merge-by-meaning.ts; Imagenette's chain
   * saws in 3 groups: AMI 0.868 → 0.891).
   */
  private settle(labels: Int32Array, merge: boolean): Placement {
    const embedded = { points: this.embedding, dim: this.embeddingDim };
    const place = (l: Int32Array) => timed(this.times, 'placement', () => placeByPrototypes(l, this.rows, this.graph.indices, this.similarity, this.graph.k, { embedded }));
    const placed = place(labels);
    if (!merge) return placed;
    const joined = timed(this.times, 'merge by meaning', () => mergeByMeaning(placed.labels, this.contentTops));
    if (joined.every((to, g) => to === g)) return placed;
    // Dense labels again, so no prototype is left empty.
    const dense = new Map<number, number>();
    for (const to of joined) if (!dense.has(to)) dense.set(to, dense.size);
    const relabelled = labels.map((l) => (l >= 0 ? dense.get(joined[l])! : -1));
    return place(relabelled);
  }

  /** The cuts below the default: excess of mass on HDBSCAN's tree, clusters whose parts mean different things split. */
  private coarseCuts(linkage: SingleLinkage): CoarseCuts {
    if (!this.coarse) {
      const m = this.contentHashes.length;
      const { minClusterSize } = treeParams(m);
      const maxClusterSize = MAX_GROUP_SHARE * m;
      const tree = condense(linkage, m, minClusterSize);
      const eom = Array.from(selectClusters(tree, m, { selection: 'eom', maxClusterSize }).clusterNodes);
      const usual = splitByMeaning(tree, m, eom, this.contentTops);
      // A cut ends up as its clusters less the ones joined by meaning (placement rarely empties a group).
      this.coarse = new CoarseCuts(tree, usual, m, maxClusterSize, (l) => new Set(mergeByMeaning(l, this.contentTops)).size);
    }
    return this.coarse;
  }

  /** The cuts above the default: each default group divided along its own HDBSCAN tree. */
  private fineCuts(linkage: SingleLinkage): FineCuts {
    if (!this.fine) {
      const coarse = this.coarseCuts(linkage);
      this.usualPlacement ??= this.settle(coarse.labels(coarse.length - 1), true);
      const base = this.usualPlacement.labels;
      const m = this.contentHashes.length;
      const { minClusterSize, minSamples } = fineParams(treeParams(m));
      const groups = base.reduce((a, l) => Math.max(a, l + 1), 0);
      const members: number[][] = Array.from({ length: groups }, () => []);
      for (let c = 0; c < m; c++) if (base[c] >= 0) members[base[c]].push(c);
      const dim = this.embeddingDim;
      const locals = members.map((list): LocalTree | null => {
        if (list.length < 2 * minClusterSize) return null;
        const sub = new Float32Array(list.length * dim);
        list.forEach((c, j) => sub.set(this.embedding.subarray(c * dim, (c + 1) * dim), j * dim));
        const single = mutualReachabilityTree(sub, list.length, dim, { minClusterSize, minSamples });
        return { points: Int32Array.from(list), tree: condense(single, list.length, minClusterSize) };
      });
      this.fine = new FineCuts(base, locals);
    }
    return this.fine;
  }

  /** Names groups of this folder's photos (by path) from their members' classes; unknown paths add nothing. */
  private readonly namer: GroupNamer = (groups, taken) => {
    this.rowOf ??= new Map(this.photos.paths.map((p, i) => [p, i]));
    const rowOf = this.rowOf;
    const concepts = loadConcepts();
    const meanings = groups.map((files) => meaningOf(files.flatMap((p) => (rowOf.has(p) ? [this.photos.tops[rowOf.get(p)!]] : [])), concepts));
    return nameMeanings(meanings, concepts, taken);
  };

  private rowOf: Map<string, number> | null = null;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
