// Crash recovery: an apply found still 'applying' was interrupted (kill -9, power cut) and is rolled back, every
// file put back where it was, so that the folder is exactly as before and the same plan can simply be run again;
// an interrupted undo is finished. Runs before any command touches the folder and says what it did.
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { RecoveryNote } from '../../ipc/contract';
import { Library } from '../library/library';
import { ioError, realFs, type Fs } from './file-ops';
import { Journal, SELF, type ApplyRow } from './journal';
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
  constructor(readonly owner: string) {
    super(`another Likeness (${owner.replace(/:(\d+)$/, ', process $1')}) is moving files in this folder right now; try again when it has finished`);
  }
}

/**
 * Repairs every interrupted apply or undo of the journal's folder. One whose process is still alive is running,
 * not interrupted: repairing it would race with it. With `requireIdle` (before moving files) that is an error;
 * otherwise (indexing) it is left alone.
 */
export async function recoverJournal(journal: Journal, fsx: Fs, opts: { requireIdle?: boolean } = {}): Promise<RecoveryNote[]> {
  const notes: RecoveryNote[] = [];
  for (const apply of journal.applies()) {
    if (apply.state !== 'applying' && apply.state !== 'undoing') continue;
    if (isRunning(apply)) {
      if (opts.requireIdle) throw new BusyFolderError(apply.owner!);
      continue;
    }
    const { restored, failed, retryable } = await revertAll(journal, apply.id, apply.mode, fsx, apply.state === 'applying');
    const rolledBack = apply.state === 'applying';
    // Files that could not go back yet keep their apply undoable, so that undo can try them again.
    journal.setState(apply.id, retryable ? 'applied' : rolledBack ? 'rolled-back' : 'undone');
    const tail = failed.length ? `; ${failed.length} could not be put back: ${failed[0].reason}` : '';
    notes.push({
      applyId: apply.id,
      action: rolledBack ? 'rolled-back' : 'finished',
      message: rolledBack
        ? `an apply to ${apply.target} was interrupted; it was rolled back (${restored} files put back where they were)${tail}`
        : `an undo was interrupted; it was finished (${restored} more files put back)${tail}`,
    });
  }
  return notes;
}

/**
 * Puts back every operation of an apply that may have touched the disk, last first. With `includePending`, the
 * operations not yet marked done are looked at too: the crash may have come in the middle of one.
 */
export async function revertAll(journal: Journal, applyId: number, mode: 'move' | 'copy', fsx: Fs, includePending: boolean, onOne?: () => void): Promise<{ restored: number; failed: Array<{ path: string; reason: string }>; retryable: number; removedFolders: number }> {
  let restored = 0;
  let retryable = 0;
  const failed: Array<{ path: string; reason: string }> = [];
  const ops = journal.ops(applyId).reverse();
  for (const op of ops) {
    if (op.state !== 'done' && !(includePending && op.state === 'pending')) continue;
    // One file's trouble (open elsewhere, unreadable) is reported; it must not stop the others or leave the
    // apply 'undoing' under this live process, which every later command would take for a run in progress.
    const outcome = await revertOp(op, mode, fsx, op.state === 'done').catch((e): RevertOutcome => ({ ok: false, reason: `${journal.display(op.dest)} could not go back: ${ioError(e, op.dest, op.source).message}`, retry: true }));
    if (outcome.ok) {
      if (op.state === 'done') journal.settle(op, 'undone', mode);
      else journal.fail(op, 'skipped', 'rolled back after an interruption');
      if (outcome.moved) restored++;
    } else if (outcome.retry) {
      // Left (or made) 'done': the next undo of this apply tries this file again, whatever point it reached.
      if (op.state === 'pending') journal.markDone(op);
      retryable++;
      failed.push({ path: journal.display(op.dest), reason: `${outcome.reason} (undo again to retry)` });
    } else {
      // Final (the file changed, is gone, or its old place is taken): it stays where it is, and is not retried.
      if (op.state === 'done') journal.fail(op, 'skipped', outcome.reason);
      failed.push({ path: journal.display(op.dest), reason: outcome.reason });
    }
    onOne?.();
  }
  const removedFolders = await removeEmptyDirs(journal.dirs(applyId), fsx);
  return { restored, failed, retryable, removedFolders };
}

/**
 * Whether the process that owns an apply still runs. On another machine (a shared network folder) it cannot be
 * known, so it counts as running: waiting is safe, racing is not. A recycled pid only delays recovery.
 */
export function isRunning(apply: Pick<ApplyRow, 'owner'>, self = SELF): boolean {
  if (!apply.owner) return false;
  const sep = apply.owner.lastIndexOf(':');
  const host = apply.owner.slice(0, sep);
  const pid = Number(apply.owner.slice(sep + 1));
  if (host !== os.hostname()) return true;
  if (apply.owner === self) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
