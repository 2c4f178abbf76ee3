// Condensation of the single-linkage tree with a minimum cluster size (Campello et al. 2013, HDBSCAN*).
// Going down the hierarchy (lambda = 1 / distance rising), a cluster that breaks into two or more parts of at
// least minClusterSize points ends and those parts become its child clusters; parts smaller than that are points
// falling out of the cluster at that lambda; a single large part keeps the cluster's identity.
//
// Equal merge distances are treated as ONE simultaneous split into all the parts, exactly as the definition
// reads. (The hdbscan library splits a binary dendrogram two parts at a time, so with ties its result depends on
// which equal edge the MST happened to hold; here it does not: any MST gives the same condensed tree.)
import { UnionFind } from './union-find';
import type { CondensedTree, SingleLinkage } from './types';

/** minClusterSize below 2 is raised to 2: a one-point "cluster" never ends, so it has no meaning here. */
export function condense(singleLinkage: SingleLinkage, n: number, minClusterSize: number): CondensedTree {
  const mcs = Math.max(2, Math.floor(minClusterSize));
  if (n === 0) return emptyTree(mcs, 0);
  if (n === 1) {
    // A lone point: part of the root from the start, never split off: recorded at lambda 0.
    return { parent: Int32Array.of(1), child: Int32Array.of(0), lambda: Float64Array.of(0), childSize: Int32Array.of(1), clusterCount: 1, minClusterSize: mcs };
  }
  const h = buildMultiwayTree(singleLinkage, n);
  return condenseTree(h, n, mcs);
}

function emptyTree(mcs: number, clusterCount: number): CondensedTree {
  return { parent: new Int32Array(0), child: new Int32Array(0), lambda: new Float64Array(0), childSize: new Int32Array(0), clusterCount, minClusterSize: mcs };
}

/** The single-linkage hierarchy with every group of equal-distance merges collapsed into one node. */
interface MultiwayTree {
  root: number;
  /** Merge distance of internal nodes (ids n and up); leaves 0..n-1 are the points. */
  height: Float64Array;
  size: Int32Array;
  firstChild: Int32Array;
  lastChild: Int32Array;
  nextSibling: Int32Array;
}

function buildMultiwayTree(sl: SingleLinkage, n: number): MultiwayTree {
  const m = sl.weight.length;
  if (m !== n - 1) throw new Error(`single linkage has ${m} edges for ${n} points`);
  const total = n + m;
  const height = new Float64Array(total);
  const size = new Int32Array(total);
  const firstChild = new Int32Array(total).fill(-1);
  const lastChild = new Int32Array(total).fill(-1);
  const nextSibling = new Int32Array(total).fill(-1);
  const top = new Int32Array(n);
  for (let i = 0; i < n; i++) (top[i] = i), (size[i] = 1);
  const uf = new UnionFind(n);
  let next = n;
  const append = (parent: number, child: number) => {
    if (lastChild[parent] < 0) firstChild[parent] = child;
    else nextSibling[lastChild[parent]] = child;
    lastChild[parent] = child;
    size[parent] += size[child];
  };
  for (let e = 0; e < m; e++) {
    const w = sl.weight[e];
    if (e > 0 && w < sl.weight[e - 1]) throw new Error('single-linkage edges are not sorted by weight');
    const ra = uf.find(sl.a[e]);
    const rb = uf.find(sl.b[e]);
    if (ra === rb) throw new Error('single-linkage edges contain a cycle');
    const na = top[ra];
    const nb = top[rb];
    const sameA = na >= n && height[na] === w;
    const sameB = nb >= n && height[nb] === w;
    let node: number;
    if (sameA && sameB) {
      // Both sides were made at this very distance: one node takes the other's children.
      nextSibling[lastChild[na]] = firstChild[nb];
      lastChild[na] = lastChild[nb];
      size[na] += size[nb];
      node = na;
    } else if (sameA) {
      append(na, nb);
      node = na;
    } else if (sameB) {
      append(nb, na);
      node = nb;
    } else {
      node = next++;
      height[node] = w;
      append(node, na);
      append(node, nb);
    }
    top[uf.union(ra, rb)] = node;
  }
  return { root: top[uf.find(0)], height, size, firstChild, lastChild, nextSibling };
}

function condenseTree(h: MultiwayTree, n: number, mcs: number): CondensedTree {
  const { height, size, firstChild, nextSibling } = h;
  // At most n point rows plus one row per non-root cluster (fewer than n of those).
  const cap = 2 * n;
  const parent = new Int32Array(cap);
  const child = new Int32Array(cap);
  const lambda = new Float64Array(cap);
  const childSize = new Int32Array(cap);
  let rows = 0;
  const emit = (p: number, c: number, l: number, s: number) => {
    parent[rows] = p;
    child[rows] = c;
    lambda[rows] = l;
    childSize[rows] = s;
    rows++;
  };
  const pointStack: number[] = [];
  const emitPoints = (node: number, cluster: number, l: number) => {
    pointStack.push(node);
    while (pointStack.length) {
      const x = pointStack.pop()!;
      if (x < n) {
        emit(cluster, x, l, 1);
        continue;
      }
      for (let c = firstChild[x]; c >= 0; c = nextSibling[c]) pointStack.push(c);
    }
  };

  let nextCluster = n + 1;
  const stack: number[] = [h.root, n];
  while (stack.length) {
    const cluster = stack.pop()!;
    const node = stack.pop()!;
    // Internal by construction: a cluster continues only into parts of >= mcs >= 2 points.
    const l = height[node] > 0 ? 1 / height[node] : Infinity;
    let big = 0;
    for (let c = firstChild[node]; c >= 0; c = nextSibling[c]) if (size[c] >= mcs) big++;
    for (let c = firstChild[node]; c >= 0; c = nextSibling[c]) {
      if (size[c] < mcs) emitPoints(c, cluster, l);
      else if (big === 1) stack.push(c, cluster);
      else {
        const id = nextCluster++;
        emit(cluster, id, l, size[c]);
        stack.push(c, id);
      }
    }
  }
  return {
    parent: parent.slice(0, rows),
    child: child.slice(0, rows),
    lambda: lambda.slice(0, rows),
    childSize: childSize.slice(0, rows),
    clusterCount: nextCluster - n,
    minClusterSize: mcs,
  };
}
