// Replaying the user's edits on a suggested grouping (pure). Edits name photos by content hash and groups by
// stable id, so the same log replays onto any later grouping of the folder: what the user decided stays (a name,
// a photo put somewhere, an exclusion), everything else follows the new suggestion. An edit whose group or photos
// no longer exist does nothing; a group that edits leave empty is not shown.
import { splitGroupId } from './split-id';
import { distinctNames } from './group-names';
import type { EditedGrouping, HashOf, StoredEdit, SuggestedGrouping } from './types';

interface GroupState {
  id: string;
  name: string;
  renamed: boolean;
  userMade: boolean;
}

/** Where one path is: its group (null = Unsorted) and, while only suggested there, the neighbours' confidence. */
interface Place {
  group: string | null;
  confidence: number | null;
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

  constructor(suggested: SuggestedGrouping, hashOf: HashOf) {
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
      const confidence = new Map(g.suggested.map((s) => [s.path, s.confidence]));
      for (const path of g.files) add(path, { group: g.id, confidence: confidence.get(path) ?? null });
    }
    for (const path of suggested.unsorted) add(path, { group: null, confidence: null });
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
    const names = distinctNames(shown);
    return {
      groups: shown.map((g, i) => {
        const paths = members.get(g.id)!.sort();
        return {
          id: g.id,
          name: names[i],
          renamed: g.renamed,
          userMade: g.userMade,
          members: paths,
          suggested: paths.filter((p) => this.place.get(p)!.confidence !== null).map((p) => ({ path: p, confidence: this.place.get(p)!.confidence! })),
        };
      }),
      unsorted: unsorted.sort(),
      excluded: [...this.excluded].sort(),
    };
  }
}

/** The grouping the user sees: `suggested` with `edits` applied in order. */
export function replayEdits(suggested: SuggestedGrouping, hashOf: HashOf, edits: readonly StoredEdit[]): EditedGrouping {
  const r = new Replay(suggested, hashOf);
  for (const e of edits) r.apply(e);
  return r.result();
}
