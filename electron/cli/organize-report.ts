// What `likeness apply` and `likeness undo` tell a person after the run (pure): every photo of the plan counted
// as placed, already there, failed (with its reason) or not tried (with why); every file an undo could not put
// back, with where it belongs and how to finish by hand; and the exit status that goes with it: 0 only when
// everything reached its place. "Undo with" appears only when there is something to undo.
import type { ApplyResult, UndoResult } from '../ipc/contract';
import { oneLine, plural } from './printable';

export interface Report {
  lines: string[];
  /** 0: every photo reached its place (apply) or every file went back (undo); 1 otherwise. */
  status: 0 | 1;
}

export function applyReport(r: ApplyResult, folder: string): Report {
  const p = r.photos;
  const verb = r.mode === 'copy' ? 'Copied' : 'Moved';
  const lines: string[] = [];
  const companions = r.done - p.placed;
  const with_ = companions > 0 ? ` (with ${plural(companions, 'companion file')})` : '';
  const toPlace = p.inPlan - p.alreadyThere;
  const count = p.placed === toPlace && toPlace > 1 ? `all ${toPlace} photos` : toPlace === p.placed ? plural(p.placed, 'photo') : `${p.placed} of ${plural(toPlace, 'photo')}`;
  lines.push(oneLine(`${verb} ${count} into ${r.target}${with_}.`));
  if (p.alreadyThere) lines.push(`${plural(p.alreadyThere, 'photo')} ${p.alreadyThere === 1 ? 'was' : 'were'} already where the plan puts ${p.alreadyThere === 1 ? 'it' : 'them'}.`);
  lines.push(...outcomeLines(r));
  if (r.undoable) lines.push(oneLine(`Undo with: ${undoCommand(folder)}`));
  return { lines, status: r.failed.length || r.notTried.length ? 1 : 0 };
}

/** The failed and not-tried blocks of an apply's report (also used when a plan has nothing left to move). */
export function outcomeLines(r: Pick<ApplyResult, 'failed' | 'notTried'>): string[] {
  const lines: string[] = [];
  if (r.failed.length) {
    const photos = r.failed.filter((f) => !f.companionOf).length;
    const companions = r.failed.length - photos;
    const what = [photos ? plural(photos, 'photo') : '', companions ? plural(companions, 'companion file') : ''].filter(Boolean).join(' and ');
    lines.push(`Failed (${what}):`);
    for (const f of r.failed) lines.push(oneLine(`  ${f.path}: ${f.reason}`));
  }
  // Not tried: one block per reason (a full disk stops every photo after the one that failed, for one reason).
  const byReason = new Map<string, string[]>();
  for (const n of r.notTried) byReason.set(n.reason, [...(byReason.get(n.reason) ?? []), n.path]);
  for (const [reason, paths] of byReason) {
    lines.push(oneLine(`Not tried (${plural(paths.length, 'photo')}): ${reason}`));
    for (const path of paths) lines.push(oneLine(`  ${path}`));
  }
  return lines;
}

export function undoReport(r: UndoResult, folder: string, opts: { copy: boolean; leaveRest: boolean }): Report {
  const lines: string[] = [];
  // Rolling back an interrupted apply was the undo (told by the recovery notes): nothing more was reverted.
  if (r.applyId !== null) {
    const total = r.restored + r.failed.length;
    const count = r.failed.length === 0 ? plural(r.restored, opts.copy ? 'copy' : 'file', opts.copy ? 'copies' : 'files') : `${r.restored} of ${plural(total, opts.copy ? 'copy' : 'file', opts.copy ? 'copies' : 'files')}`;
    const folders = r.removedFolders ? `, removed ${plural(r.removedFolders, 'empty folder')}` : '';
    lines.push(opts.copy ? `Removed ${count}${folders}.` : `Put ${count} back where they were${folders}.`);
  }
  const retry = r.failed.filter((f) => f.backTo !== undefined);
  const kept = r.failed.filter((f) => f.backTo === undefined);
  if (retry.length) {
    lines.push(
      opts.leaveRest
        ? `Left where they are (${plural(retry.length, 'file')}), as asked; this apply is closed:`
        : `Could not go back yet (${plural(retry.length, 'file')}); this apply stays undoable:`,
    );
    for (const f of retry) lines.push(oneLine(`  ${f.path} → ${f.backTo}: ${f.reason}`));
    if (!opts.leaveRest) {
      lines.push('To finish by hand, move each file listed to the path after its arrow (first moving away whatever took its place), then run:');
      lines.push(oneLine(`  ${undoCommand(folder)}`));
      lines.push('or leave them where they are and close this apply (the next undo then reverts the apply before it):');
      lines.push(oneLine(`  ${undoCommand(folder)} --leave-rest`));
    }
  }
  if (kept.length) {
    lines.push(`Kept (${plural(kept.length, 'copy', 'copies')}), so that no photo is lost:`);
    for (const f of kept) lines.push(oneLine(`  ${f.path}: ${f.reason}`));
  }
  if (r.applyId === null && r.notBack) {
    lines.push(`Not back yet: ${plural(r.notBack, 'file')}; the interrupted apply stays undoable: undo again once the cause is gone, or leave them with:`);
    lines.push(oneLine(`  ${undoCommand(folder)} --leave-rest`));
  }
  const failed = (r.failed.length > 0 && !opts.leaveRest) || kept.length > 0 || r.notBack > 0;
  return { lines, status: failed ? 1 : 0 };
}

/** The undo command for a folder, quoted for the shell it is typed into. */
export function undoCommand(folder: string, platform: NodeJS.Platform = process.platform): string {
  return `likeness undo ${shellQuote(folder, platform)}`;
}

function shellQuote(s: string, platform: NodeJS.Platform): string {
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  if (platform === 'win32') return `"${s.replace(/"/g, '""')}"`;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
