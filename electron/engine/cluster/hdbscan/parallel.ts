// The kd-tree stages spread over worker threads: core distances, then every Borůvka round. The tree, the core
// distances and the Borůvka state live in shared memory; the calling thread and the workers take chunks from a
// shared counter, so uneven density leaves no thread idle. Results are exactly those of the one-thread path:
// core distances are per point, and Borůvka merges fixed chunks in a fixed order.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { coreDistancesKd } from './core-distances';
import type { KdTree } from './kd-tree';
import { BORUVKA_CHUNK, boruvkaRounds, newScratch, newState, searchChunk, type Allocator, type BoruvkaScratch, type BoruvkaState } from './mst-boruvka';
import type { MstEdges } from './mst-prim';
import { timedAsync, type StepTimes } from '../step-times';

/** Tree positions per core-distance chunk. */
export const CORE_CHUNK = 256;

/** Messages to a worker; every reply is 'done' (or the worker fails). */
export type WorkerTask =
  | { type: 'core'; tree: KdTree; k: number; counter: Int32Array; out: Float64Array }
  | { type: 'mst'; state: BoruvkaState; counter: Int32Array }
  | { type: 'round' };

/** Core-distance chunks until the counter runs past n; run by every thread alike. */
export function runCoreChunks(tree: KdTree, k: number, counter: Int32Array, out: Float64Array): void {
  for (;;) {
    const from = Atomics.add(counter, 0, CORE_CHUNK);
    if (from >= tree.n) return;
    coreDistancesKd(tree, k, from, Math.min(tree.n, from + CORE_CHUNK), out);
  }
}

/** Borůvka chunks of the current round until the counter runs past the last one. */
export function runBoruvkaChunks(state: BoruvkaState, scratch: BoruvkaScratch, counter: Int32Array): void {
  const chunks = Math.ceil(state.tree.n / BORUVKA_CHUNK);
  for (;;) {
    const chunk = Atomics.add(counter, 0, 1);
    if (chunk >= chunks) return;
    searchChunk(state, scratch, chunk);
  }
}

/** Core distances (by tree position) and the MST edges, with `workers` extra threads. */
export async function parallelCoreAndMst(tree: KdTree, k: number, workers: number, times?: StepTimes): Promise<{ corePos: Float64Array; edges: MstEdges }> {
  const shared = sharedTree(tree);
  const pool = new Pool(workers);
  try {
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const corePos = new Float64Array(new SharedArrayBuffer(8 * tree.n));
    await timedAsync(times, 'hdbscan: core distances', () => pool.run({ type: 'core', tree: shared, k, counter, out: corePos }, () => runCoreChunks(shared, k, counter, corePos)));

    const from = times?.now();
    const state = newState(shared, corePos, sharedAlloc);
    const scratch = newScratch(shared);
    await pool.run({ type: 'mst', state, counter }, () => undefined);
    const edges = await boruvkaRounds(state, () => {
      Atomics.store(counter, 0, 0);
      return pool.run({ type: 'round' }, () => runBoruvkaChunks(state, scratch, counter));
    });
    if (times) times.add('hdbscan: Borůvka MST', from!);
    return { corePos: new Float64Array(corePos), edges };
  } finally {
    await pool.close();
  }
}

class Pool {
  private readonly workers: Worker[] = [];
  private failure: Error | null = null;
  private waiting: { left: number; resolve: () => void; reject: (e: Error) => void } | null = null;

  constructor(size: number) {
    // Compiled: parallel-worker.js beside this file. From TypeScript sources (tests under tsx): load tsx first.
    const script = path.join(__dirname, __filename.endsWith('.ts') ? 'parallel-worker.ts' : 'parallel-worker.js');
    for (let i = 0; i < size; i++) {
      const worker = __filename.endsWith('.ts')
        ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(script)});`, { eval: true })
        : new Worker(script);
      worker.on('message', () => this.settle(null));
      worker.on('error', (e) => this.settle(e));
      worker.on('exit', (code) => this.settle(code === 0 ? null : new Error(`hdbscan worker exited with code ${code}`), true));
      this.workers.push(worker);
    }
  }

  /** Sends the task to every worker, does `here` on this thread meanwhile, and waits for all of them. */
  async run(task: WorkerTask, here: () => void): Promise<void> {
    if (this.failure) throw this.failure;
    const done = new Promise<void>((resolve, reject) => (this.waiting = { left: this.workers.length, resolve, reject }));
    for (const w of this.workers) w.postMessage(task);
    here();
    await done;
  }

  private settle(error: Error | null, exited = false): void {
    if (error) this.failure ??= error;
    const w = this.waiting;
    if (!w) return;
    if (this.failure) {
      this.waiting = null;
      w.reject(this.failure);
    } else if (!exited && --w.left === 0) {
      this.waiting = null;
      w.resolve();
    }
  }

  async close(): Promise<void> {
    this.waiting = null;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

const sharedAlloc: Allocator = {
  f64: (k) => new Float64Array(new SharedArrayBuffer(8 * k)),
  i32: (k) => new Int32Array(new SharedArrayBuffer(4 * k)),
};

function sharedTree(t: KdTree): KdTree {
  return {
    n: t.n,
    dim: t.dim,
    nodeCount: t.nodeCount,
    data: share(t.data),
    index: share(t.index),
    start: share(t.start),
    end: share(t.end),
    left: share(t.left),
    right: share(t.right),
    lo: share(t.lo),
    hi: share(t.hi),
  };
}

function share<T extends Float64Array | Int32Array>(a: T): T {
  const copy = (a instanceof Float64Array ? sharedAlloc.f64(a.length) : sharedAlloc.i32(a.length)) as T;
  copy.set(a);
  return copy;
}
