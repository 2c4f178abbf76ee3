// The data that flows between the HDBSCAN* stages: options, the single-linkage tree (the cached, expensive part),
// the condensed tree (cheap to rebuild for another minClusterSize) and the flat result. Plain typed arrays only,
// so that every piece can be cached, transferred to a worker or stored as is.

export type Selection = 'eom' | 'leaf';

export interface SelectionOptions {
  /** 'eom' (excess of mass, default) or 'leaf' (the finest clusters of the condensed tree). */
  selection?: Selection;
  /** Clusters that split below this distance are merged back into their ancestor (default 0: off). */
  clusterSelectionEpsilon?: number;
  /** Allow the root (all points) to be the one selected cluster (default false). */
  allowSingleCluster?: boolean;
  /** EOM never keeps a cluster larger than this; it takes its children instead (default Infinity). */
  maxClusterSize?: number;
  /**
   * Use exactly these clusters (condensed-tree node ids, none below another) instead of choosing: a flat clustering
   * made elsewhere from the tree (the knob's). Overrides every choice above.
   */
  clusters?: ArrayLike<number>;
}

export interface HdbscanOptions extends SelectionOptions {
  /** Smallest group of points that counts as a cluster (>= 2 makes sense; 1 is accepted). */
  minClusterSize: number;
  /** Neighbourhood size for core distances, the point itself included (default minClusterSize). */
  minSamples?: number;
  /** MST strategy: 'auto' picks Borůvka over a kd-tree for low dimension and large n, else Prim. */
  algorithm?: 'auto' | 'prim' | 'boruvka';
}

/**
 * The minimum spanning tree of the mutual-reachability graph, edges sorted by weight (ties by the lower then the
 * higher point index). Everything after it (condensation, selection, scores) is O(n log n) or better, so callers
 * keep this to try other minClusterSize values without touching the points again.
 */
export interface SingleLinkage {
  n: number;
  /** Edge endpoints (point indices), n - 1 of each. */
  a: Int32Array;
  b: Int32Array;
  /** Mutual-reachability distance of each edge, ascending. */
  weight: Float64Array;
  /** Core distance of every point (kept for callers; the edges already include it). */
  coreDistances: Float64Array;
}

/**
 * Condensed cluster tree, in the reference library's layout: points are 0..n-1, clusters are n, n+1, ... with the
 * root n. Each row says that `child` (a point, or a cluster of `childSize` points) leaves `parent` at `lambda`
 * (1 / distance). Rows are grouped by parent, parents in creation order (a parent is always created before its
 * children), so one forward pass sees every cluster before its descendants.
 */
export interface CondensedTree {
  parent: Int32Array;
  child: Int32Array;
  lambda: Float64Array;
  childSize: Int32Array;
  /** Number of clusters (root included): cluster ids are n .. n + clusterCount - 1. */
  clusterCount: number;
  /** minClusterSize the tree was condensed with. */
  minClusterSize: number;
}

export interface Selected {
  /** -1 = noise, clusters 0..clusterCount-1 numbered by their lowest point index. */
  labels: Int32Array;
  /** Membership strength in 0..1 (0 for noise), as the hdbscan library computes it. */
  probabilities: Float32Array;
  /** GLOSH outlier score in 0..1 for every point. */
  outlierScores: Float32Array;
  clusterCount: number;
  /** Per cluster: stability / (size × largest lambda of the tree), 0..1, the library's cluster_persistence_. */
  persistence: Float32Array;
  /** Per cluster: its raw excess-of-mass stability. */
  stability: Float64Array;
  /** Per cluster: the condensed-tree node id it came from. */
  clusterNodes: Int32Array;
}

export interface HdbscanResult extends Selected {
  tree: CondensedTree;
  singleLinkage: SingleLinkage;
}
