// Points numbered so that neighbours sit near each other in memory, for the layout of large graphs (pure). The
// layout reads and writes each edge's two ends and the spectral start multiplies along every edge: in the input's
// order (photos as they were indexed) neighbours lie anywhere in n×dim arrays that outgrow the cache, nearly every
// edge of a partition reaches into another partition (8 contiguous ranges: 7 of 8 edges are foreign), and each of
// those moves lands in a per-partition buffer of n×dim that the merge then walks. Numbered breadth first along the
// graph, a partition is a connected region: most edges stay inside it, and its points stay in cache.
import type { FuzzyGraph } from './fuzzy-graph';
import { adjacency } from './spectral-init';

/**
 * The rank of every point in breadth-first order over the graph's edges (both directions), each component started
 * from its lowest point and neighbours taken in edge order: deterministic, O(n + edges).
 */
export function breadthFirstRank(graph: FuzzyGraph): Int32Array {
  const { n } = graph;
  const { start, nbr } = adjacency(graph);
  const rank = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let next = 0;
  for (let s = 0; s < n; s++) {
    if (rank[s] >= 0) continue;
    let read = next;
    rank[s] = next;
    queue[next++] = s;
    while (read < next) {
      const p = queue[read++];
      for (let t = start[p]; t < start[p + 1]; t++) {
        const q = nbr[t];
        if (rank[q] < 0) {
          rank[q] = next;
          queue[next++] = q;
        }
      }
    }
  }
  return rank;
}

/** The same graph with point p renumbered rank[p]; edges keep their order and weights. */
export function renumber(graph: FuzzyGraph, rank: Int32Array): FuzzyGraph {
  const head = new Int32Array(graph.edges);
  const tail = new Int32Array(graph.edges);
  for (let e = 0; e < graph.edges; e++) {
    head[e] = rank[graph.head[e]];
    tail[e] = rank[graph.tail[e]];
  }
  return { n: graph.n, edges: graph.edges, head, tail, weight: graph.weight };
}
