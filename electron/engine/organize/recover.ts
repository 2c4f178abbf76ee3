// Crash recovery: an apply found still 'applying' was interrupted (kill -9, power cut) and is rolled back, every
// file put back where it was, so that the folder is exactly as before and the same plan can simply be run again;
// an interrupted undo is finished. Runs before any command touches the folder and says what it did.
import * as fs from 'node:fs';
import type { RecoveryNote, UndoResult } from '../../ipc/contract';
import { Library } from '../library/library';
import { ioError, realFs, type Fs } from './file-ops';
import { Journal, type ApplyRow } from './journal';
import { describeOwner, ownerAlive, type OwnerRecord, type Probe } from './owner';
import { probe as systemProbe } from './process-probe';
import { removeEmptyDirs, revertOp, type RevertOutcome } from './revert';

export async function recoverFolder(opts: { folder: string; dataDir: string; fs?: Fs }): Promise<RecoveryNote[]> {
  const lib = Library.open(opts.dataDir);
  try {
    const root = await fs.promises.realpath(opts.folder);
    const journal = new Journal(lib, lib.folderId(root), root);
    return await recoverJournal(journal, opts.fs ?? realFs, { requireIdle: true });
  } finally {
    lib.close();
  }
}

export class BusyFolderError extends Error {
  constructor(readonly owner: OwnerRecord) {
    super(`another Likeness (${describeOwner(owner)}) is moving files in this folder right now; try again when it has finished`);
  }
}

/**
 * Repairs every interrupted apply or undo of the journal's folder. One whose process is still alive is running,
 * not interrupted: repairing it would race with it. With `requireIdle` (before moving files) that is an error;
 * otherwise (indexing) it is left alone.
 */
export async function recoverJournal(journal: Journal, fsx: Fs, opts: { requireIdle?: boolean; probe?: Probe } = {}): Promise<RecoveryNote[]> {
  const notes: RecoveryNote[] = [];
  for (const apply of journal.applies()) {
    if (apply.state !== 'applying' && apply.state !== 'undoing') continue;
    if (isRunning(apply, opts.probe)) {
      if (opts.requireIdle) throw new BusyFolderError(apply.owner!);
      continue;
    }
    const { restored, failed, notBack } = await revertAll(journal, apply.id, apply.mode, fsx, apply.state === 'applying');
    const rolledBack = apply.state === 'applying';
    // Files that could not go back yet keep their apply undoable, so that undo can try them again.
    journal.setState(apply.id, notBack ? 'applied' : rolledBack ? 'rolled-back' : 'undone');
    notes.push({ applyId: apply.id, action: rolledBack ? 'rolled-back' : 'finished', message: recoveryMessage(rolledBack, apply.target, restored, failed), ...(notBack ? { notBack } : {}) });
  }
  return notes;
}

/** What a repair did, in a person's words: the next command (and the app) says it before anything else. */
export function recoveryMessage(rolledBack: boolean, target: string, restored: number, failed: UndoResult['failed']): string {
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  const what = rolledBack
    ? restored === 0
      ? `an apply to ${target} was interrupted before any file had moved; it was rolled back`
      : `an apply to ${target} was interrupted; it was rolled back: ${files(restored)} put back where ${restored === 1 ? 'it was' : 'they were'}`
    : `an undo was interrupted; it was finished: ${files(restored)} more put back`;
  if (failed.length === 0) return what;
  const first = failed[0];
  return `${what}; ${files(failed.length)} could not be put back (undo again once the cause is gone), e.g. ${first.path}${first.backTo ? ` → ${first.backTo}` : ''}: ${first.reason}`;
}

/**
 * Puts back every operation of an apply that may have touched the disk, last first. With `includePending`, the
 * operations not yet marked done are looked at too: the crash may have come in the middle of one. `notBack`: files
 * that could not go back this time and stay to be retried (their operations stay 'done').
 */
export async function revertAll(
  journal: Journal,
  applyId: number,
  mode: 'move' | 'copy',
  fsx: Fs,
  includePending: boolean,
  onOne?: () => void,
): Promise<{ restored: number; failed: UndoResult['failed']; notBack: number; removedFolders: number }> {
  let restored = 0;
  let notBack = 0;
  const failed: UndoResult['failed'] = [];
  const ops = journal.ops(applyId).reverse();
  for (const op of ops) {
    if (op.state !== 'done' && !(includePending && op.state === 'pending')) continue;
    // One file's trouble (open elsewhere, unreadable) is reported; it must not stop the others or leave the
    // apply 'undoing' under this live process, which every later command would take for a run in progress.
    const outcome = await revertOp(op, mode, fsx, op.state === 'done').catch((e): RevertOutcome => ({ ok: false, reason: `it could not go back: ${ioError(e, op.dest, op.source).message}`, retry: true }));
    if (outcome.ok) {
      if (op.state === 'done') journal.settle(op, 'undone', mode);
      else journal.fail(op, 'skipped', 'rolled back after an interruption');
      if (outcome.moved) restored++;
    } else if (outcome.retry) {
      // Left (or made) 'done': the next undo of this apply tries this file again, whatever point it reached.
      if (op.state === 'pending') journal.markDone(op);
      notBack++;
      failed.push({ path: journal.display(op.dest), reason: outcome.reason, backTo: journal.display(op.source) });
    } else {
      // Final (a copy kept on purpose): it stays where it is, and is not retried.
      if (op.state === 'done') journal.fail(op, 'skipped', outcome.reason);
      failed.push({ path: journal.display(op.dest), reason: outcome.reason });
    }
    onOne?.();
  }
  const removedFolders = await removeEmptyDirs(journal.dirs(applyId), fsx);
  return { restored, failed, notBack, removedFolders };
}

/**
 * Whether the process that owns an apply still runs (owner.ts decides: same boot, same pid and start time, no
 * zombie; the host name does not count, the library being on this machine).
 */
export function isRunning(apply: Pick<ApplyRow, 'owner'>, probe: Probe = systemProbe): boolean {
  return apply.owner !== null && ownerAlive(apply.owner, probe);
}
