// A child process for the fault-injection tests: runs one apply or undo and prints a line per file operation, so
// that the parent can kill it (SIGKILL) at chosen moments. Not a test file itself.
import { applyPlan, makePlan, undoLastApply } from '../electron/engine/organize';
import type { PlanGroup } from '../electron/engine/organize';

interface Job {
  op: 'apply' | 'undo';
  folder: string;
  dataDir: string;
  groups: PlanGroup[];
  target: string | null;
  mode: 'move' | 'copy';
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as Job;
  const onProgress = () => process.stdout.write('.\n');
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
