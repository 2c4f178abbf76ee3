// HEIF decoding off the calling thread: a few worker threads (one per core), each with its own libheif module,
// one file at a time each. A worker that dies (a WebAssembly abort on a hostile file) fails only the file it held,
// with a reason, and is replaced; a file that takes too long is given up the same way. Idle workers do not keep
// the process alive and are stopped after a while, which also returns their WebAssembly memory.
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { HeifDecodeError, type HeifResult } from './heif-decode';
import type { HeifWorkerReply, HeifWorkerRequest } from './heif-protocol';

export interface HeifPoolOptions {
  /** Worker threads at most (default: one per core). */
  size?: number;
  /** A file still decoding after this long is given up and its worker replaced (default 120 s). */
  timeoutMs?: number;
  /** Idle workers stop after this long (default 15 s). */
  idleMs?: number;
}

interface Job {
  request: HeifWorkerRequest;
  resolve: (r: HeifResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer?: NodeJS.Timeout;
}

export class HeifPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly idleMs: number;
  /** Workers started so far; tests use it to see a crashed worker replaced. */
  started = 0;

  constructor(opts: HeifPoolOptions = {}) {
    this.size = Math.max(1, opts.size ?? os.availableParallelism());
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    this.idleMs = opts.idleMs ?? 15_000;
  }

  /**
   * Decodes `bytes` (copied to the worker) using a thumbnail item when one has `minShortSide` (0: the full image);
   * a photo of more than `maxPixels` is refused before its pixels are decoded.
   */
  decode(bytes: Uint8Array, minShortSide: number, maxPixels = Number.MAX_SAFE_INTEGER): Promise<HeifResult> {
    return this.submit({ type: 'decode', id: this.nextId++, bytes, minShortSide, maxPixels });
  }

  /** Tests only: the next worker to take this job dies as a WebAssembly abort would kill it. */
  crashForTest(): Promise<HeifResult> {
    return this.submit({ type: 'crash', id: this.nextId++ });
  }

  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) job.reject(new Error('HEIF decoder closed'));
    await Promise.all([...this.slots].map((s) => this.stop(s, new Error('HEIF decoder closed'))));
  }

  private submit(request: HeifWorkerRequest): Promise<HeifResult> {
    return new Promise<HeifResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.job === null);
      if (!slot && this.slots.size < this.size) slot = this.spawn();
      if (!slot) return;
      this.run(slot, this.queue.shift() as Job);
    }
  }

  private run(slot: Slot, job: Job): void {
    clearTimeout(slot.timer);
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      void this.stop(slot, new HeifDecodeError(`the HEIF decoder did not finish within ${Math.round(this.timeoutMs / 1000)} s`));
    }, this.timeoutMs);
    slot.worker.postMessage(job.request);
  }

  private spawn(): Slot {
    // Compiled: heif-worker.js beside this file. From TypeScript sources (tests under tsx): load tsx in the worker.
    const script = path.join(__dirname, __filename.endsWith('.ts') ? 'heif-worker.ts' : 'heif-worker.js');
    const worker = __filename.endsWith('.ts') ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true }) : new Worker(script);
    this.started++;
    const slot: Slot = { worker, job: null };
    this.slots.add(slot);
    worker.on('message', (reply: HeifWorkerReply) => this.settle(slot, reply));
    // A trap in the module is an uncaught exception in the worker: the worker ends, the file it held fails.
    worker.on('error', (err) => void this.stop(slot, new HeifDecodeError(`the HEIF decoder crashed on this file (${err.message.slice(0, 120)})`)));
    worker.on('exit', () => void this.stop(slot, new HeifDecodeError('the HEIF decoder stopped unexpectedly on this file')));
    return slot;
  }

  private settle(slot: Slot, reply: HeifWorkerReply): void {
    const job = slot.job;
    if (!job || job.request.id !== reply.id) return;
    slot.job = null;
    clearTimeout(slot.timer);
    if (reply.type === 'decoded') job.resolve(reply.result);
    else job.reject(new HeifDecodeError(reply.reason));
    this.idle(slot);
    this.dispatch();
  }

  private idle(slot: Slot): void {
    if (slot.job) return;
    slot.worker.unref();
    slot.timer = setTimeout(() => void this.stop(slot, null), this.idleMs);
    slot.timer.unref();
  }

  /** Ends a worker; the job it held (if any) fails with `why`, and queued jobs go to the others or a new one. */
  private async stop(slot: Slot, why: Error | null): Promise<void> {
    if (!this.slots.delete(slot)) return;
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    if (job) job.reject(why ?? new HeifDecodeError('the HEIF decoder stopped'));
    await slot.worker.terminate().catch(() => undefined);
    this.dispatch();
  }
}

let shared: HeifPool | null = null;

/** The process's HEIF pool, started on first use. */
export function heifPool(): HeifPool {
  shared ??= new HeifPool();
  return shared;
}
