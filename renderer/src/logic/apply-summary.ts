// The result screen's summary per destination folder (pure): how many files each folder received and how many
// could not go there, from the plan that was applied and the apply's failures. Tested in test/renderer-edits.test.ts.
import type { ApplyResult, PlanPreview } from '../../../electron/ipc/contract';

export interface FolderOutcome {
  folder: string;
  done: number;
  failed: number;
}

/** One row per destination folder of the plan, in the plan's order. */
export function outcomeByFolder(plan: PlanPreview, result: ApplyResult): FolderOutcome[] {
  const failed = new Set(result.failed.map((f) => f.path));
  const byFolder = new Map<string, FolderOutcome>(plan.folders.map((f) => [f.folder, { folder: f.folder, done: 0, failed: 0 }]));
  for (const op of plan.operations) {
    const folder = parentOf(op.to);
    let row = byFolder.get(folder);
    if (!row) byFolder.set(folder, (row = { folder, done: 0, failed: 0 }));
    if (failed.has(op.from)) row.failed++;
    else row.done++;
  }
  return [...byFolder.values()].filter((r) => r.done + r.failed > 0);
}

function parentOf(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i <= 0 ? p : p.slice(0, i);
}
