// Worker-thread side of the task pool: runs task numbers of each batch it is sent until the shared counter passes
// the batch's count, then says so.
import { parentPort } from 'node:worker_threads';
import type { PoolReply, PoolRequest } from './task-pool';
import { runTask } from './tasks';

const port = parentPort;
if (!port) throw new Error('pool-worker must run in a worker thread');

port.on('message', ({ batch, counter }: PoolRequest) => {
  try {
    for (let t = Atomics.add(counter, 0, 1); t < batch.count; t = Atomics.add(counter, 0, 1)) runTask(batch, t);
    port.postMessage({ type: 'done' } satisfies PoolReply);
  } catch (err) {
    port.postMessage({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies PoolReply);
  }
});
