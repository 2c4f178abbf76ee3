// Flat clustering from a condensed tree: stability, excess-of-mass or leaf selection (or clusters chosen elsewhere,
// as the product's granularity knob does), cluster_selection_epsilon,
// max cluster size, then labels, membership probabilities, GLOSH outlier scores and persistence. O(rows), so the
// product's granularity knob can re-run it freely on a cached tree. Rules follow the hdbscan library unless a
// comment says otherwise.
import type { CondensedTree, Selected, SelectionOptions } from './types';

interface ClusterInfo {
  count: number;
  /** Parent cluster (local index 0..count-1, root 0 has -1). */
  parentOf: Int32Array;
  birth: Float64Array;
  size: Int32Array;
  stability: Float64Array;
  hasChildren: Uint8Array;
  /** Largest lambda among a cluster's own rows (the library's "death"). */
  ownMaxLambda: Float64Array;
  /** Largest lambda of any point row in the cluster's subtree (for GLOSH). */
  subtreeMaxLambda: Float64Array;
}

function clusterInfo(tree: CondensedTree, n: number): ClusterInfo {
  const count = tree.clusterCount;
  const parentOf = new Int32Array(count).fill(-1);
  const birth = new Float64Array(count);
  const size = new Int32Array(count);
  const stability = new Float64Array(count);
  const hasChildren = new Uint8Array(count);
  const ownMaxLambda = new Float64Array(count);
  const subtreeMaxLambda = new Float64Array(count);
  if (count > 0) size[0] = n;
  const { parent, child, lambda, childSize } = tree;
  const rows = parent.length;
  for (let r = 0; r < rows; r++) {
    if (child[r] < n) continue;
    const c = child[r] - n;
    parentOf[c] = parent[r] - n;
    birth[c] = lambda[r];
    size[c] = childSize[r];
    hasChildren[parent[r] - n] = 1;
  }
  for (let r = 0; r < rows; r++) {
    const p = parent[r] - n;
    const l = lambda[r];
    stability[p] += (l - birth[p]) * childSize[r];
    if (l > ownMaxLambda[p]) ownMaxLambda[p] = l;
    if (child[r] < n && l > subtreeMaxLambda[p]) subtreeMaxLambda[p] = l;
  }
  // Children have higher ids than their parents: one backward pass spreads subtree maxima upwards.
  for (let c = count - 1; c > 0; c--) {
    const p = parentOf[c];
    if (subtreeMaxLambda[c] > subtreeMaxLambda[p]) subtreeMaxLambda[p] = subtreeMaxLambda[c];
  }
  return { count, parentOf, birth, size, stability, hasChildren, ownMaxLambda, subtreeMaxLambda };
}

/** Which clusters (local indices) form the flat clustering. */
function chooseClusters(info: ClusterInfo, tree: CondensedTree, opts: SelectionOptions): Uint8Array {
  const { count, parentOf, size, stability, hasChildren } = info;
  const selection = opts.selection ?? 'eom';
  const epsilon = opts.clusterSelectionEpsilon ?? 0;
  const allowSingle = opts.allowSingleCluster ?? false;
  const maxSize = opts.maxClusterSize && opts.maxClusterSize > 0 ? opts.maxClusterSize : Infinity;
  const selected = new Uint8Array(count);
  if (count === 0) return selected;
  // Our rule, not the library's: the root is a cluster only if it is as large as any other cluster must be.
  const rootAllowed = allowSingle && info.size[0] >= tree.minClusterSize;

  if (selection === 'leaf') {
    let leaves = 0;
    for (let c = 1; c < count; c++) if (!hasChildren[c]) (selected[c] = 1), leaves++;
    if (leaves === 0) {
      if (rootAllowed) selected[0] = 1;
      return selected;
    }
  } else {
    // Excess of mass, bottom-up (children have higher ids): keep a cluster unless its children together are
    // strictly more stable, or it is too large.
    const best = new Float64Array(count);
    const childSum = new Float64Array(count);
    const last = rootAllowed ? 0 : 1;
    for (let c = count - 1; c >= last; c--) {
      const own = stability[c];
      if (hasChildren[c] && (childSum[c] > own || size[c] > maxSize)) {
        best[c] = childSum[c];
      } else if (!hasChildren[c] && size[c] > maxSize) {
        best[c] = 0; // a leaf too large to keep: its points become noise, as in the library
      } else {
        selected[c] = 1;
        best[c] = own;
      }
      if (c > 0) childSum[parentOf[c]] += best[c];
    }
    // A kept cluster makes all its descendants unselected.
    keepOutermost(selected, parentOf);
    if (epsilon > 0 && selected[0] && onlyRoot(selected)) return selected;
  }
  if (epsilon > 0) return epsilonSearch(info, selected, epsilon, rootAllowed);
  return selected;
}

function onlyRoot(selected: Uint8Array): boolean {
  for (let c = 1; c < selected.length; c++) if (selected[c]) return false;
  return true;
}

/** Unselects every cluster below a selected one. Parents have lower ids, so one forward pass suffices. */
function keepOutermost(selected: Uint8Array, parentOf: Int32Array): void {
  const covered = new Uint8Array(selected.length);
  for (let c = 1; c < selected.length; c++) {
    const p = parentOf[c];
    covered[c] = covered[p] | selected[p];
    if (covered[c]) selected[c] = 0;
  }
}

/**
 * cluster_selection_epsilon: a selected cluster born below distance epsilon is replaced by its nearest ancestor
 * born above it (its split is finer than epsilon, so it is merged back), stopping below the root unless a single
 * cluster is allowed. Nested results are then reduced to the outermost.
 */
function epsilonSearch(info: ClusterInfo, selected: Uint8Array, epsilon: number, rootOk: boolean): Uint8Array {
  const { count, parentOf, birth } = info;
  const out = new Uint8Array(count);
  const eps = (c: number) => 1 / birth[c];
  for (let c = 0; c < count; c++) {
    if (!selected[c]) continue;
    if (c === 0 || eps(c) >= epsilon) {
      out[c] = 1;
      continue;
    }
    let x = c;
    for (;;) {
      const p = parentOf[x];
      if (p === 0) {
        x = rootOk ? 0 : x;
        break;
      }
      if (eps(p) > epsilon) {
        x = p;
        break;
      }
      x = p;
    }
    out[x] = 1;
  }
  keepOutermost(out, parentOf);
  return out;
}

function givenClusters(clusters: ArrayLike<number>, tree: CondensedTree, n: number): Uint8Array {
  const selected = new Uint8Array(tree.clusterCount);
  for (let i = 0; i < clusters.length; i++) {
    const c = clusters[i] - n;
    if (!(Number.isInteger(c) && c >= 0 && c < tree.clusterCount)) throw new RangeError(`${clusters[i]} is not a cluster of the tree`);
    selected[c] = 1;
  }
  return selected;
}

/** Per cluster (index 0 the root): its parent (-1 for the root), size and excess-of-mass stability. */
export function clusterTree(tree: CondensedTree, n: number): { parentOf: Int32Array; size: Int32Array; stability: Float64Array } {
  const info = clusterInfo(tree, n);
  return { parentOf: info.parentOf, size: info.size, stability: info.stability };
}

/** Re-selects clusters from a condensed tree: labels, probabilities, outlier scores and persistence. */
export function selectClusters(tree: CondensedTree, n: number, opts: SelectionOptions = {}): Selected {
  const info = clusterInfo(tree, n);
  const selected = opts.clusters ? givenClusters(opts.clusters, tree, n) : chooseClusters(info, tree, opts);
  const { count, parentOf, ownMaxLambda, subtreeMaxLambda } = info;

  // The selected cluster above each cluster (or itself), -1 if none.
  const owner = new Int32Array(count).fill(-1);
  for (let c = 0; c < count; c++) owner[c] = selected[c] ? c : c > 0 ? owner[parentOf[c]] : -1;

  const labels = new Int32Array(n).fill(-1);
  const probabilities = new Float32Array(n);
  const outlierScores = new Float32Array(n);
  const pointLambda = new Float64Array(n);
  const pointCluster = new Int32Array(n).fill(-1);
  const { parent, child, lambda } = tree;
  for (let r = 0; r < parent.length; r++) {
    if (child[r] >= n) continue;
    pointLambda[child[r]] = lambda[r];
    pointCluster[child[r]] = parent[r] - n;
  }
  const rootCutoff = (opts.clusterSelectionEpsilon ?? 0) > 0 ? 1 / opts.clusterSelectionEpsilon! : ownMaxLambda[0];
  let maxLambda = 0;
  for (let r = 0; r < lambda.length; r++) if (lambda[r] > maxLambda) maxLambda = lambda[r];

  // Clusters are numbered in order of their lowest point index: stable whatever order the tree was built in.
  const labelOf = new Int32Array(count).fill(-1);
  let k = 0;
  const clusterNodes: number[] = [];
  for (let p = 0; p < n; p++) {
    const c = pointCluster[p];
    if (c < 0) continue;
    const lp = pointLambda[p];
    // GLOSH: how early the point left, relative to the deepest lambda in the cluster it left. Lambda is infinite
    // only where >= minSamples points coincide; a finite point in such a cluster scores 1 (the limit; the
    // library gets NaN), and gets probability 0 below (as the library does).
    const lmax = subtreeMaxLambda[c];
    outlierScores[p] = lmax === 0 || !Number.isFinite(lp) ? 0 : lmax === Infinity ? 1 : (lmax - lp) / lmax;
    const o = owner[c];
    if (o < 0) continue;
    // The root as the single cluster keeps only the points that stay to its deepest level (library rule).
    if (o === 0 && !(lp >= rootCutoff)) continue;
    if (labelOf[o] < 0) {
      labelOf[o] = k++;
      clusterNodes.push(o);
    }
    labels[p] = labelOf[o];
    const d = ownMaxLambda[o];
    probabilities[p] = d === 0 || !Number.isFinite(lp) ? 1 : Math.min(lp, d) / d;
  }

  const sizes = new Int32Array(k);
  for (let p = 0; p < n; p++) if (labels[p] >= 0) sizes[labels[p]]++;
  const persistence = new Float32Array(k);
  const stability = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const c = clusterNodes[j];
    stability[j] = info.stability[c];
    persistence[j] = !Number.isFinite(maxLambda) || maxLambda === 0 ? 1 : Math.min(1, info.stability[c] / (sizes[j] * maxLambda));
  }
  return {
    labels,
    probabilities,
    outlierScores,
    clusterCount: k,
    persistence,
    stability,
    clusterNodes: Int32Array.from(clusterNodes, (c) => c + n),
  };
}
