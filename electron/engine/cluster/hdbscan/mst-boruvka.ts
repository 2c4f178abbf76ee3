// Borůvka's algorithm over a kd-tree for the mutual-reachability MST (after McInnes & Healy 2017, with a single
// tree instead of their dual tree): each round every component finds its lightest outgoing edge.
// What makes it fast is pruning with three lower bounds on an edge's weight: the query's core distance, the
// smallest core distance in a node, and the distance to the node's box; plus skipping nodes whose points all sit
// in the query's own component. The bound is the component's best edge so far, so most points stop at once.
//
// Query points are cut into fixed chunks that keep their own bounds, and chunk results are merged in chunk
// order: the edges chosen (even among equal weights) are the same whether one thread or several do the chunks.
// Ties: any lightest edge is correct (cycles of equal edges are dropped by the union-find).
import { boxSqDist, type KdTree } from './kd-tree';
import type { MstEdges } from './mst-prim';
import { UnionFind } from './union-find';

/** Query points per chunk. Fixed (never derived from the thread count) so results do not depend on it. */
export const BORUVKA_CHUNK = 1024;

/** Everything a search reads or writes; typed arrays only, so it can live in shared memory for workers. */
export interface BoruvkaState {
  tree: KdTree;
  /** Core distance by tree position. */
  core: Float64Array;
  nodeMinCore: Float64Array;
  /** Component (union-find root position) of each position, and of each node (-1 when mixed). */
  comp: Int32Array;
  nodeComp: Int32Array;
  /** Per chunk: the best edge found for each component it touched, in slots [chunk * CHUNK, + outCount). */
  outComp: Int32Array;
  outW: Float64Array;
  outFrom: Int32Array;
  outTo: Int32Array;
  outCount: Int32Array;
}

/** Per-thread scratch space: a bound per component, reset after each chunk. */
export interface BoruvkaScratch {
  bestW: Float64Array;
  bestFrom: Int32Array;
  bestTo: Int32Array;
  touched: Int32Array;
  stackNode: Int32Array;
  stackLb: Float64Array;
}

export function newScratch(tree: KdTree): BoruvkaScratch {
  const stack = 64 + 2 * tree.nodeCount;
  return {
    bestW: new Float64Array(tree.n).fill(Infinity),
    bestFrom: new Int32Array(tree.n),
    bestTo: new Int32Array(tree.n),
    touched: new Int32Array(BORUVKA_CHUNK),
    stackNode: new Int32Array(stack),
    stackLb: new Float64Array(stack),
  };
}

export function newState(tree: KdTree, core: Float64Array, alloc: Allocator = plainAlloc): BoruvkaState {
  const { n, nodeCount } = tree;
  const chunks = Math.ceil(n / BORUVKA_CHUNK);
  const state: BoruvkaState = {
    tree,
    core,
    nodeMinCore: alloc.f64(nodeCount),
    comp: alloc.i32(n),
    nodeComp: alloc.i32(nodeCount),
    outComp: alloc.i32(n),
    outW: alloc.f64(n),
    outFrom: alloc.i32(n),
    outTo: alloc.i32(n),
    outCount: alloc.i32(chunks),
  };
  const { left, right, start, end } = tree;
  // Smallest core distance under each node: children have higher ids (pre-order), so go backwards.
  for (let node = nodeCount - 1; node >= 0; node--) {
    const l = left[node];
    if (l < 0) {
      let mc = Infinity;
      for (let p = start[node]; p < end[node]; p++) if (core[p] < mc) mc = core[p];
      state.nodeMinCore[node] = mc;
    } else {
      state.nodeMinCore[node] = Math.min(state.nodeMinCore[l], state.nodeMinCore[right[node]]);
    }
  }
  for (let p = 0; p < n; p++) state.comp[p] = p;
  return state;
}

export interface Allocator {
  f64(length: number): Float64Array;
  i32(length: number): Int32Array;
}

const plainAlloc: Allocator = { f64: (k) => new Float64Array(k), i32: (k) => new Int32Array(k) };

/** Runs the search rounds. `runChunks` does every chunk of a round (here, or spread over workers). */
export async function boruvkaRounds(state: BoruvkaState, runChunks: () => void | Promise<void>): Promise<MstEdges> {
  return boruvkaDriver(state, runChunks) as Promise<MstEdges>;
}

/** Synchronous Borůvka on this thread. `core` is indexed by tree position; edges use original point indices. */
export function boruvkaMst(tree: KdTree, core: Float64Array): MstEdges {
  const state = newState(tree, core);
  const scratch = newScratch(tree);
  const chunks = Math.ceil(tree.n / BORUVKA_CHUNK);
  return boruvkaDriver(state, () => {
    for (let c = 0; c < chunks; c++) searchChunk(state, scratch, c);
  }) as MstEdges;
}

/** Synchronous when runChunks is, else a promise: one body for both paths. */
function boruvkaDriver(state: BoruvkaState, runChunks: () => void | Promise<void>): MstEdges | Promise<MstEdges> {
  const { tree, comp } = state;
  const { n, index } = tree;
  const m = Math.max(0, n - 1);
  const out: MstEdges = { a: new Int32Array(m), b: new Int32Array(m), weight: new Float64Array(m) };
  if (n < 2) return out;
  const uf = new UnionFind(n);
  const chunks = Math.ceil(n / BORUVKA_CHUNK);
  const gW = new Float64Array(n);
  const gFrom = new Int32Array(n);
  const gTo = new Int32Array(n);
  let edges = 0;

  const merge = () => {
    // Lightest edge per component over all chunks; on equal weight the earlier chunk wins (deterministic).
    for (let p = 0; p < n; p++) if (comp[p] === p) (gW[p] = Infinity), (gTo[p] = -1);
    for (let ch = 0; ch < chunks; ch++) {
      const base = ch * BORUVKA_CHUNK;
      for (let i = base, e = base + state.outCount[ch]; i < e; i++) {
        const c = state.outComp[i];
        if (state.outW[i] < gW[c]) (gW[c] = state.outW[i]), (gFrom[c] = state.outFrom[i]), (gTo[c] = state.outTo[i]);
      }
    }
    let added = 0;
    for (let c = 0; c < n; c++) {
      if (comp[c] !== c || gTo[c] < 0) continue;
      if (uf.union(gFrom[c], gTo[c]) < 0) continue;
      out.a[edges] = index[gFrom[c]];
      out.b[edges] = index[gTo[c]];
      out.weight[edges] = gW[c];
      edges++;
      added++;
    }
    if (added === 0) throw new Error('Borůvka made no progress');
    for (let p = 0; p < n; p++) comp[p] = uf.find(p);
  };

  const step = (): MstEdges | Promise<MstEdges> => {
    while (edges < m) {
      labelNodes(state);
      const pending = runChunks();
      if (pending) {
        return pending.then(() => {
          merge();
          return step();
        });
      }
      merge();
    }
    return out;
  };
  return step();
}

/** Finds, for every component with points in chunk `chunk`, its lightest edge from those points. */
export function searchChunk(state: BoruvkaState, scratch: BoruvkaScratch, chunk: number): void {
  const { tree, core, nodeMinCore, comp, nodeComp } = state;
  const { n, dim, data, start, end, left, right } = tree;
  const { bestW, bestFrom, bestTo, touched, stackNode, stackLb } = scratch;
  const from = chunk * BORUVKA_CHUNK;
  const to = Math.min(n, from + BORUVKA_CHUNK);
  let touchedCount = 0;

  for (let q = from; q < to; q++) {
    const c = comp[q];
    const cq = core[q];
    if (bestW[c] === Infinity && bestTo[c] !== -2) {
      touched[touchedCount++] = c;
      bestTo[c] = -2; // marks "touched in this chunk"
    }
    // Every edge from q weighs at least its core distance.
    if (cq >= bestW[c] || nodeComp[0] === c) continue;
    const qo = q * dim;
    let top = 0;
    stackNode[top] = 0;
    stackLb[top++] = cq;
    while (top > 0) {
      top--;
      let best = bestW[c];
      if (stackLb[top] >= best) continue;
      const node = stackNode[top];
      // Squared-distance cut-off with a relative margin far above rounding, so stopping early is exact.
      let limit = best * best * (1 + 1e-12);
      const l = left[node];
      if (l < 0) {
        for (let p = start[node], e = end[node]; p < e; p++) {
          if (comp[p] === c) continue;
          const cp = core[p];
          if (cp >= best) continue;
          const po = p * dim;
          let s = 0;
          let d = 0;
          for (; d < dim; d++) {
            const t = data[qo + d] - data[po + d];
            s += t * t;
            if (s > limit) break;
          }
          if (d < dim) continue;
          const dist = Math.sqrt(s);
          const w = cq > cp ? (cq > dist ? cq : dist) : cp > dist ? cp : dist;
          if (w < best) {
            best = w;
            limit = best * best * (1 + 1e-12);
            bestW[c] = w;
            bestFrom[c] = q;
            bestTo[c] = p;
          }
        }
        continue;
      }
      const r = right[node];
      const lbl = childBound(tree, l, c, cq, q, best, limit, nodeComp, nodeMinCore);
      const lbr = childBound(tree, r, c, cq, q, best, limit, nodeComp, nodeMinCore);
      // Farther child pushed first so the nearer is searched first and tightens the bound sooner.
      if (lbl <= lbr) {
        if (lbr < best) (stackNode[top] = r), (stackLb[top++] = lbr);
        if (lbl < best) (stackNode[top] = l), (stackLb[top++] = lbl);
      } else {
        if (lbl < best) (stackNode[top] = l), (stackLb[top++] = lbl);
        if (lbr < best) (stackNode[top] = r), (stackLb[top++] = lbr);
      }
    }
  }

  // Publish this chunk's results and reset the scratch bounds for the next chunk.
  let count = 0;
  for (let i = 0; i < touchedCount; i++) {
    const c = touched[i];
    if (bestW[c] < Infinity) {
      state.outComp[from + count] = c;
      state.outW[from + count] = bestW[c];
      state.outFrom[from + count] = bestFrom[c];
      state.outTo[from + count] = bestTo[c];
      count++;
    }
    bestW[c] = Infinity;
    bestTo[c] = 0;
  }
  state.outCount[chunk] = count;
}

/** Lower bound of the edges from point q into a child node: Infinity when it cannot hold a lighter one (cheapest check first). */
function childBound(tree: KdTree, child: number, c: number, cq: number, q: number, best: number, limit: number, nodeComp: Int32Array, nodeMinCore: Float64Array): number {
  if (nodeComp[child] === c) return Infinity;
  const mc = nodeMinCore[child] > cq ? nodeMinCore[child] : cq;
  if (mc >= best) return Infinity;
  const s = boxSqDist(tree, child, tree.data, q, limit);
  if (s > limit) return Infinity;
  const dist = Math.sqrt(s);
  return dist > mc ? dist : mc;
}

/** nodeComp[node] = the component of all its points, or -1 when they are mixed. */
function labelNodes(state: BoruvkaState): void {
  const { comp, nodeComp } = state;
  const { nodeCount, start, end, left, right } = state.tree;
  for (let node = nodeCount - 1; node >= 0; node--) {
    const l = left[node];
    if (l < 0) {
      let c = comp[start[node]];
      for (let p = start[node] + 1; p < end[node]; p++) {
        if (comp[p] !== c) {
          c = -1;
          break;
        }
      }
      nodeComp[node] = c;
    } else {
      const cl = nodeComp[l];
      nodeComp[node] = cl >= 0 && cl === nodeComp[right[node]] ? cl : -1;
    }
  }
}
