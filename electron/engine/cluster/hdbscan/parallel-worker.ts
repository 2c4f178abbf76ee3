// Worker-thread entry for parallel.ts: runs its share of each task on the shared arrays, then answers 'done'.
import { parentPort } from 'node:worker_threads';
import { newScratch, type BoruvkaScratch, type BoruvkaState } from './mst-boruvka';
import { runBoruvkaChunks, runCoreChunks, type WorkerTask } from './parallel';

let mst: { state: BoruvkaState; scratch: BoruvkaScratch; counter: Int32Array } | null = null;

parentPort!.on('message', (task: WorkerTask) => {
  if (task.type === 'core') runCoreChunks(task.tree, task.k, task.counter, task.out);
  else if (task.type === 'mst') mst = { state: task.state, scratch: newScratch(task.state.tree), counter: task.counter };
  else if (task.type === 'round' && mst) runBoruvkaChunks(mst.state, mst.scratch, mst.counter);
  parentPort!.postMessage('done');
});
