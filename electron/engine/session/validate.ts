// Checking a new edit against what the user sees before it is stored (pure): every group it names must be shown,
// every photo must be in the grouping, a name must not be another group's, and it must change something. The
// session also fills in what the edit leaves open (a split's new id, the groups an accept pins photos to).
import { Edit } from '../../ipc/contract';
import { nameKey } from './group-names';
import { splitGroupId } from './split-id';
import type { EditedGrouping, HashOf, StoredEdit } from './types';

/** An edit that cannot be made, with a message for the person who tried. */
export class EditError extends Error {
  override name = 'EditError';
}

/** What the checks need to know about a view, indexed once. */
class ViewIndex {
  readonly groupOf = new Map<string, { id: string; name: string }>();
  /** Hashes of every photo in the view, with the group they are only suggested for, when they are. */
  readonly known = new Set<string>();
  readonly suggestedFor = new Map<string, string>();
  readonly excluded = new Set<string>();

  constructor(view: EditedGrouping, hashOf: HashOf) {
    for (const g of view.groups) {
      this.groupOf.set(g.id, g);
      for (const p of g.members) this.addPath(p, hashOf);
      for (const s of g.suggested) {
        const h = hashOf.get(s.path);
        if (h !== undefined) this.suggestedFor.set(h, g.id);
      }
    }
    for (const p of view.unsorted) this.addPath(p, hashOf);
    for (const p of view.excluded) {
      this.addPath(p, hashOf);
      const h = hashOf.get(p);
      if (h !== undefined) this.excluded.add(h);
    }
  }

  private addPath(path: string, hashOf: HashOf): void {
    const h = hashOf.get(path);
    if (h !== undefined) this.known.add(h);
  }

  group(id: string): { id: string; name: string } {
    const g = this.groupOf.get(id);
    if (!g) throw new EditError(`there is no group ${id} (any more); reload the groups and try again`);
    return g;
  }

  photos(hashes: readonly string[]): void {
    const unknown = hashes.filter((h) => !this.known.has(h));
    if (unknown.length > 0) {
      throw new EditError(unknown.length === 1 ? `photo ${unknown[0].slice(0, 12)}… is not in this folder's groups` : `${unknown.length} of the photos are not in this folder's groups`);
    }
  }

  /** Refuses a name another group has: joining groups is what merge is for. */
  freeName(name: string, except: ReadonlySet<string>): void {
    const key = nameKey(name);
    for (const g of this.groupOf.values()) {
      if (!except.has(g.id) && nameKey(g.name) === key) {
        throw new EditError(`there is already a group named “${g.name}”; merge the groups to put their photos together`);
      }
    }
  }
}

/**
 * Checks `input` against `view` and returns the edit to store. `takenIds` are ids a new group must not get (those
 * of the view and of the stored edits). Throws EditError with a readable message when the edit cannot be made.
 */
export function prepareEdit(input: unknown, view: EditedGrouping, hashOf: HashOf, takenIds: ReadonlySet<string>): StoredEdit {
  const parsed = Edit.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EditError(`not a valid edit: ${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  const e = parsed.data;
  const ix = new ViewIndex(view, hashOf);
  switch (e.kind) {
    case 'rename':
      ix.group(e.group);
      ix.freeName(e.name, new Set([e.group]));
      return e;
    case 'merge': {
      if (new Set(e.groups).size !== e.groups.length) throw new EditError('a group is named twice in the merge');
      for (const id of e.groups) ix.group(id);
      if (e.name !== undefined) ix.freeName(e.name, new Set(e.groups));
      return e;
    }
    case 'split': {
      ix.photos(e.photos);
      if (e.name !== undefined) ix.freeName(e.name, new Set());
      if (e.group !== undefined && (ix.groupOf.has(e.group) || takenIds.has(e.group))) throw new EditError(`group id ${e.group} is already in use`);
      return { ...e, group: e.group ?? splitGroupId(e.photos, new Set([...takenIds, ...ix.groupOf.keys()])) };
    }
    case 'move':
      if (e.to !== null) ix.group(e.to);
      ix.photos(e.photos);
      return e;
    case 'exclude':
      ix.photos(e.photos);
      if (e.photos.every((h) => ix.excluded.has(h))) throw new EditError('these photos are already excluded');
      return e;
    case 'exclude-group':
      ix.group(e.group);
      return e;
    case 'include':
      ix.photos(e.photos);
      if (!e.photos.some((h) => ix.excluded.has(h))) throw new EditError('none of these photos is excluded');
      return e;
    case 'accept':
    case 'reject': {
      ix.photos(e.photos);
      const notSuggested = e.photos.filter((h) => !ix.suggestedFor.has(h) || ix.excluded.has(h));
      if (notSuggested.length > 0) {
        throw new EditError(notSuggested.length === e.photos.length ? `only suggested photos can be ${e.kind}ed` : `${notSuggested.length} of the photos are not suggestions; only suggested photos can be ${e.kind}ed`);
      }
      if (e.kind === 'reject') return e;
      return { kind: 'accept', photos: e.photos, into: Object.fromEntries(e.photos.map((h) => [h, ix.suggestedFor.get(h)!])) };
    }
  }
}

/** Every group id an edit names or makes. */
export function groupIdsOf(e: StoredEdit): string[] {
  switch (e.kind) {
    case 'rename':
    case 'exclude-group':
      return [e.group];
    case 'merge':
      return e.groups;
    case 'split':
      return e.group === undefined ? [] : [e.group];
    case 'move':
      return e.to === null ? [] : [e.to];
    case 'accept':
      return Object.values(e.into ?? {});
    default:
      return [];
  }
}
