// What the apply dialog says about a plan in one line, and how its operation list reads.
// Pure logic, tested in test/renderer-plan.test.ts.
import type { PlanPreview, PlannedOperation } from '../../../electron/ipc/contract';
import { plural } from './format';

export interface PlanCounts {
  files: number;
  photos: number;
  companions: number;
  renamed: number;
  folders: number;
}

export function planCounts(plan: PlanPreview): PlanCounts {
  let companions = 0;
  let renamed = 0;
  for (const op of plan.operations) {
    if (op.companionOf) companions++;
    if (op.renamed) renamed++;
  }
  return { files: plan.operations.length, photos: plan.operations.length - companions, companions, renamed, folders: plan.folders.length };
}

/** "Copy 120 photos (and 3 companion files) into 7 folders; 2 renamed to avoid overwriting; 15 left in place." */
export function planSentence(plan: PlanPreview): string {
  const c = planCounts(plan);
  if (c.files === 0) return 'Nothing to do: no photo is in a group.';
  const verb = plan.mode === 'copy' ? 'Copy' : 'Move';
  let s = `${verb} ${plural(c.photos, 'photo')}`;
  if (c.companions) s += ` (and ${plural(c.companions, 'companion file')})`;
  s += ` into ${plural(c.folders, 'folder')}`;
  if (c.renamed) s += `; ${formatRenamed(c.renamed)}`;
  if (plan.untouched) s += `; ${plural(plan.untouched, 'photo')} left in place`;
  return `${s}.`;
}

function formatRenamed(n: number): string {
  return `${n} renamed to avoid overwriting ${n === 1 ? 'a file' : 'files'}`;
}

/** Operations in the order a person reviews them: by destination, then by name. */
export function sortedOperations(ops: readonly PlannedOperation[]): PlannedOperation[] {
  return [...ops].sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}

/** A destination folder as listed under "Into <target>": the part below the target, when it is below it. */
export function relativeTo(target: string, folder: string): string {
  for (const sep of ['/', '\\']) {
    const base = target.endsWith(sep) ? target : target + sep;
    if (folder.startsWith(base)) return folder.slice(base.length);
  }
  return folder;
}
