// From the edited view to what the organize step moves (pure): one destination per group, named by the group.
// Members still only suggested (neither accepted nor rejected) go with their group: the suggestion is what the
// user saw and did not object to. Excluded photos and Unsorted stay where they are, so they are not listed.
import type { EditedGrouping } from './types';

export function toPlanGroups(view: EditedGrouping): Array<{ name: string; files: string[] }> {
  return view.groups.map((g) => ({ name: g.name, files: [...g.members] }));
}
