// The table from task name to the function that runs one task: shared by this thread's runner and the workers.
import { exactRowsTask } from './exact-knn';
import { rowsAccumulateTask, rowsDotTask } from './pca';
import type { Batch, TaskArgs, TaskName } from './plan';
import { forestBuildTask, forestJoinTask } from './rp-forest';
import { descentJoinTask } from './nn-descent';
import { refineTask } from './refine';
import { rerankTask } from './rerank';
import { spmmTask } from './spectral-init';
import { sgdEpochTask, sgdMergeTask } from './sgd-layout';

const TASKS: { [K in TaskName]: (args: TaskArgs[K], task: number) => void } = {
  exactRows: exactRowsTask,
  rowsDot: rowsDotTask,
  rowsAccumulate: rowsAccumulateTask,
  forestBuild: forestBuildTask,
  forestJoin: forestJoinTask,
  descentJoin: descentJoinTask,
  rerank: rerankTask,
  refine: refineTask,
  spmm: spmmTask,
  sgdEpoch: sgdEpochTask,
  sgdMerge: sgdMergeTask,
};

export function runTask(batch: Batch, task: number): void {
  (TASKS[batch.task] as (args: unknown, task: number) => void)(batch.args, task);
}
