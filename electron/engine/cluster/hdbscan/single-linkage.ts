// The single-linkage tree in its cacheable form: the MST edges sorted by weight. A fixed order for equal weights
// (lower endpoint, then higher) makes the cached tree identical whichever MST algorithm produced the edges.
import type { MstEdges } from './mst-prim';
import type { SingleLinkage } from './types';

export function sortedSingleLinkage(edges: MstEdges, n: number, coreDistances: Float64Array): SingleLinkage {
  const m = edges.weight.length;
  const lo = new Int32Array(m);
  const hi = new Int32Array(m);
  for (let e = 0; e < m; e++) {
    const x = edges.a[e];
    const y = edges.b[e];
    lo[e] = x < y ? x : y;
    hi[e] = x < y ? y : x;
  }
  const order = new Uint32Array(m);
  for (let e = 0; e < m; e++) order[e] = e;
  const w = edges.weight;
  order.sort((i, j) => w[i] - w[j] || lo[i] - lo[j] || hi[i] - hi[j]);
  const a = new Int32Array(m);
  const b = new Int32Array(m);
  const weight = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const e = order[k];
    a[k] = lo[e];
    b[k] = hi[e];
    weight[k] = w[e];
  }
  return { n, a, b, weight, coreDistances };
}
