// Running a plan: journal first, then each operation (a no-replace move or a verified copy), each marked done with
// the index following the file. A file changed or gone since the plan is reported and left alone; a full or
// read-only disk stops the run cleanly; cancelling stops between two files and leaves an apply that undo reverts.
// Every photo the plan named is accounted for in the result: placed, already there, failed (why) or not tried (why).
import * as path from 'node:path';
import type { ApplyResult } from '../../ipc/contract';
import { Library } from '../library/library';
import { ProgressMeter } from '../pipeline/progress-meter';
import type { Progress } from '../types';
import { copyVerified, errCode, ioError, moveNoReplace, OrganizeError, realFs, statOrNull, type Fs } from './file-ops';
import { Journal, type OpRow } from './journal';
import { toDisplay, type Plan } from './plan';
import { recoverJournal } from './recover';
import { removeEmptyDirs } from './revert';

export interface RunOptions {
  dataDir: string;
  onProgress?: (p: Progress) => void;
  /** Minimum time between progress reports (ms); 0 reports every file. */
  progressIntervalMs?: number;
  signal?: AbortSignal;
  /** File-system calls (tests inject failures). */
  fs?: Fs;
}

const CANCELLED = 'the apply was cancelled';

/** Failures that will hit every remaining file as well: stop instead of reporting each. */
const STOPPING = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

/** Thrown when the run was cancelled: `result` says what was done before it stopped (the rest: not tried). */
export class ApplyCancelledError extends Error {
  override name = 'AbortError';
  constructor(readonly result: ApplyResult) {
    super('cancelled');
  }
}

export async function applyPlan(plan: Plan, opts: RunOptions): Promise<ApplyResult> {
  const fsx = opts.fs ?? realFs;
  const lib = Library.open(opts.dataDir);
  try {
    const journal = new Journal(lib, lib.folderId(plan.folder), plan.folder);
    const recovered = await recoverJournal(journal, fsx, { requireIdle: true });
    const applyId = journal.begin(plan.mode, plan.target, plan.operations);
    try {
      return { ...(await runOps(plan, journal, applyId, fsx, opts)), recovered };
    } catch (e) {
      if (e instanceof ApplyCancelledError) throw new ApplyCancelledError({ ...e.result, recovered });
      // Not a file's failure (those are reported per file) but the run's own (the database, an abort signal
      // misbehaving): hand the apply over to recovery, which puts back what was done.
      journal.release(applyId);
      await recoverJournal(journal, fsx).catch(() => undefined);
      throw e;
    }
  } finally {
    lib.close();
  }
}

async function runOps(plan: Plan, journal: Journal, applyId: number, fsx: Fs, opts: RunOptions): Promise<Omit<ApplyResult, 'recovered'>> {
  const ops = journal.ops(applyId);
  const meter = new ProgressMeter('apply', ops.length, 5000, opts.progressIntervalMs ?? 200);
  const report = (force: boolean, detail?: string) => {
    const p = meter.update(count, performance.now(), force, detail);
    if (p) opts.onProgress?.(p);
  };
  let count = 0;
  report(true);
  const show = (abs: string) => toDisplay(plan.folder, abs);
  const failed: ApplyResult['failed'] = [];
  // Photos the plan left out before the run (gone, changed since grouped) were not tried either.
  const notTried: ApplyResult['notTried'] = plan.leftOut.map((l) => ({ ...l }));
  const failedPhotos = new Set<string>();
  const madeDirs = new Set<string>();
  let done = 0;
  let placed = 0;
  let failedCount = 0;
  let stop: string | null = null;
  for (const [i, op] of ops.entries()) {
    count = i + 1; // reported once this operation is over
    if (stop === null && opts.signal?.aborted) stop = CANCELLED;
    if (stop !== null) {
      journal.fail(op, 'skipped', stop);
      if (!op.companionOf) notTried.push({ path: show(op.source), reason: stop });
      continue;
    }
    if (op.companionOf && failedPhotos.has(op.companionOf)) {
      // Counted with its photo, whose failure is listed.
      journal.fail(op, 'skipped', 'stays with its photo, which could not be moved');
      continue;
    }
    let hash: string | null;
    try {
      await checkUnchanged(op, fsx);
      await ensureDir(path.dirname(op.dest), journal, applyId, madeDirs, fsx);
      hash = plan.mode === 'copy' ? await copyVerified(op.source, op.dest, fsx) : await moveNoReplace(op.source, op.dest, fsx);
    } catch (e) {
      const err = e instanceof OrganizeError ? e : ioError(e, op.source, op.dest);
      journal.fail(op, 'failed', err.message);
      if (op.companionOf) {
        failed.push({ path: show(op.source), reason: `${err.message} (it belongs with ${show(op.companionOf)}, which ${plan.mode === 'copy' ? 'was copied' : 'moved'} without it)`, companionOf: show(op.companionOf) });
      } else {
        failed.push({ path: show(op.source), reason: err.message });
        failedPhotos.add(op.source);
        failedCount++;
      }
      // A full or read-only disk fails every file after this one too: they are not tried, and say why.
      if (STOPPING.has(errCode(err.cause))) stop = `stopped at ${show(op.source)}: ${err.message}`;
      report(false, path.basename(op.source));
      continue;
    }
    // The file is at its destination: from here a failure (the database) is the run's, not the file's — never
    // "failed", which undo would skip; the operation stays pending and recovery puts it back.
    // A copy's time can only be set to the microsecond: the index records what the disk really holds.
    const landed = hash === null ? undefined : (await statOrNull(op.dest, fsx).catch(() => undefined))?.mtimeMs;
    journal.settle(op, 'done', plan.mode, hash, landed);
    done++;
    if (!op.companionOf) placed++;
    report(false, path.basename(op.source));
  }
  count = ops.length;
  report(true);
  if (done === 0) await removeEmptyDirs(journal.dirs(applyId), fsx);
  journal.setState(applyId, done === 0 ? 'rolled-back' : 'applied');
  const photos = { inPlan: plan.photos + plan.leftOut.length, placed, alreadyThere: plan.inPlace, failed: failedCount, notTried: notTried.length };
  const result = { applyId, mode: plan.mode, target: plan.target, done, photos, failed, notTried, undoable: done > 0, showPath: plan.target };
  if (stop === CANCELLED) throw new ApplyCancelledError({ ...result, recovered: [] });
  return result;
}

/** The file must still be the one the plan saw: same size and modification time. */
async function checkUnchanged(op: OpRow, fsx: Fs): Promise<void> {
  const st = await statOrNull(op.source, fsx);
  if (!st) throw new OrganizeError('missing', `${path.basename(op.source)} is no longer there (moved or deleted since the plan)`);
  if (!st.isFile()) throw new OrganizeError('changed', `${path.basename(op.source)} is no longer a regular file`);
  if (st.size !== op.size || Math.abs(st.mtimeMs - op.mtimeMs) > 1) {
    throw new OrganizeError('changed', `${path.basename(op.source)} changed since the plan was made; left where it is`);
  }
}

/** Creates a destination folder and its missing parents, journalling each before it exists. */
async function ensureDir(dir: string, journal: Journal, applyId: number, made: Set<string>, fsx: Fs): Promise<void> {
  if (made.has(dir)) return;
  const missing: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    const st = await statOrNull(d, fsx);
    if (st) {
      if (!st.isDirectory()) throw new OrganizeError('exists', `${d} exists and is not a folder`);
      break;
    }
    missing.push(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing.reverse()) {
    journal.recordDir(applyId, d);
    try {
      await fsx.mkdir(d);
    } catch (e) {
      if (errCode(e) !== 'EEXIST') throw e;
    }
  }
  made.add(dir);
}
