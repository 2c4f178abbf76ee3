// A child process for the fault-injection tests: runs one apply or undo and prints a line per file operation, so
// that the parent can kill it (SIGKILL) at chosen moments. With `freezeAfter: N` it stops dead after N progress
// reports (the first comes before any file moves, then one per operation) and prints "frozen": the parent then
// kills it at a known point, some files moved and some not. Not a test file itself.
import * as fs from 'node:fs';
import { applyPlan, makePlan, undoLastApply } from '../electron/engine/organize';
import type { PlanGroup } from '../electron/engine/organize';

interface Job {
  op: 'apply' | 'undo';
  folder: string;
  dataDir: string;
  groups: PlanGroup[];
  target: string | null;
  mode: 'move' | 'copy';
  freezeAfter?: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as Job;
  let reports = 0;
  const onProgress = () => {
    process.stdout.write('.\n');
    if (++reports !== job.freezeAfter) return;
    fs.writeSync(1, 'frozen\n');
    // Blocks this thread for good: nothing more happens until the parent's SIGKILL.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  };
  if (job.op === 'apply') {
    const plan = await makePlan({ folder: job.folder, dataDir: job.dataDir, groups: job.groups, target: job.target, mode: job.mode });
    const result = await applyPlan(plan, { dataDir: job.dataDir, onProgress, progressIntervalMs: 0 });
    process.stdout.write(`done ${JSON.stringify(result)}\n`);
  } else {
    const result = await undoLastApply({ folder: job.folder, dataDir: job.dataDir, onProgress, progressIntervalMs: 0 });
    process.stdout.write(`done ${JSON.stringify(result)}\n`);
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
