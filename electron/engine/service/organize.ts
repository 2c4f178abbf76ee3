// The one place the service touches the organize engine (electron/engine/organize): plans, apply, undo of an
// apply, and recovery of an interrupted apply when a folder is opened. Behind a small interface so that tests
// can pass a fake and the service does not depend on the organize internals.
import type { ApplyMode, ApplyResult, PlanPreview, RecoveryNote, UndoResult } from '../../ipc/contract';
import { applyPlan, canUndoApply, latestApply, makePlan, previewOf, recoverFolder, undoLastApply, type Plan } from '../organize';
import type { Progress } from '../types';

export interface PlanHandle {
  id: string;
  /** The folder's absolute real path. */
  folder: string;
  preview: PlanPreview;
  /** The engine's own plan; only the engine reads it. */
  plan: unknown;
}

interface Run {
  dataDir: string;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface OrganizeEngine {
  plan(opts: { folder: string; dataDir: string; groups: Array<{ name: string; files: string[] }>; target: string | null; mode: ApplyMode }): Promise<PlanHandle>;
  apply(plan: PlanHandle, opts: Run): Promise<ApplyResult>;
  undo(opts: Run & { folder: string; leaveRest?: boolean }): Promise<UndoResult>;
  recover(opts: { folder: string; dataDir: string }): Promise<RecoveryNote[]>;
  canUndo(opts: { folder: string; dataDir: string }): boolean;
  /** The folder's most recent apply (id and state), or null: tells whether a cancelled apply left anything to undo. */
  latestApply(opts: { folder: string; dataDir: string }): { id: number; state: string } | null;
}

export const organizeEngine: OrganizeEngine = {
  plan: async (opts) => {
    const plan = await makePlan(opts);
    return { id: plan.id, folder: opts.folder, preview: previewOf(plan), plan };
  },
  apply: (handle, opts) => applyPlan(handle.plan as Plan, opts),
  undo: (opts) => undoLastApply(opts),
  recover: (opts) => recoverFolder(opts),
  canUndo: (opts) => canUndoApply(opts),
  latestApply: (opts) => latestApply(opts),
};
