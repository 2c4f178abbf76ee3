// Replaying the user's edits on a suggested grouping (pure). Edits name photos by content hash and groups by
// stable id, so the same log replays onto any later grouping of the folder: what the user decided stays (a name,
// a photo put somewhere, an exclusion), everything else follows the new suggestion. An edit whose group or photos
// no longer exist does nothing; a group that edits leave empty is not shown.
import { splitGroupId } from './split-id';
import { distinctNames, nameKey } from './group-names';
import type { EditedGrouping, HashOf, StoredEdit, SuggestedGrouping } from './types';

interface GroupState {
  id: string;
  name: string;
  renamed: boolean;
  userMade: boolean;
}

/**
 * Where one path is: its group (null = Unsorted) and, while only suggested there, the neighbours' confidence and
 * why it is odd, when it is.
 */
interface Place {
  group: string | null;
  confidence: number | null;
  reason?: string;
}

/** The working state of one replay. */
class Replay {
  /** Insertion order is display order. */
  readonly groups = new Map<string, GroupState>();
  readonly place = new Map<string, Place>();
  readonly pathsOf = new Map<string, string[]>();
  readonly excluded = new Set<string>();
  /** Ids merged away (or named first in a merge but absent) → the group their photos went to. */
  readonly alias = new Map<string, string>();
  /** Where each path stood in its suggested group, 0 (most typical) to 1 (last); Unsorted paths 1. */
  private readonly rank = new Map<string, number>();
  /** The suggested members of each group, to tell which groups the edits changed. */
  private readonly suggestedMembers = new Map<string, Set<string>>();

  constructor(private readonly suggested: SuggestedGrouping, hashOf: HashOf) {
    const add = (path: string, p: Place) => {
      if (this.place.has(path)) return; // a malformed grouping listing a path twice: first place wins
      this.place.set(path, p);
      // A path the index has no hash for cannot be named by an edit; it keeps its suggested place.
      const hash = hashOf.get(path) ?? `path:${path}`;
      const paths = this.pathsOf.get(hash);
      if (paths) paths.push(path);
      else this.pathsOf.set(hash, [path]);
    };
    for (const g of suggested.groups) {
      this.groups.set(g.id, { id: g.id, name: g.name, renamed: false, userMade: false });
      this.suggestedMembers.set(g.id, new Set(g.files));
      const only = new Map(g.suggested.map((s) => [s.path, s]));
      g.files.forEach((path, i) => {
        const s = only.get(path);
        add(path, s ? { group: g.id, confidence: s.confidence, ...(s.reason !== undefined ? { reason: s.reason } : {}) } : { group: g.id, confidence: null });
        if (!this.rank.has(path)) this.rank.set(path, i / g.files.length);
      });
    }
    for (const path of suggested.unsorted) {
      add(path, { group: null, confidence: null });
      if (!this.rank.has(path)) this.rank.set(path, 1);
    }
  }

  /** The group an id stands for now, following merges; null when there is none. */
  resolve(id: string): string | null {
    let cur = id;
    for (let hops = 0; hops <= this.alias.size; hops++) {
      if (this.groups.has(cur)) return cur;
      const next = this.alias.get(cur);
      if (next === undefined) return null;
      cur = next;
    }
    return null; // an alias cycle cannot be built by merges, but a damaged log must not hang the replay
  }

  paths(hashes: readonly string[]): string[] {
    return hashes.flatMap((h) => this.pathsOf.get(h) ?? []);
  }

  /** The user put these paths somewhere: they stay there, firmly, and are no longer set aside. */
  pin(paths: string[], group: string | null): void {
    for (const p of paths) {
      this.place.set(p, { group, confidence: null });
      this.excluded.delete(p);
    }
  }

  apply(e: StoredEdit): void {
    switch (e.kind) {
      case 'rename': {
        const id = this.resolve(e.group);
        if (id === null) return;
        const g = this.groups.get(id)!;
        g.name = e.name;
        g.renamed = true;
        return;
      }
      case 'merge': {
        const ids = [...new Set(e.groups.map((id) => this.resolve(id)).filter((id): id is string => id !== null))];
        if (ids.length === 0) return;
        const [target, ...others] = ids;
        const merged = new Set(others);
        for (const p of this.place.values()) if (p.group !== null && merged.has(p.group)) p.group = target;
        for (const id of others) this.groups.delete(id);
        // Later groupings may still suggest the merged-away ids: their photos go to the target too.
        for (const id of [...e.groups, ...others]) if (id !== target) this.alias.set(id, target);
        if (e.name !== undefined) {
          const g = this.groups.get(target)!;
          g.name = e.name;
          g.renamed = true;
        }
        return;
      }
      case 'split': {
        const paths = this.paths(e.photos);
        if (paths.length === 0) return;
        let id = e.group === undefined ? splitGroupId(e.photos, new Set(this.groups.keys())) : this.resolve(e.group) ?? e.group;
        if (!this.groups.has(id)) {
          this.groups.set(id, { id, name: e.name ?? this.sourceName(paths), renamed: e.name !== undefined, userMade: true });
        } else if (e.name !== undefined) {
          const g = this.groups.get(id)!;
          g.name = e.name;
          g.renamed = true;
        }
        this.pin(paths, id);
        return;
      }
      case 'move': {
        const to = e.to === null ? null : this.resolve(e.to);
        if (e.to !== null && to === null) return; // the destination is gone: the photos follow the grouping
        this.pin(this.paths(e.photos), to);
        return;
      }
      case 'exclude':
        for (const p of this.paths(e.photos)) this.excluded.add(p);
        return;
      case 'exclude-group': {
        const id = this.resolve(e.group);
        if (id === null) return;
        for (const [path, p] of this.place) if (p.group === id) this.excluded.add(path);
        return;
      }
      case 'include':
        for (const p of this.paths(e.photos)) this.excluded.delete(p);
        return;
      case 'accept':
        for (const h of e.photos) {
          const paths = this.pathsOf.get(h) ?? [];
          const wanted = e.into?.[h];
          for (const path of paths) {
            const p = this.place.get(path)!;
            // Accepted into a group that no longer exists: the photo goes where the grouping puts it.
            const to = wanted === undefined ? p.group : this.resolve(wanted);
            if (to !== null) this.place.set(path, { group: to, confidence: null });
          }
        }
        return;
      case 'reject':
        for (const path of this.paths(e.photos)) this.place.set(path, { group: null, confidence: null });
        return;
    }
  }

  /** A new group's name until the user names it: that of the group most of its photos came from. */
  private sourceName(paths: string[]): string {
    const count = new Map<string, number>();
    for (const path of paths) {
      const g = this.place.get(path)!.group;
      if (g !== null) count.set(g, (count.get(g) ?? 0) + 1);
    }
    let best: string | null = null;
    for (const [g, n] of count) if (best === null || n > count.get(best)!) best = g;
    return best === null ? 'New group' : this.groups.get(best)!.name;
  }

  result(): EditedGrouping {
    const members = new Map<string, string[]>();
    const unsorted: string[] = [];
    for (const [path, p] of this.place) {
      if (this.excluded.has(path)) continue;
      if (p.group === null) unsorted.push(path);
      else {
        const list = members.get(p.group);
        if (list) list.push(path);
        else members.set(p.group, [path]);
      }
    }
    const shown = [...this.groups.values()].filter((g) => members.has(g.id));
    // Still-suggested members last, the rest where the suggested grouping put them.
    const isSuggested = (p: string) => (this.place.get(p)!.confidence !== null ? 1 : 0);
    const rank = (p: string) => this.rank.get(p) ?? 1;
    for (const list of members.values()) list.sort((a, b) => isSuggested(a) - isSuggested(b) || rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    const named = this.nameChanged(shown, members);
    const names = distinctNames(named);
    return {
      groups: shown.map((g, i) => {
        const paths = members.get(g.id)!;
        return {
          id: g.id,
          name: names[i],
          renamed: g.renamed,
          userMade: g.userMade,
          members: paths,
          suggested: paths.flatMap((p) => {
            const place = this.place.get(p)!;
            if (place.confidence === null) return [];
            return [{ path: p, confidence: place.confidence, ...(place.reason !== undefined ? { reason: place.reason } : {}) }];
          }),
        };
      }),
      unsorted: unsorted.sort(),
      excluded: [...this.excluded].sort(),
    };
  }

  /**
   * The shown groups with their names: a group the user did not name but made, or changed, or whose suggested name
   * a name the user typed has taken, is named from what it now holds (when the grouping can name photos), apart
   * from every other name shown. Changed suggested groups go first, so the group photos were split off from keeps
   * its name and the new group is told apart from it.
   */
  private nameChanged(shown: GroupState[], members: Map<string, string[]>): Array<{ name: string; renamed: boolean }> {
    const out = shown.map((g) => ({ name: g.name, renamed: g.renamed }));
    const namer = this.suggested.nameGroups;
    if (!namer) return out;
    const userNames = new Set(shown.filter((g) => g.renamed).map((g) => nameKey(g.name)));
    const changed = (g: GroupState): boolean => {
      const before = this.suggestedMembers.get(g.id);
      const now = members.get(g.id)!;
      return before === undefined || before.size !== now.length || now.some((p) => !before.has(p));
    };
    const redo = shown.map((g, i) => i).filter((i) => !shown[i].renamed && (shown[i].userMade || changed(shown[i]) || userNames.has(nameKey(shown[i].name))));
    if (redo.length === 0) return out;
    const taken = shown.filter((_, i) => !redo.includes(i)).map((g) => g.name);
    for (const pass of [redo.filter((i) => !shown[i].userMade), redo.filter((i) => shown[i].userMade)]) {
      if (pass.length === 0) continue;
      const names = namer(pass.map((i) => members.get(shown[i].id)!), taken);
      pass.forEach((i, j) => {
        out[i].name = names[j];
        taken.push(names[j]);
      });
    }
    return out;
  }
}

/** The grouping the user sees: `suggested` with `edits` applied in order. */
export function replayEdits(suggested: SuggestedGrouping, hashOf: HashOf, edits: readonly StoredEdit[]): EditedGrouping {
  const r = new Replay(suggested, hashOf);
  for (const e of edits) r.apply(e);
  return r.result();
}
