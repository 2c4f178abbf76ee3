// Undo of an apply: the most recent apply not yet undone is reverted file by file, last first, and the folders it
// created are removed when empty. Journalled like the apply itself ('undoing'), so a crash mid-undo is finished by
// recovery. Calling it again undoes the apply before that one. When the last apply was interrupted (a crash),
// rolling it back is the undo: that is what the person asked for, and it is reported as such. An apply stays
// undoable while any of its files is not back (its place taken, the file renamed or open elsewhere): the next undo
// retries those, unless the person chooses to leave them where they are (`leaveRest`).
import * as fs from 'node:fs';
import type { UndoResult } from '../../ipc/contract';
import { Library } from '../library/library';
import { ProgressMeter } from '../pipeline/progress-meter';
import { realFs } from './file-ops';
import { Journal } from './journal';
import { recoverJournal, revertAll } from './recover';
import type { RunOptions } from './apply';

export class NothingToUndoError extends Error {
  constructor(folder: string) {
    super(`nothing to undo: no apply of ${folder} is left to revert`);
  }
}

export async function undoLastApply(opts: RunOptions & { folder: string; leaveRest?: boolean }): Promise<UndoResult> {
  const fsx = opts.fs ?? realFs;
  const lib = Library.open(opts.dataDir);
  try {
    const root = await fs.promises.realpath(opts.folder);
    const journal = new Journal(lib, lib.folderId(root), root);
    const recovered = await recoverJournal(journal, fsx, { requireIdle: true });
    // The interrupted apply was the last one, and it is now undone: undoing the one before too would be a surprise.
    if (recovered.length) return { applyId: null, restored: 0, failed: [], notBack: recovered.reduce((n, r) => n + (r.notBack ?? 0), 0), removedFolders: 0, recovered };
    const apply = journal.applies().find((a) => a.state === 'applied');
    if (!apply) throw new NothingToUndoError(root);
    journal.setState(apply.id, 'undoing');
    const total = journal.ops(apply.id).filter((o) => o.state === 'done').length;
    const meter = new ProgressMeter('apply', total, 5000, opts.progressIntervalMs ?? 200);
    let count = 0;
    const tick = (force: boolean) => {
      const p = meter.update(count, performance.now(), force, apply.mode === 'copy' ? 'removing the copies' : 'putting files back');
      if (p) opts.onProgress?.(p);
    };
    tick(true);
    // Undo is not cancellable: stopping half-way would leave a folder neither as it was nor as it was arranged.
    const { restored, failed, notBack, removedFolders } = await revertAll(journal, apply.id, apply.mode, fsx, false, () => {
      count++;
      tick(false);
    }).catch((e: unknown) => {
      // Not a file's failure (those are reported) but the run's: hand the undo to the next command's recovery,
      // instead of leaving it owned by this live process (the app), which would call the folder busy until restarted.
      journal.release(apply.id);
      throw e;
    });
    tick(true);
    // Files that could not go back yet leave the apply undoable: undo again retries them rather than moving on to
    // the apply before this one. Unless the person chose to leave them: then they stay, and the apply is closed.
    if (notBack && opts.leaveRest) {
      for (const op of journal.ops(apply.id)) if (op.state === 'done') journal.fail(op, 'skipped', 'left where it is at the person\'s request');
    }
    const closed = !notBack || opts.leaveRest === true;
    journal.setState(apply.id, closed ? 'undone' : 'applied');
    const told = opts.leaveRest ? failed.map((f) => (f.backTo ? { ...f, reason: `${f.reason}; left where it is` } : f)) : failed;
    return { applyId: apply.id, mode: apply.mode, restored, failed: told, notBack: closed ? 0 : notBack, removedFolders, recovered };
  } finally {
    lib.close();
  }
}

/** Whether the folder has an apply that undo would revert. */
export function canUndoApply(opts: { folder: string; dataDir: string }): boolean {
  const lib = Library.open(opts.dataDir);
  try {
    const root = fs.realpathSync(opts.folder);
    return new Journal(lib, lib.folderId(root), root).applies().some((a) => a.state === 'applied' || a.state === 'undoing');
  } finally {
    lib.close();
  }
}

/** The folder's most recent apply, whatever its state, or null when it never had one. */
export function latestApply(opts: { folder: string; dataDir: string }): { id: number; state: string } | null {
  const lib = Library.open(opts.dataDir);
  try {
    const root = fs.realpathSync(opts.folder);
    const a = new Journal(lib, lib.folderId(root), root).applies()[0];
    return a ? { id: a.id, state: a.state } : null;
  } finally {
    lib.close();
  }
}
