// The groups view as the screen lists it: every group, then Unsorted, then Excluded (when anything is), each a
// section of photos; and every photo in screen order, for ranges, keyboard moves and the preview's arrows.
// Pure logic, tested in test/renderer-sections.test.ts.
import type { GroupsView, Photo } from '../../../electron/ipc/contract';

export interface Section {
  key: string;
  kind: 'group' | 'unsorted' | 'excluded';
  /** Group id; null for Unsorted and Excluded. */
  id: string | null;
  name: string;
  photos: Photo[];
  userMade: boolean;
  /** The user's group: it keeps its photos when the slider moves. */
  kept: boolean;
  suggested: number;
}

export function sectionsOf(view: GroupsView): Section[] {
  const out: Section[] = view.groups.map((g) => ({
    key: g.id,
    kind: 'group' as const,
    id: g.id,
    name: g.name,
    photos: g.photos,
    userMade: g.userMade,
    kept: g.kept,
    suggested: g.photos.filter((p) => p.suggested !== undefined).length,
  }));
  out.push({ key: 'unsorted', kind: 'unsorted', id: null, name: 'Unsorted', photos: view.unsorted, userMade: false, kept: false, suggested: 0 });
  if (view.excluded.length) {
    out.push({ key: 'excluded', kind: 'excluded', id: null, name: 'Excluded', photos: view.excluded, userMade: false, kept: false, suggested: 0 });
  }
  return out;
}

export interface FlatPhoto {
  photo: Photo;
  section: number;
  index: number;
}

/** Every photo in screen order, with where it sits. */
export function flatten(sections: readonly Section[]): FlatPhoto[] {
  const out: FlatPhoto[] = [];
  sections.forEach((s, section) => s.photos.forEach((photo, index) => out.push({ photo, section, index })));
  return out;
}

/** The photos of a set of paths that are excluded, for the Include action. */
export function excludedAmong(view: GroupsView, selected: ReadonlySet<string>): Photo[] {
  return view.excluded.filter((p) => selected.has(p.path));
}

/** Every photo of the view, excluded ones included: what the toolbar and the preview count. */
export function photoTotal(view: GroupsView): number {
  return view.groups.reduce((n, g) => n + g.photos.length, 0) + view.unsorted.length + view.excluded.length;
}
