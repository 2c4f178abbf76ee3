// The grouping session: the user's edits of a folder's suggested groups, stored, replayed, undone and redone.
export { GroupingSession } from './session';
export { replayEdits } from './replay';
export { toPlanGroups } from './plan-groups';
export { EditError, prepareEdit } from './validate';
export { editLabel } from './labels';
export { splitGroupId } from './split-id';
export { nameKey } from './group-names';
export { PhotoKeys } from './photo-keys';
export { parseStoredEdit, type EditedGroup, type EditedGrouping, type GroupEdit, type HashOf, type KeptGroup, type StoredEdit, type SuggestedGrouping } from './types';
