// Long work as jobs: each has an id, an AbortController for `jobs.cancel`, and ends in exactly one `done` or
// `error` event. Progress goes through a throttle so a UI gets a few updates a second, not one per photo.
import { randomBytes } from 'node:crypto';
import type { JobKind, LikenessEvent } from '../../ipc/contract';
import type { Progress } from '../types';

/** Least time between two progress events of one job: ~5 per second is smooth for a bar and cheap for IPC. */
export const PROGRESS_INTERVAL_MS = 200;

/**
 * Decides which progress updates to pass on. Pure: time comes in as an argument. A stage change, the first and
 * the last step of a stage always pass; anything else only when the interval has gone by since the last one.
 */
export class ProgressThrottle {
  private lastAt = -Infinity;
  private lastStage: string | null = null;

  constructor(private readonly minIntervalMs = PROGRESS_INTERVAL_MS) {}

  pass(p: Progress, now: number): boolean {
    const finished = p.total !== null && p.done >= p.total;
    if (p.stage !== this.lastStage || finished || now - this.lastAt >= this.minIntervalMs) {
      this.lastAt = now;
      this.lastStage = p.stage;
      return true;
    }
    return false;
  }
}

export class JobCancelledError extends Error {
  override readonly name = 'JobCancelledError';
  constructor() {
    super('cancelled');
  }
}

export interface JobContext {
  jobId: string;
  signal: AbortSignal;
  progress(p: Progress): void;
}

export class Jobs {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly emit: (e: LikenessEvent) => void, private readonly clock: () => number = () => performance.now()) {}

  /**
   * Starts `work` on the next turn of the event loop (so the caller can return the job id before any event of
   * the job arrives) and returns the job id.
   */
  start<T>(job: JobKind, work: (ctx: JobContext) => Promise<T>): string {
    const jobId = `${job}-${randomBytes(6).toString('hex')}`;
    const controller = new AbortController();
    this.running.set(jobId, controller);
    const throttle = new ProgressThrottle();
    const ctx: JobContext = {
      jobId,
      signal: controller.signal,
      progress: (p) => {
        if (controller.signal.aborted || !throttle.pass(p, this.clock())) return;
        this.emit({ type: 'progress', jobId, job, ...p });
      },
    };
    setImmediate(() => {
      work(ctx).then(
        (result) => {
          this.running.delete(jobId);
          this.emit({ type: 'done', jobId, job, result });
        },
        (err: unknown) => {
          this.running.delete(jobId);
          const cancelled = controller.signal.aborted;
          this.emit({ type: 'error', jobId, job, message: cancelled ? 'cancelled' : errorMessage(err), cancelled });
        },
      );
    });
    return jobId;
  }

  /** Asks a running job to stop; false when no such job runs (already finished, or never existed). */
  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    if (!c) return false;
    c.abort(new JobCancelledError());
    return true;
  }

  /** Aborts every job (the app is closing). */
  cancelAll(): void {
    for (const c of this.running.values()) c.abort(new JobCancelledError());
  }

  get size(): number {
    return this.running.size;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
