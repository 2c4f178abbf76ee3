// Organizing: turning groups into folders on disk. Owns the plan (what will happen, previewed), the journal (what
// is happening, in the library database), apply, undo and crash recovery. Nothing here can overwrite or lose a file.
export { ApplyCancelledError, applyPlan, type RunOptions } from './apply';
export { OrganizeError } from './file-ops';
export { makePlan, NotIndexedError, type MadePlan, type PlanRequest } from './make-plan';
export { buildPlan, previewOf, type Plan, type PlanGroup, type PlanOperation } from './plan';
export { groupsOfPlanFile, parsePlanFile, PlanError, seenOfPlanFile, validatePlanGroups, type AppliedBefore } from './plan-input';
export { TargetError } from './target-check';
export { recoverFolder } from './recover';
export { canUndoApply, latestApply, NothingToUndoError, undoLastApply } from './undo';
