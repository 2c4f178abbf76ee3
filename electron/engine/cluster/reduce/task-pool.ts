// Worker threads that run a plan's batches: every worker gets the batch (its arrays live in shared memory, so
// nothing is copied) and takes task numbers from a shared counter until none are left, which balances uneven
// tasks without any scheduling here. The plan's own sequential steps run on this thread between batches.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Batch, Plan } from './plan';

export interface PoolRequest {
  batch: Batch;
  /** Next task number to take (Atomics.add). */
  counter: Int32Array;
}

export type PoolReply = { type: 'done' } | { type: 'error'; message: string };

export class TaskPool {
  private readonly workers: Worker[] = [];
  private waiting: Array<{ resolve: () => void; reject: (e: Error) => void } | null> = [];
  private failure: Error | null = null;

  constructor(threads: number) {
    // Compiled: the .js beside this file; from TypeScript sources (tests under tsx), load tsx in the worker first.
    const fromSource = __filename.endsWith('.ts');
    const script = path.join(__dirname, fromSource ? 'pool-worker.ts' : 'pool-worker.js');
    for (let w = 0; w < threads; w++) {
      const worker = fromSource
        ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true })
        : new Worker(script);
      worker.on('message', (reply: PoolReply) => {
        const p = this.waiting[w];
        this.waiting[w] = null;
        if (!p) return;
        if (reply.type === 'done') p.resolve();
        else p.reject(new Error(`reduction worker: ${reply.message}`));
      });
      const fail = (err: Error) => {
        this.failure ??= err;
        const p = this.waiting[w];
        this.waiting[w] = null;
        p?.reject(err);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`a reduction worker stopped (exit code ${code})`)));
      this.workers.push(worker);
      this.waiting.push(null);
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Runs every task of the batch; rejects when a task throws, a worker dies or the signal aborts. */
  async run(batch: Batch, signal?: AbortSignal): Promise<void> {
    if (this.failure) throw this.failure;
    signal?.throwIfAborted();
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const active = this.workers.slice(0, Math.min(this.workers.length, batch.count));
    const done = active.map(
      (worker, w) =>
        new Promise<void>((resolve, reject) => {
          this.waiting[w] = { resolve, reject };
          worker.postMessage({ batch, counter } satisfies PoolRequest);
        }),
    );
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([Promise.all(done), aborted]);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Runs a plan with its batches on the pool. */
export async function runPooled<R>(plan: Plan<R>, pool: TaskPool, signal?: AbortSignal): Promise<R> {
  for (;;) {
    signal?.throwIfAborted();
    const step = plan.next();
    if (step.done) return step.value;
    await pool.run(step.value, signal);
  }
}
