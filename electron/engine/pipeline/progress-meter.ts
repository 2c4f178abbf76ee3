// Turns "done so far" into rate and time left over a sliding window, and throttles updates to what a UI can show.
// Pure: time comes in as an argument, so it is tested without clocks.
import type { Progress, Stage } from '../types';

export class ProgressMeter {
  private samples: Array<{ t: number; done: number }> = [];
  private lastEmit = -Infinity;

  constructor(
    readonly stage: Stage,
    public total: number | null,
    private readonly windowMs = 5000,
    private readonly minIntervalMs = 100,
  ) {}

  /** Records progress at time `now` (ms) and returns the event to show, or null when it is too soon after the last. */
  update(done: number, now: number, force = false, detail?: string): Progress | null {
    this.samples.push({ t: now, done });
    while (this.samples.length > 2 && now - this.samples[1].t > this.windowMs) this.samples.shift();
    const finished = this.total !== null && done >= this.total;
    if (!force && !finished && now - this.lastEmit < this.minIntervalMs) return null;
    this.lastEmit = now;
    return this.snapshot(done, now, detail);
  }

  snapshot(done: number, now: number, detail?: string): Progress {
    const first = this.samples[0];
    const dt = first ? (now - first.t) / 1000 : 0;
    const rate = dt > 0 ? (done - first.done) / dt : 0;
    const left = this.total === null ? null : Math.max(0, this.total - done);
    const etaSeconds = left === null ? null : left === 0 ? 0 : rate > 0 ? left / rate : null;
    return { stage: this.stage, done, total: this.total, rate, etaSeconds, ...(detail ? { detail } : {}) };
  }
}
