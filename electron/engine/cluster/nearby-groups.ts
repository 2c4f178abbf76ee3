// Candidate groups for photos with no group among their own neighbours (pure). Where the embedding leaves much
// noise, many photos sit among unsorted neighbours only (a quarter of them in CIFAR-10 grown to 50,000); comparing
// each with every group's prototype cost photos × groups × 1280, which grows with the square of the collection
// (100 s of a 100,000-photo grouping). Instead each looks further along the same neighbour graph: its neighbours'
// neighbours' groups, and so on, the groups at the fewest hops. A photo from which no path leads to a group (a knot
// of near-copies that only see each other) takes the groups of the grouped photos nearest it in the embedding.
import { boxSqDist, buildKdTree, type KdTree } from './hdbscan/kd-tree';
import { reverseLists } from './reduce/refine';

/** At most this many candidate groups per photo (the first reached): a handful is typical. */
const MAX_CANDIDATES = 32;

export interface Embedded {
  /** n × dim coordinates of the same points. */
  points: Float32Array;
  dim: number;
}

/**
 * For each of `asked` (points), its candidate groups: those of the grouped points (clusters ≥ 0) reached in the
 * fewest hops along `neighbours` (n×k, -1 = none), else, with `embedded`, those of the k grouped points nearest in
 * it, else none. The same for any thread count or order of calls: hops are taken level by level.
 */
export function nearbyGroups(clusters: Int32Array, neighbours: Int32Array, k: number, asked: Int32Array, embedded?: Embedded): number[][] {
  const n = clusters.length;
  // Who lists each point as a neighbour (reverse lists, CSR): a point's hop count is one more than its nearest
  // neighbour's, so each level is found from the one before through these.
  const { revStart, rev } = reverseLists(neighbours, n, k, (len) => new Int32Array(len));

  const hop = new Int32Array(n).fill(-1);
  const found: Array<number[] | undefined> = new Array(n);
  let frontier: number[] = [];
  for (let i = 0; i < n; i++) {
    if (clusters[i] >= 0) {
      hop[i] = 0;
      found[i] = [clusters[i]];
      frontier.push(i);
    }
  }
  for (let h = 1; frontier.length > 0; h++) {
    const next: number[] = [];
    for (const f of frontier) {
      for (let e = revStart[f]; e < revStart[f + 1]; e++) {
        const p = rev[e];
        if (hop[p] === -1) {
          hop[p] = h;
          found[p] = [];
          next.push(p);
        }
        if (hop[p] !== h) continue;
        const mine = found[p]!;
        for (const g of found[f]!) if (mine.length < MAX_CANDIDATES && !mine.includes(g)) mine.push(g);
      }
    }
    frontier = next;
  }

  const out = Array.from(asked, (p) => found[p] ?? []);
  const unreached: number[] = [];
  asked.forEach((p, j) => hop[p] < 0 && unreached.push(j));
  if (unreached.length > 0 && embedded) {
    const near = nearestGrouped(clusters, embedded, Int32Array.from(unreached, (j) => asked[j]), k);
    unreached.forEach((j, u) => (out[j] = near[u]));
  }
  return out;
}

/** For each point of `asked`, the distinct groups of the `r` grouped points nearest it in the embedding. */
function nearestGrouped(clusters: Int32Array, embedded: Embedded, asked: Int32Array, r: number): number[][] {
  const { points, dim } = embedded;
  const grouped: number[] = [];
  for (let i = 0; i < clusters.length; i++) if (clusters[i] >= 0) grouped.push(i);
  if (grouped.length === 0) return Array.from(asked, () => []);
  const coords = new Float64Array(grouped.length * dim);
  grouped.forEach((p, j) => {
    for (let d = 0; d < dim; d++) coords[j * dim + d] = points[p * dim + d];
  });
  const tree = buildKdTree(coords, grouped.length, dim);
  const q = new Float64Array(dim);
  const search = new NearestSearch(tree, Math.min(r, grouped.length));
  return Array.from(asked, (p) => {
    for (let d = 0; d < dim; d++) q[d] = points[p * dim + d];
    const groups: number[] = [];
    for (const pos of search.run(q)) {
      const g = clusters[grouped[tree.index[pos]]];
      if (!groups.includes(g)) groups.push(g);
    }
    return groups;
  });
}

/** The r nearest tree positions to a query point (ties to the lower position), nearest first. */
class NearestSearch {
  private readonly dist: Float64Array;
  private readonly pos: Int32Array;
  private readonly stackNode: Int32Array;
  private readonly stackLb: Float64Array;

  constructor(private readonly tree: KdTree, private readonly r: number) {
    this.dist = new Float64Array(r);
    this.pos = new Int32Array(r);
    this.stackNode = new Int32Array(64 + 2 * tree.nodeCount);
    this.stackLb = new Float64Array(this.stackNode.length);
  }

  run(q: Float64Array): Int32Array {
    const { tree, r, dist, pos, stackNode, stackLb } = this;
    const { data, dim, start, end, left, right } = tree;
    let size = 0;
    // Sorted insertion into the r best: r is small (the neighbour count).
    const offer = (d: number, p: number) => {
      if (size === r && !(d < dist[r - 1] || (d === dist[r - 1] && p < pos[r - 1]))) return;
      let i = size < r ? size++ : r - 1;
      while (i > 0 && (dist[i - 1] > d || (dist[i - 1] === d && pos[i - 1] > p))) {
        dist[i] = dist[i - 1];
        pos[i] = pos[i - 1];
        i--;
      }
      dist[i] = d;
      pos[i] = p;
    };
    let top = 0;
    stackNode[top] = 0;
    stackLb[top++] = 0;
    while (top > 0) {
      top--;
      if (size === r && stackLb[top] > dist[r - 1]) continue;
      const node = stackNode[top];
      const l = left[node];
      if (l < 0) {
        for (let p = start[node]; p < end[node]; p++) {
          let s = 0;
          for (let d = 0; d < dim; d++) {
            const t = data[p * dim + d] - q[d];
            s += t * t;
          }
          offer(s, p);
        }
        continue;
      }
      const rt = right[node];
      const dl = boxSqDist(tree, l, q, 0);
      const dr = boxSqDist(tree, rt, q, 0);
      // The nearer child on top, searched first.
      if (dl <= dr) {
        (stackNode[top] = rt), (stackLb[top++] = dr);
        (stackNode[top] = l), (stackLb[top++] = dl);
      } else {
        (stackNode[top] = l), (stackLb[top++] = dl);
        (stackNode[top] = rt), (stackLb[top++] = dr);
      }
    }
    return pos.subarray(0, size);
  }
}
