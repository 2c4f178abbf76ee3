// Putting one journalled operation back, whatever point it reached: used by undo (operations that finished) and by
// crash recovery (an operation may have stopped anywhere). The disk, not the journal's last word, decides what
// is done: where the source and destination stand tells whether the file still has to travel back.
import * as path from 'node:path';
import type { ApplyMode } from '../../ipc/contract';
import { moveNoReplace, partialPath, removeIfPresent, sha256File, statOrNull, type Fs, OrganizeError, ioError } from './file-ops';
import type { OpRow } from './journal';

/**
 * A failure with `retry` may pass on a later undo (a file open elsewhere, a permission, its old place taken by
 * another file, the file moved away by the person, who may bring it back); others are final (a copy kept on
 * purpose). Reasons name no path: the caller shows where the file is and where it belongs.
 */
export type RevertOutcome = { ok: true; moved: boolean } | { ok: false; reason: string; retry?: boolean };

/** Brings the file of `op` back to its source path and removes what the apply created for it. */
export async function revertOp(op: OpRow, mode: ApplyMode, fsx: Fs, wasDone: boolean): Promise<RevertOutcome> {
  // A copy cut short leaves its hidden temporary file; it is never the only copy of anything.
  await removeIfPresent(partialPath(op.dest), fsx);
  await removeIfPresent(partialPath(op.source), fsx);
  const [src, dest] = await Promise.all([statOrNull(op.source, fsx), statOrNull(op.dest, fsx)]);
  if (mode === 'copy') {
    if (!dest) return { ok: true, moved: false };
    const destHash = await sha256File(op.dest, fsx);
    // What the original holds now (its size and time unchanged since the copy: what was copied).
    const srcSame = !!src?.isFile() && wasDone && op.hash !== null && src.size === op.size && Math.abs(src.mtimeMs - op.mtimeMs) <= 1;
    const srcHash = !src?.isFile() ? null : srcSame ? op.hash : await sha256File(op.source, fsx);
    // What was copied: recorded when the copy was done; for one cut short, what the original holds (the index's
    // hash may predate an edit made before the plan).
    const expected = wasDone ? op.hash ?? srcHash : srcHash ?? op.hash;
    if (expected === null || destHash !== expected) {
      // Not the copy Likeness made: if the operation never completed, the file there is someone else's.
      if (!wasDone) return { ok: true, moved: false };
      return { ok: false, reason: 'the copy was kept: it changed after it was copied' };
    }
    // The copy may be all that is left of the photo: the original deleted or edited since (copy, then clear the
    // card is a common way to work). Deleted: the copy goes back to the original's path. Edited: the copy is kept.
    if (!src) return moveBack(op, fsx);
    if (srcHash !== destHash) {
      return { ok: false, reason: 'the copy was kept: the original changed since it was copied, so this is the only copy of the photo as it was' };
    }
    await fsx.unlink(op.dest);
    return { ok: true, moved: true };
  }
  if (src && !dest) return { ok: true, moved: false }; // never left, or already back
  // Renamed or moved by the person, perhaps for a while: once it is back (or put back by hand), undo finishes.
  if (!src && !dest) return { ok: false, reason: 'it is gone from there: moved, renamed or deleted outside Likeness', retry: true };
  if (src && dest) {
    // Both names exist: the move stopped between making the new name and removing the old one (one file under
    // two names, or a verified copy) — remove the new name. Anything else there belongs to someone else.
    const sameFile = src.ino === dest.ino && src.dev === dest.dev;
    if (sameFile || (await sha256File(op.source, fsx)) === (await sha256File(op.dest, fsx))) {
      await fsx.unlink(op.dest);
      return { ok: true, moved: true };
    }
    if (!wasDone) return { ok: true, moved: false }; // the move never happened; that file is someone else's
    return { ok: false, reason: 'its old place is taken by another file, which is left alone', retry: true };
  }
  return moveBack(op, fsx);
}

/** The file goes from the destination back to its source path, never replacing anything there. */
async function moveBack(op: OpRow, fsx: Fs): Promise<RevertOutcome> {
  try {
    await moveNoReplace(op.dest, op.source, fsx);
  } catch (e) {
    const err = e instanceof OrganizeError ? e : ioError(e, op.dest, op.source);
    return { ok: false, reason: `it could not go back: ${err.message}`, retry: true };
  }
  return { ok: true, moved: true };
}

/** Removes folders an apply created, deepest first, when nothing else came to live in them. */
export async function removeEmptyDirs(dirs: string[], fsx: Fs): Promise<number> {
  let removed = 0;
  for (const dir of [...dirs].sort((a, b) => b.length - a.length)) {
    try {
      await clearLitter(dir, fsx);
      await fsx.rmdir(dir);
      removed++;
    } catch {
      // Not empty (the user put something there) or already gone: leave it.
    }
  }
  return removed;
}

/**
 * Files an OS leaves in any folder a person merely looks at (Finder's .DS_Store, Explorer's Thumbs.db and
 * desktop.ini, AppleDouble "._" files on non-Mac disks). Browsing a group folder must not keep undo from removing
 * it; anything else in the folder does.
 */
function isLitter(name: string): boolean {
  const n = name.toLowerCase();
  return n === '.ds_store' || n === 'thumbs.db' || n === 'ehthumbs.db' || n === 'desktop.ini' || n.startsWith('._');
}

/** Deletes the litter of a folder only when litter is all it holds. */
async function clearLitter(dir: string, fsx: Fs): Promise<void> {
  const names = await fsx.readdir(dir);
  if (names.length === 0 || !names.every(isLitter)) return;
  for (const name of names) {
    const st = await fsx.lstat(path.join(dir, name));
    if (!st.isFile()) return;
  }
  for (const name of names) await fsx.unlink(path.join(dir, name));
}
