// Seeded pseudo-random numbers for the reduction (xoshiro128**, Blackman & Vigna). Every random choice (PCA test
// vectors, tree splits, candidate sampling, negative samples) draws from one of these, so a seed fixes the result.
// The state lives in a Uint32Array so that a stream can be parked in shared memory and resumed by another thread.

/** Mixes a seed and stream numbers into one 32-bit value (splitmix-style finaliser): independent streams. */
export function mixSeed(seed: number, ...parts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const p of [...parts, parts.length]) {
    h = (h + Math.imul((p | 0) ^ 0x7f4a7c15, 0x85ebca6b)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x21f0aaad) >>> 0;
    h = Math.imul(h ^ (h >>> 15), 0x735a2d97) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
  }
  return h;
}

export class Rng {
  /** Four state words; may be a view into a shared array (see Rng.resume). */
  readonly state: Uint32Array;
  private spare = NaN;

  constructor(seed: number, ...stream: number[]) {
    this.state = new Uint32Array(4);
    Rng.seedInto(this.state, 0, seed, ...stream);
  }

  /** Seeds the 4 words at state[offset..] (never all zero). */
  static seedInto(state: Uint32Array, offset: number, seed: number, ...stream: number[]): void {
    for (let i = 0; i < 4; i++) state[offset + i] = mixSeed(seed, ...stream, i);
    if ((state[offset] | state[offset + 1] | state[offset + 2] | state[offset + 3]) === 0) state[offset] = 1;
  }

  /** A generator that reads and advances the 4 words at shared[offset..] in place. */
  static resume(shared: Uint32Array, offset: number): Rng {
    const r = Object.create(Rng.prototype) as Rng;
    (r as { state: Uint32Array }).state = shared.subarray(offset, offset + 4);
    r.spare = NaN;
    return r;
  }

  nextU32(): number {
    const s = this.state;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal (Box–Muller, the second value kept for the next call). */
  gaussian(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = NaN;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const a = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(a);
    return r * Math.cos(a);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
