// Where grouping's time goes, step by step (wall and CPU seconds, CPU counting every thread of the process, and the
// peak memory so far as each step ends): the Grouper records into one when given it, so the benchmark can show which
// step grows faster than the photos do. Without a recorder nothing is read.

export interface StepTime {
  /** Wall-clock seconds. */
  wall: number;
  /** CPU seconds of the whole process (worker threads included) over the same span. */
  cpu: number;
  /** How many times the step ran (a knob move may place twice: before and after merging by meaning). */
  runs: number;
  /** The process's peak resident memory so far when the step (last) ended, in bytes: where the peak is reached. */
  peakRss: number;
}

export class StepTimes {
  /** Steps in the order they first ran. */
  readonly steps = new Map<string, StepTime>();

  /** Runs fn, adding its time to `step`. */
  time<T>(step: string, fn: () => T): T {
    const start = this.now();
    try {
      return fn();
    } finally {
      this.add(step, start);
    }
  }

  async timeAsync<T>(step: string, fn: () => Promise<T>): Promise<T> {
    const start = this.now();
    try {
      return await fn();
    } finally {
      this.add(step, start);
    }
  }

  /** A mark to end a step at later (for steps that end inside someone else's code, as the reduction's stages). */
  now(): { wall: number; cpu: NodeJS.CpuUsage } {
    return { wall: performance.now(), cpu: process.cpuUsage() };
  }

  /** Adds the time since `start` to `step`. */
  add(step: string, start: { wall: number; cpu: NodeJS.CpuUsage }): void {
    const cpu = process.cpuUsage(start.cpu);
    const e = this.steps.get(step) ?? { wall: 0, cpu: 0, runs: 0, peakRss: 0 };
    e.wall += (performance.now() - start.wall) / 1000;
    e.cpu += (cpu.user + cpu.system) / 1e6;
    e.runs++;
    e.peakRss = process.resourceUsage().maxRSS * 1024;
    this.steps.set(step, e);
  }

  toJSON(): Record<string, StepTime> {
    return Object.fromEntries(this.steps);
  }
}

/** Runs fn, timed as `step` when there is a recorder. */
export function timed<T>(times: StepTimes | undefined, step: string, fn: () => T): T {
  return times ? times.time(step, fn) : fn();
}

export function timedAsync<T>(times: StepTimes | undefined, step: string, fn: () => Promise<T>): Promise<T> {
  return times ? times.timeAsync(step, fn) : fn();
}
