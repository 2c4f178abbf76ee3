// How the reduction's stages are written once and run either here or on worker threads. A stage is a generator
// (a Plan) that does its light sequential steps itself and yields each heavy step as a batch of numbered tasks;
// tasks of a batch write disjoint parts of shared arrays and read only what no task of the batch writes, so
// running them in any order, on any number of threads, gives the same bytes.
import type { ExactRowsArgs } from './exact-knn';
import type { RowsAccumulateArgs, RowsDotArgs } from './pca';
import type { ForestBuildArgs, ForestJoinArgs } from './rp-forest';
import type { DescentJoinArgs } from './nn-descent';
import type { RefineArgs } from './refine';
import type { RerankArgs } from './rerank';
import type { SpmmArgs } from './spectral-init';
import type { SgdEpochArgs, SgdMergeArgs } from './sgd-layout';

/** Every kind of task, with the arguments it reads (typed arrays and numbers: posted to workers as is). */
export interface TaskArgs {
  exactRows: ExactRowsArgs;
  rowsDot: RowsDotArgs;
  rowsAccumulate: RowsAccumulateArgs;
  forestBuild: ForestBuildArgs;
  forestJoin: ForestJoinArgs;
  descentJoin: DescentJoinArgs;
  rerank: RerankArgs;
  refine: RefineArgs;
  spmm: SpmmArgs;
  sgdEpoch: SgdEpochArgs;
  sgdMerge: SgdMergeArgs;
}

export type TaskName = keyof TaskArgs;

/** Tasks 0 .. count-1 of one kind. */
export type Batch = { [K in TaskName]: { task: K; args: TaskArgs[K]; count: number } }[TaskName];

export type Plan<R> = Generator<Batch, R, void>;
