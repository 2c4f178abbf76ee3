// The grouping session: the user's edits of a folder's suggested groups, stored, replayed, undone and redone.
export { GroupingSession } from './session';
export { replayEdits } from './replay';
export { toPlanGroups } from './plan-groups';
export { EditError, prepareEdit } from './validate';
export { editLabel } from './labels';
export { splitGroupId } from './split-id';
export { nameKey } from './group-names';
export { parseStoredEdit, type EditedGroup, type EditedGrouping, type HashOf, type StoredEdit, type SuggestedGrouping } from './types';
