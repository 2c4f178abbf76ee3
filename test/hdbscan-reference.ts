// A deliberately plain HDBSCAN* written straight from the definitions (Campello, Moulavi & Sander 2013/2015),
// to check the fast one against: full distance and mutual-reachability matrices, Prim's MST on the matrix, then
// clusters as sets of points found level by level as connected components, stability summed point by point.
// Clarity over speed: O(n³) in places, meant for n of a few hundred. It shares no code with the engine.

export interface RefOptions {
  minClusterSize: number;
  minSamples?: number;
  selection?: 'eom' | 'leaf';
  clusterSelectionEpsilon?: number;
  allowSingleCluster?: boolean;
  maxClusterSize?: number;
}

export interface RefResult {
  core: number[];
  mstWeights: number[];
  labels: number[];
  probabilities: number[];
  outlierScores: number[];
  /** True when an excess-of-mass comparison was within rounding of a tie (float summation order may flip it). */
  nearTie: boolean;
}

interface RefCluster {
  points: number[];
  birth: number; // lambda at which it appears
  parent: RefCluster | null;
  children: RefCluster[];
  /** lambda at which each of its points leaves it (falls out, or the cluster splits). */
  leave: Map<number, number>;
  stability: number;
}

const lambdaOf = (w: number) => (w > 0 ? 1 / w : Infinity);

export function referenceHdbscan(points: ArrayLike<number>, n: number, dim: number, o: RefOptions): RefResult {
  const mcs = Math.max(2, Math.floor(o.minClusterSize));
  const k = Math.max(1, Math.min(Math.floor(o.minSamples ?? o.minClusterSize), n));

  // Distances, core distances (k-th smallest distance, the point itself included) and mutual reachability.
  const D: number[][] = [];
  for (let i = 0; i < n; i++) {
    D.push([]);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const t = points[i * dim + d] - points[j * dim + d];
        s += t * t;
      }
      D[i].push(Math.sqrt(s));
    }
  }
  const core = D.map((row) => [...row].sort((a, b) => a - b)[k - 1]);
  const M = D.map((row, i) => row.map((d, j) => Math.max(core[i], core[j], d)));

  // Prim's MST on the matrix.
  const mst: { a: number; b: number; w: number }[] = [];
  if (n > 0) {
    const inTree = new Array(n).fill(false);
    const best = new Array(n).fill(Infinity);
    const from = new Array(n).fill(-1);
    inTree[0] = true;
    for (let j = 1; j < n; j++) (best[j] = M[0][j]), (from[j] = 0);
    for (let step = 1; step < n; step++) {
      let v = -1;
      for (let j = 0; j < n; j++) if (!inTree[j] && (v < 0 || best[j] < best[v])) v = j;
      inTree[v] = true;
      mst.push({ a: from[v], b: v, w: best[v] });
      for (let j = 0; j < n; j++) if (!inTree[j] && M[v][j] < best[j]) (best[j] = M[v][j]), (from[j] = v);
    }
  }

  // Condensed hierarchy. A cluster C (a component at some level) lives until the heaviest MST edge inside it,
  // w; just below w it falls into the components of {M < w} restricted to C. Parts of >= mcs points are its
  // child clusters when there are two or more of them; a single such part is C itself going on; the rest of the
  // points fall out of C at lambda = 1/w.
  const finalLambda = new Array(n).fill(0); // lambda at which each point stops belonging to any cluster
  const clusters: RefCluster[] = [];
  const makeCluster = (pts: number[], birth: number, parent: RefCluster | null): RefCluster => {
    const c: RefCluster = { points: pts, birth, parent, children: [], leave: new Map(), stability: 0 };
    clusters.push(c);
    if (parent) parent.children.push(c);
    return c;
  };
  const root = makeCluster(Array.from({ length: n }, (_, i) => i), 0, null);
  const work: { c: RefCluster; current: number[] }[] = [{ c: root, current: root.points }];
  while (work.length) {
    const { c, current } = work.pop()!;
    if (current.length < 2) {
      // Only the lone point of a one-point input gets here: it is part of the root from the start.
      for (const p of current) c.leave.set(p, 0), (finalLambda[p] = 0);
      continue;
    }
    const inside = new Set(current);
    let w = -Infinity;
    for (const e of mst) if (inside.has(e.a) && inside.has(e.b)) w = Math.max(w, e.w);
    const lambda = lambdaOf(w);
    const parts = components(current, (i, j) => M[i][j] < w);
    const big = parts.filter((p) => p.length >= mcs);
    for (const part of parts) {
      if (part.length >= mcs && big.length === 1) continue;
      for (const p of part) c.leave.set(p, lambda);
      if (part.length < mcs) for (const p of part) finalLambda[p] = lambda;
    }
    if (big.length === 1) work.push({ c, current: big[0] });
    else if (big.length >= 2) for (const part of big) work.push({ c: makeCluster(part, lambda, c), current: part });
  }
  for (const c of clusters) {
    c.stability = 0;
    for (const p of c.points) c.stability += c.leave.get(p)! - c.birth;
  }

  // Selection.
  let nearTie = false;
  const allowSingle = o.allowSingleCluster ?? false;
  const maxSize = o.maxClusterSize && o.maxClusterSize > 0 ? o.maxClusterSize : Infinity;
  const rootAllowed = allowSingle && n >= mcs;
  let selected = new Set<RefCluster>();
  if ((o.selection ?? 'eom') === 'leaf') {
    for (const c of clusters) if (c !== root && c.children.length === 0) selected.add(c);
    if (selected.size === 0 && rootAllowed) selected.add(root);
  } else {
    // Excess of mass: the most stable set of non-nested clusters, solved bottom-up; a parent wins ties.
    const value = (c: RefCluster): { v: number; pick: RefCluster[] } => {
      if (c.children.length === 0) return c.points.length > maxSize ? { v: 0, pick: [] } : { v: c.stability, pick: [c] };
      const kids = c.children.map(value);
      const sum = kids.reduce((s, x) => s + x.v, 0);
      const scale = Math.max(Math.abs(sum), Math.abs(c.stability));
      if (Number.isFinite(scale) && scale > 0 && Math.abs(sum - c.stability) <= 1e-9 * scale) nearTie = true;
      if (sum > c.stability || c.points.length > maxSize) return { v: sum, pick: kids.flatMap((x) => x.pick) };
      return { v: c.stability, pick: [c] };
    };
    if (rootAllowed) selected = new Set(value(root).pick);
    else for (const child of root.children) for (const c of value(child).pick) selected.add(c);
  }
  const eps = o.clusterSelectionEpsilon ?? 0;
  const onlyRoot = selected.size === 1 && selected.has(root);
  if (eps > 0 && !onlyRoot && selected.size > 0) {
    const lifted = new Set<RefCluster>();
    for (const c of selected) {
      if (1 / c.birth >= eps) {
        lifted.add(c);
        continue;
      }
      let x = c;
      for (;;) {
        const p = x.parent!;
        if (p === root) {
          if (rootAllowed) x = root;
          break;
        }
        x = p;
        if (1 / p.birth > eps) break;
      }
      lifted.add(x);
    }
    const isInside = (c: RefCluster, set: Set<RefCluster>) => {
      for (let p = c.parent; p; p = p.parent) if (set.has(p)) return true;
      return false;
    };
    selected = new Set([...lifted].filter((c) => !isInside(c, lifted)));
  }

  // Labels, membership probabilities, GLOSH scores.
  const labels = new Array(n).fill(-1);
  const probabilities = new Array(n).fill(0);
  const outlierScores = new Array(n).fill(0);
  const ordered = [...selected].sort((a, b) => Math.min(...a.points) - Math.min(...b.points));
  const maxLeave = (c: RefCluster) => Math.max(0, ...c.leave.values());
  for (let p = 0; p < n; p++) {
    // GLOSH: the cluster the point finally left, and the deepest lambda any of that cluster's points reaches.
    const last = clusters.filter((c) => c.leave.has(p) && !c.children.some((ch) => ch.points.includes(p)))[0];
    const lmax = Math.max(0, ...last.points.map((q) => finalLambda[q]));
    const lp = finalLambda[p];
    outlierScores[p] = lmax === 0 || !Number.isFinite(lp) ? 0 : lmax === Infinity ? 1 : (lmax - lp) / lmax;
  }
  ordered.forEach((c, label) => {
    const deepest = maxLeave(c);
    for (const p of c.points) {
      const lp = finalLambda[p];
      if (c === root) {
        const cutoff = eps > 0 ? 1 / eps : deepest;
        if (!(lp >= cutoff)) continue;
      }
      labels[p] = label;
      probabilities[p] = deepest === 0 || !Number.isFinite(lp) ? 1 : Math.min(lp, deepest) / deepest;
    }
  });
  // Number the clusters by lowest labelled point, as the engine does.
  const renum = new Map<number, number>();
  for (let p = 0; p < n; p++) if (labels[p] >= 0 && !renum.has(labels[p])) renum.set(labels[p], renum.size);
  return {
    core,
    mstWeights: mst.map((e) => e.w).sort((a, b) => a - b),
    labels: labels.map((l) => (l >= 0 ? renum.get(l)! : -1)),
    probabilities,
    outlierScores,
    nearTie,
  };
}

/** Connected components of `pts` under the relation `linked`, each listed in ascending point order. */
function components(pts: number[], linked: (i: number, j: number) => boolean): number[][] {
  const seen = new Set<number>();
  const out: number[][] = [];
  for (const s of pts) {
    if (seen.has(s)) continue;
    const comp = [s];
    seen.add(s);
    for (let i = 0; i < comp.length; i++) {
      for (const q of pts) if (!seen.has(q) && linked(comp[i], q)) seen.add(q), comp.push(q);
    }
    out.push(comp.sort((a, b) => a - b));
  }
  return out;
}
