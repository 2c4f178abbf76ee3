// Checking a new edit against what the user sees before it is stored (pure): every group it names must be shown,
// every photo must be in the grouping, a name must not be another group's, and it must change something. The
// session also records what the edit decided as photos, so that it holds on any later grouping (replay.ts): the
// groups it makes the user's with the photos they hold now, an excluded group's members, a split's new id and
// name, the groups an accept pins photos to.
import { Edit } from '../../ipc/contract';
import { nameKey } from './group-names';
import { PhotoKeys } from './photo-keys';
import { splitGroupId } from './split-id';
import type { EditedGroup, EditedGrouping, HashOf, KeptGroup, StoredEdit } from './types';

/** An edit that cannot be made, with a message for the person who tried. */
export class EditError extends Error {
  override name = 'EditError';
}

/** What the checks need to know about a view, indexed once. */
class ViewIndex {
  readonly groupOf = new Map<string, EditedGroup>();
  /** Every path shown, with its group (null: Unsorted or Excluded). */
  readonly placeOf = new Map<string, string | null>();
  readonly suggestedFor = new Map<string, string>();
  readonly excluded: ReadonlySet<string>;
  readonly keys: PhotoKeys;

  constructor(readonly view: EditedGrouping, hashOf: HashOf) {
    this.keys = new PhotoKeys(hashOf);
    for (const g of view.groups) {
      this.groupOf.set(g.id, g);
      for (const p of g.members) this.placeOf.set(p, g.id);
      for (const s of g.suggested) this.suggestedFor.set(s.path, g.id);
    }
    for (const p of view.unsorted) this.placeOf.set(p, null);
    for (const p of view.excluded) this.placeOf.set(p, null);
    this.excluded = new Set(view.excluded);
  }

  group(id: string): EditedGroup {
    const g = this.groupOf.get(id);
    if (!g) throw new EditError(`there is no group ${id} (any more); reload the groups and try again`);
    return g;
  }

  /** The shown paths of each key; refuses keys that name no photo of the view. */
  photos(keys: readonly string[]): string[][] {
    const paths = keys.map((k) => this.keys.paths(k).filter((p) => this.placeOf.has(p)));
    const unknown = keys.filter((_, i) => paths[i].length === 0);
    if (unknown.length > 0) {
      throw new EditError(unknown.length === 1 ? `photo ${unknown[0].slice(0, 12)}… is not in this folder's groups` : `${unknown.length} of the photos are not in this folder's groups`);
    }
    return paths;
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

  /** The keys of paths, each once. */
  keysOf(paths: Iterable<string>): string[] {
    const out = new Set<string>();
    for (const p of paths) {
      const k = this.keys.keyOf(p);
      if (k !== undefined) out.add(k);
    }
    return [...out];
  }

  /**
   * A group as it is now, to become (or stay) the user's: the members no edit placed (edits replayed before this
   * one place the others), with the suggestions among them.
   */
  keep(groups: EditedGroup[], as: { id: string; name: string; renamed: boolean; userMade: boolean }): KeptGroup {
    const photos: string[] = [];
    const suggested: Record<string, number> = {};
    for (const g of groups) {
      const share = new Map(g.suggested.map((s) => [s.path, s.confidence]));
      for (const p of g.members) {
        if (this.view.decided.has(p)) continue;
        const k = this.keys.keyOf(p);
        if (k === undefined) continue;
        photos.push(k);
        const c = share.get(p);
        if (c !== undefined) suggested[k] = c;
      }
    }
    const out: KeptGroup = { ...as, photos };
    if (Object.keys(suggested).length) out.suggested = suggested;
    return out;
  }

  keepAsIs(g: EditedGroup): KeptGroup {
    return this.keep([g], { id: g.id, name: g.name, renamed: g.renamed, userMade: g.userMade });
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
    case 'rename': {
      const g = ix.group(e.group);
      ix.freeName(e.name, new Set([e.group]));
      return { ...e, keep: [ix.keepAsIs(g)] };
    }
    case 'merge': {
      if (new Set(e.groups).size !== e.groups.length) throw new EditError('a group is named twice in the merge');
      const groups = e.groups.map((id) => ix.group(id));
      if (e.name !== undefined) ix.freeName(e.name, new Set(e.groups));
      const t = groups[0];
      return { ...e, keep: [ix.keep(groups, { id: t.id, name: e.name ?? t.name, renamed: e.name !== undefined || t.renamed, userMade: t.userMade })] };
    }
    case 'split': {
      const paths = ix.photos(e.photos).flat();
      if (e.name !== undefined) ix.freeName(e.name, new Set());
      if (e.group !== undefined && (ix.groupOf.has(e.group) || takenIds.has(e.group))) throw new EditError(`group id ${e.group} is already in use`);
      const group = e.group ?? splitGroupId(e.photos, new Set([...takenIds, ...ix.groupOf.keys()]));
      const name = e.name ?? sourceName(paths, ix);
      return { ...e, group, keep: [{ id: group, name, renamed: e.name !== undefined, userMade: true, photos: [] }] };
    }
    case 'move': {
      const to = e.to === null ? null : ix.group(e.to);
      ix.photos(e.photos);
      return to === null ? e : { ...e, keep: [ix.keepAsIs(to)] };
    }
    case 'exclude': {
      const paths = ix.photos(e.photos).flat();
      if (paths.every((p) => ix.excluded.has(p))) throw new EditError('these photos are already excluded');
      return e;
    }
    case 'exclude-group': {
      const g = ix.group(e.group);
      return { ...e, members: ix.keysOf(g.members) };
    }
    case 'include': {
      const paths = ix.photos(e.photos).flat();
      if (!paths.some((p) => ix.excluded.has(p))) throw new EditError('none of these photos is excluded');
      return e;
    }
    case 'accept':
    case 'reject': {
      const paths = ix.photos(e.photos);
      const notSuggested = e.photos.filter((_, i) => paths[i].every((p) => !ix.suggestedFor.has(p) || ix.excluded.has(p)));
      if (notSuggested.length > 0) {
        throw new EditError(notSuggested.length === e.photos.length ? `only suggested photos can be ${e.kind}ed` : `${notSuggested.length} of the photos ${notSuggested.length === 1 ? 'is not a suggestion' : 'are not suggestions'}; only suggested photos can be ${e.kind}ed`);
      }
      if (e.kind === 'reject') return e;
      const into = Object.fromEntries(e.photos.map((k, i) => [k, ix.suggestedFor.get(paths[i].find((p) => ix.suggestedFor.has(p))!)!]));
      const targets = [...new Set(Object.values(into))];
      return { kind: 'accept', photos: e.photos, into, keep: targets.map((id) => ix.keepAsIs(ix.group(id))) };
    }
  }
}

/** A new group's name until the user names it: that of the group most of its photos came from. */
function sourceName(paths: string[], ix: ViewIndex): string {
  const count = new Map<string, number>();
  for (const p of paths) {
    const g = ix.placeOf.get(p);
    if (g != null) count.set(g, (count.get(g) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [g, n] of count) if (best === null || n > count.get(best)!) best = g;
  return best === null ? 'New group' : ix.group(best).name;
}

/** Every group id an edit names or makes. */
export function groupIdsOf(e: StoredEdit): string[] {
  const kept = 'keep' in e && e.keep ? e.keep.map((k) => k.id) : [];
  switch (e.kind) {
    case 'rename':
    case 'exclude-group':
      return [e.group, ...kept];
    case 'merge':
      return [...e.groups, ...kept];
    case 'split':
      return e.group === undefined ? kept : [e.group, ...kept];
    case 'move':
      return e.to === null ? kept : [e.to, ...kept];
    case 'accept':
      return [...Object.values(e.into ?? {}), ...kept];
    default:
      return [];
  }
}
