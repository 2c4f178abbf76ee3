// The Embedder's interface, served by a worker thread (embed-worker.ts). Inputs and outputs are transferred,
// not copied, so a batch costs no more than a message. Use this from anything that must stay responsive.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ModelEntry } from '../types';
import type { EmbedderOptions, Embedding } from './embedder';
import type { EmbedderInfo, WorkerReply, WorkerRequest } from './embed-protocol';

type Pending = { resolve: (r: WorkerReply) => void; reject: (e: Error) => void };

/** The loaded model's facts, as the Embedder in the worker reported them (copied onto the instance). */
export interface WorkerEmbedder extends Readonly<EmbedderInfo> {}

export class WorkerEmbedder {
  private constructor(private readonly channel: WorkerChannel, info: EmbedderInfo) {
    Object.assign(this, info);
  }

  /** Loads the model in a new worker; aborting `signal` stops the worker, even mid-load (VGG-16 takes seconds). */
  static async load(modelPath: string, entry: ModelEntry, options: EmbedderOptions = {}, signal?: AbortSignal): Promise<WorkerEmbedder> {
    signal?.throwIfAborted();
    const channel = takeSpare() ?? new WorkerChannel();
    const onAbort = () => void channel.terminate();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reply = await channel.request({ type: 'load', id: 0, modelPath, entry, options });
      signal?.throwIfAborted();
      if (reply.type !== 'loaded') throw new Error(`unexpected reply ${reply.type}`);
      return new WorkerEmbedder(channel, reply.info);
    } catch (err) {
      await channel.terminate();
      throw signal?.aborted ? (signal.reason ?? err) : err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Embeds `count` images. `input` is transferred to the worker and unusable afterwards; the worker hands its memory
   * back as `input`, for the caller to write the next batch into (fresh memory costs a page fault every 4 kB).
   */
  async embed(input: Float32Array, count: number): Promise<Embedding & { input: Float32Array }> {
    const reply = await this.channel.request({ type: 'embed', id: 0, input, count }, [input.buffer as ArrayBuffer]);
    if (reply.type !== 'embedded') throw new Error(`unexpected reply ${reply.type}`);
    return { features: reply.features, logits: reply.logits, input: reply.input };
  }

  /** Releases the session, then the worker; a worker that does not answer within 10 s is stopped anyway. */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)));
      await Promise.race([this.channel.request({ type: 'close', id: 0 }).catch(() => undefined), timeout]);
    } finally {
      clearTimeout(timer);
      await this.channel.terminate();
    }
  }
}

/** A worker started ahead of need by prewarmEmbedWorker, taken by the next load. */
let spare: WorkerChannel | null = null;

/**
 * Starts an embedding worker now, before any model is asked for: its own start (a new isolate, onnxruntime's binding)
 * then runs on another core while the caller loads its modules and opens its library, instead of after them. The
 * worker does not keep the process alive until a load takes it, so one that no photo needed costs nothing at exit.
 */
export function prewarmEmbedWorker(): void {
  if (spare === null || spare.isStopped()) spare = new WorkerChannel({ held: false });
}

function takeSpare(): WorkerChannel | null {
  const taken = spare !== null && !spare.isStopped() ? spare : null;
  spare = null;
  taken?.hold();
  return taken;
}

class WorkerChannel {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set once the worker has stopped: later requests fail at once instead of waiting forever. */
  private stopped: Error | null = null;

  constructor(opts: { held: boolean } = { held: true }) {
    // Compiled: embed-worker.js beside this file. From TypeScript sources (tests under tsx): load tsx in the worker.
    const script = path.join(__dirname, __filename.endsWith('.ts') ? 'embed-worker.ts' : 'embed-worker.js');
    this.worker = __filename.endsWith('.ts')
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true })
      : new Worker(script);
    this.worker.on('message', (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.type === 'error') p.reject(new Error(reply.message));
      else p.resolve(reply);
    });
    const failAll = (err: Error) => {
      this.stopped ??= err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`the embedding worker stopped (exit code ${code})`)));
    if (!opts.held) this.worker.unref();
  }

  /** From now on the worker keeps the process alive, as a worker in use must. */
  hold(): void {
    this.worker.ref();
  }

  isStopped(): boolean {
    return this.stopped !== null;
  }

  request(msg: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id }, transfer);
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}
