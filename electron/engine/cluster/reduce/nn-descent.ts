// NN-descent (Dong, Moses & Li 2011): a neighbour of a neighbour is likely a neighbour. Each round, every point
// compares itself with the neighbours (and reverse neighbours) of its sampled neighbours, skipping pairs whose links
// were all already there last round. Written "owner computes": a task improves only its own points' lists and
// reads the others' candidate lists as they stood at the start of the round, so rounds run on any number of
// threads with identical results (the classic version updates both ends of a pair in place, which races).
import type { Alloc } from './alloc';
import { before, heapOffer } from './neighbour-heap';
import type { Plan } from './plan';
import type { Rng } from './rng';
import { freshStamp } from './stamps';
import { squaredDistance, squaredDistance4At } from './vector-math';

export interface DescentJoinArgs {
  y: Float32Array;
  n: number;
  dim: number;
  k: number;
  heapIdx: Int32Array;
  heapDist: Float32Array;
  heapFlag: Uint8Array;
  /** Candidate lists of the round (CSR): neighbours and reverse neighbours, each with its "new link" flag. */
  candStart: Int32Array;
  candIdx: Int32Array;
  candNew: Uint8Array;
  /** Per task: neighbours inserted this round. */
  inserted: Int32Array;
  rowsPerTask: number;
}

export function descentJoinTask(a: DescentJoinArgs, task: number): void {
  const { n, k, heapIdx, candStart, candIdx, candNew } = a;
  const i1 = Math.min(n, (task + 1) * a.rowsPerTask);
  const batch = new Int32Array(256);
  const four = new Float64Array(4);
  let inserted = 0;
  for (let u = task * a.rowsPerTask; u < i1; u++) {
    const base = u * k;
    const { marks, stamp } = freshStamp(n);
    marks[u] = stamp;
    for (let t = base; t < base + k; t++) if (heapIdx[t] >= 0) marks[heapIdx[t]] = stamp;
    // gather the points to try (each once), then measure them four at a time
    let m = 0;
    for (let c = candStart[u]; c < candStart[u + 1]; c++) {
      const v = candIdx[c];
      const newUV = candNew[c] === 1;
      if (newUV && marks[v] !== stamp) {
        marks[v] = stamp;
        if (m === batch.length) {
          inserted += offerBatch(a, u, batch, m, four);
          m = 0;
        }
        batch[m++] = v;
      }
      for (let e = candStart[v]; e < candStart[v + 1]; e++) {
        if (!newUV && candNew[e] !== 1) continue;
        const w = candIdx[e];
        if (marks[w] === stamp) continue;
        marks[w] = stamp;
        if (m === batch.length) {
          inserted += offerBatch(a, u, batch, m, four);
          m = 0;
        }
        batch[m++] = w;
      }
    }
    inserted += offerBatch(a, u, batch, m, four);
  }
  a.inserted[task] = inserted;
}

/** Offers point u the first m points of `list`; returns how many entered its heap. */
function offerBatch(a: DescentJoinArgs, u: number, list: Int32Array, m: number, out: Float64Array): number {
  const { y, dim, k, heapIdx, heapDist, heapFlag } = a;
  const uo = u * dim;
  const base = u * k;
  let inserted = 0;
  let c = 0;
  for (; c + 3 < m; c += 4) {
    squaredDistance4At(y, uo, y, list[c] * dim, list[c + 1] * dim, list[c + 2] * dim, list[c + 3] * dim, dim, out);
    for (let q = 0; q < 4; q++) {
      const d = Math.fround(out[q]);
      const w = list[c + q];
      if (before(d, w, heapDist[base], heapIdx[base]) && heapOffer(heapIdx, heapDist, heapFlag, base, k, w, d, 1)) inserted++;
    }
  }
  for (; c < m; c++) {
    const d = Math.fround(squaredDistance(y, uo, y, list[c] * dim, dim));
    const w = list[c];
    if (before(d, w, heapDist[base], heapIdx[base]) && heapOffer(heapIdx, heapDist, heapFlag, base, k, w, d, 1)) inserted++;
  }
  return inserted;
}

export interface DescentOptions {
  /** Most candidates sampled per point and round, new and old links each (default 16). */
  maxCandidates: number;
  /** Most rounds (default 8). */
  rounds: number;
  /** Stop when a round inserts fewer than delta·n·k neighbours (default 0.002). */
  delta: number;
  onRound?: (round: number, inserted: number) => void;
}

/** Improves the heaps in place (squared distances in y's space). */
export function* descentPlan(alloc: Alloc, y: Float32Array, n: number, dim: number, k: number, heaps: { idx: Int32Array; dist: Float32Array; flag: Uint8Array }, rng: Rng, opts: DescentOptions): Plan<void> {
  const tasks = Math.min(64, Math.max(1, Math.ceil(n / 256)));
  const rowsPerTask = Math.ceil(n / tasks);
  const inserted = alloc.i32(tasks);
  const c = Math.max(1, opts.maxCandidates);
  for (let round = 0; round < opts.rounds; round++) {
    const lists = sampleCandidates(alloc, n, k, heaps, c, rng);
    yield {
      task: 'descentJoin',
      count: tasks,
      args: { y, n, dim, k, heapIdx: heaps.idx, heapDist: heaps.dist, heapFlag: heaps.flag, ...lists, inserted, rowsPerTask },
    };
    const total = inserted.reduce((s, v) => s + v, 0);
    opts.onRound?.(round, total);
    if (total < opts.delta * n * k) break;
  }
}

/**
 * Each point's candidates for a round: up to c links flagged new and up to c old ones, drawn uniformly (reservoir
 * sampling) from its own list and from the points that list it. New links that were drawn from the point's own
 * list become old: their pairs are being tried now.
 */
function sampleCandidates(alloc: Alloc, n: number, k: number, heaps: { idx: Int32Array; flag: Uint8Array }, c: number, rng: Rng): { candStart: Int32Array; candIdx: Int32Array; candNew: Uint8Array } {
  const pick = [new Int32Array(n * c), new Int32Array(n * c)]; // [old, new]
  const seen = [new Int32Array(n), new Int32Array(n)];
  const add = (f: number, u: number, v: number): void => {
    const s = seen[f][u]++;
    if (s < c) pick[f][u * c + s] = v;
    else {
      const r = rng.int(s + 1);
      if (r < c) pick[f][u * c + r] = v;
    }
  };
  for (let u = 0; u < n; u++) {
    for (let t = u * k; t < u * k + k; t++) {
      const v = heaps.idx[t];
      if (v < 0) continue;
      const f = heaps.flag[t];
      add(f, u, v);
      add(f, v, u);
    }
  }
  const candStart = alloc.i32(n + 1);
  for (let u = 0; u < n; u++) candStart[u + 1] = candStart[u] + Math.min(c, seen[0][u]) + Math.min(c, seen[1][u]);
  const candIdx = alloc.i32(candStart[n]);
  const candNew = alloc.u8(candStart[n]);
  for (let u = 0; u < n; u++) {
    let o = candStart[u];
    const nNew = Math.min(c, seen[1][u]);
    for (let s = 0; s < nNew; s++) {
      const v = pick[1][u * c + s];
      candIdx[o] = v;
      candNew[o++] = 1;
      // a sampled forward link is tried this round: it is old from now on
      for (let t = u * k; t < u * k + k; t++) if (heaps.idx[t] === v) heaps.flag[t] = 0;
    }
    const nOld = Math.min(c, seen[0][u]);
    for (let s = 0; s < nOld; s++) candIdx[o++] = pick[0][u * c + s];
  }
  return { candStart, candIdx, candNew };
}
