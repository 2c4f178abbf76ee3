// The layout's epoch loop written out for one number of dimensions (up to 16): exactly the steps of the generic
// loop in sgd-layout.ts, in the same order (so the same bytes come out), but with every coordinate in its own
// local variable. A loop over a run-time dimension count keeps V8 from holding the head point in registers and
// from dropping bounds checks; unrolled, a negative sample costs well under half as much. The source is generated
// once per dimension count from this template (only integers are spliced in) and compiled with new Function.
import { attractAt, repelAt } from './curve-table';
import { fillPool } from './negative-pool';
import type { SgdEpochArgs } from './sgd-layout';

export type EpochKernel = (s: SgdEpochArgs, part: number) => void;

export const MAX_UNROLLED = 16;
const kernels = new Map<number, EpochKernel>();

export function unrolledKernel(dim: number, clip: number): EpochKernel {
  let k = kernels.get(dim);
  if (!k) {
    const factory = new Function('attractAt', 'repelAt', 'fillPool', `"use strict"; return ${kernelSource(dim, clip)};`) as (
      a: typeof attractAt,
      r: typeof repelAt,
      f: typeof fillPool,
    ) => EpochKernel;
    k = factory(attractAt, repelAt, fillPool);
    kernels.set(dim, k);
  }
  return k;
}

function kernelSource(D: number, clip: number): string {
  if (!Number.isInteger(D) || D < 1 || D > MAX_UNROLLED || !Number.isFinite(clip)) throw new RangeError(`unrolledKernel: ${D} dimensions`);
  const each = (f: (c: number) => string, sep = ' ') => Array.from({ length: D }, (_, c) => f(c)).join(sep);
  const sum = (v: string) => Array.from({ length: D }, (_, c) => `${v}${c} * ${v}${c}`).join(' + ');
  return `function unrolledEpoch(s, part) {
  const { n, emb, snap, head, tail, epochsPerSample, nextSample, epochsPerNegative, nextNegative, epoch, curve, alpha } = s;
  const lo = s.partStart[part];
  const hi = s.partStart[part + 1];
  const owed = s.delta.length > 0 ? s.delta.subarray(part * n * ${D}, (part + 1) * n * ${D}) : emb;
  const f32 = new Float32Array(1);
  const i32 = new Int32Array(f32.buffer);
  let state = s.rngState[part];
  const poolSize = s.poolSize;
  const poolBase = part * poolSize;
  const poolIdx = s.poolIdx;
  const pool = s.pool;
  if (poolSize > 0) state = fillPool(s, part, state);
  for (let e = s.edgeStart[part]; e < s.edgeStart[part + 1]; e++) {
    if (nextSample[e] > epoch) continue;
    const uo = head[e] * ${D};
    const v = tail[e];
    const vo = v * ${D};
    const own = v >= lo && v < hi;
    const other = own ? emb : snap;
    const sink = own ? emb : owed;
    ${each((c) => `let h${c} = emb[uo + ${c}];`)}
    ${each((c) => `const p${c} = h${c} - other[vo + ${c}];`)}
    const pullSq = ${sum('p')};
    if (pullSq > 0) {
      const coeff = attractAt(curve, pullSq, f32, i32);
      let g;
      if (coeff * coeff * pullSq <= ${clip * clip}) {
        const step = coeff * alpha;
        ${each((c) => `g = step * p${c}; h${c} += g; sink[vo + ${c}] -= g;`, '\n        ')}
      } else {
        ${each((c) => `g = Math.min(${clip}, Math.max(${-clip}, coeff * p${c})) * alpha; h${c} += g; sink[vo + ${c}] -= g;`, '\n        ')}
      }
    }
    nextSample[e] += epochsPerSample[e];
    const negatives = Math.floor((epoch - nextNegative[e]) / epochsPerNegative[e]);
    for (let q = 0; q < negatives; q++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      let w, wo, src;
      if (poolSize > 0) {
        const j = poolBase + Math.floor(((state >>> 0) * poolSize) / 4294967296);
        w = poolIdx[j];
        wo = j * ${D};
        src = pool;
      } else {
        w = Math.floor(((state >>> 0) * n) / 4294967296);
        wo = w * ${D};
        src = w >= lo && w < hi ? emb : snap;
      }
      if (w === head[e]) continue;
      ${each((c) => `const r${c} = h${c} - src[wo + ${c}];`)}
      const pushSq = ${sum('r')};
      if (!(pushSq > 0)) continue;
      const coeff = repelAt(curve, pushSq, f32, i32);
      if (coeff * coeff * pushSq <= ${clip * clip}) {
        const step = coeff * alpha;
        ${each((c) => `h${c} += step * r${c};`)}
      } else {
        ${each((c) => `h${c} += Math.min(${clip}, Math.max(${-clip}, coeff * r${c})) * alpha;`, '\n        ')}
      }
    }
    if (negatives > 0) nextNegative[e] += negatives * epochsPerNegative[e];
    ${each((c) => `emb[uo + ${c}] = h${c};`)}
  }
  s.rngState[part] = state;
}`;
}
