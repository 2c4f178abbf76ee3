// Replaying the user's edits on a suggested grouping (pure). What an edit decided is stored with it as photos, not
// as the grouping's ids: the photos moved, accepted, rejected, split off or excluded, and the groups the user made
// their own (renamed, merged, moved or accepted photos into) with the photos those held when the edit was made. So
// the same log replays onto any later grouping of the folder — another slider position, a changed folder — and
// every edit holds whatever the grouping underneath and its ids: a kept group keeps its photos and its name, a
// decided photo stays where it was put. The photos no edit decided follow the new suggestion, under the
// suggestion's names (new photos of a changed folder too: they never join a kept group on their own, since from
// photos alone they cannot be told from photos the user left out of it). Edits stored by older versions (without
// these photos) fall back to the groups' ids. A group left empty is not shown. Members come most typical first
// (where the suggestion ranked them), still-suggested ones last; a group the user changed or made but did not name
// is named from what it now holds.
import { createHash } from 'node:crypto';
import { distinctNames, nameKey } from './group-names';
import { PhotoKeys } from './photo-keys';
import { splitGroupId } from './split-id';
import type { EditedGroup, EditedGrouping, GroupEdit, HashOf, KeptGroup, StoredEdit, SuggestedGrouping } from './types';

interface KeptState {
  id: string;
  name: string;
  renamed: boolean;
  userMade: boolean;
  /** Creation order, for the display order of kept groups sharing a place. */
  made: number;
}

/**
 * A group (null = Unsorted) and, while the photo is only suggested there, the neighbours' confidence and why it is
 * odd, when it is.
 */
interface Place {
  group: string | null;
  confidence: number | null;
  reason?: string;
}

/** The working state of one replay. */
class Replay {
  readonly keys: PhotoKeys;
  /** Where the grouping puts each path; its ids are the suggested groups'. */
  private readonly suggestedPlace = new Map<string, Place>();
  private readonly suggested: SuggestedGrouping['groups'];
  private readonly suggestedIndex = new Map<string, number>();
  /** Where edits put each path they decided; its ids are kept groups' (never the grouping's). */
  private readonly decided = new Map<string, Place>();
  private readonly excluded = new Set<string>();
  private readonly kept = new Map<string, KeptState>();
  /** Place members of each kept group, so that an emptied group can be made again from a new snapshot. */
  private readonly keptSize = new Map<string, number>();
  private made = 0;
  /** Where each path stood in its suggested group, 0 (most typical) to 1 (last); Unsorted paths 1. */
  private readonly rank = new Map<string, number>();

  constructor(private readonly grouping: SuggestedGrouping, hashOf: HashOf) {
    this.keys = new PhotoKeys(hashOf);
    this.suggested = grouping.groups;
    grouping.groups.forEach((g, i) => {
      this.suggestedIndex.set(g.id, i);
      const only = new Map(g.suggested.map((s) => [s.path, s]));
      g.files.forEach((path, at) => {
        // A malformed grouping listing a path twice: the first place wins.
        if (this.suggestedPlace.has(path)) return;
        const s = only.get(path);
        this.suggestedPlace.set(path, s ? { group: g.id, confidence: s.confidence, ...(s.reason !== undefined ? { reason: s.reason } : {}) } : { group: g.id, confidence: null });
        this.rank.set(path, at / g.files.length);
      });
    });
    for (const path of grouping.unsorted) {
      if (this.suggestedPlace.has(path)) continue;
      this.suggestedPlace.set(path, { group: null, confidence: null });
      this.rank.set(path, 1);
    }
  }

  /** Paths of the grouping that the keys name. */
  private paths(keys: readonly string[]): string[] {
    return this.keys.pathsOfKeys(keys).filter((p) => this.suggestedPlace.has(p));
  }

  private placeOf(path: string): Place {
    return this.decided.get(path) ?? this.suggestedPlace.get(path)!;
  }

  private decide(path: string, place: Place): void {
    const old = this.decided.get(path);
    if (old?.group != null) this.keptSize.set(old.group, this.keptSize.get(old.group)! - 1);
    if (place.group !== null) this.keptSize.set(place.group, (this.keptSize.get(place.group) ?? 0) + 1);
    this.decided.set(path, place);
  }

  /** The user put these paths somewhere: they stay there, firmly, and are no longer set aside. */
  private pin(paths: string[], group: string | null): void {
    for (const p of paths) {
      this.decide(p, { group, confidence: null });
      this.excluded.delete(p);
    }
  }

  /**
   * Makes `id` a kept group: created from the snapshot (or, for an old log, from the suggested group of that id)
   * unless it holds photos already, and given the snapshot's photos that no earlier edit placed. False when an
   * old log names a group that no longer exists.
   */
  private keepGroup(id: string, snap: KeptGroup | undefined): boolean {
    const live = (this.keptSize.get(id) ?? 0) > 0;
    if (!live) {
      if (snap) {
        this.kept.set(id, { id, name: snap.name, renamed: snap.renamed, userMade: snap.userMade, made: this.made++ });
      } else if (!this.kept.has(id)) {
        const g = this.suggestedIndex.get(id);
        if (g === undefined) return false;
        this.kept.set(id, { id, name: this.suggested[g].name, renamed: false, userMade: false, made: this.made++ });
      }
    }
    if (snap) {
      for (const key of snap.photos) {
        for (const p of this.keys.paths(key)) {
          if (this.decided.has(p) || !this.suggestedPlace.has(p)) continue;
          this.decide(p, { group: id, confidence: snap.suggested?.[key] ?? null });
        }
      }
    } else {
      // An old log: the group's photos are those the grouping puts under its id now.
      for (const [p, s] of this.suggestedPlace) if (s.group === id && !this.decided.has(p)) this.decide(p, { group: id, confidence: s.confidence });
    }
    return true;
  }

  private snapshot(e: { keep?: KeptGroup[] }, id: string): KeptGroup | undefined {
    return e.keep?.find((k) => k.id === id);
  }

  apply(e: StoredEdit): void {
    if (e.kind === 'granularity') return;
    this.applyEdit(e);
  }

  private applyEdit(e: GroupEdit): void {
    switch (e.kind) {
      case 'rename': {
        if (!this.keepGroup(e.group, this.snapshot(e, e.group))) return;
        const g = this.kept.get(e.group)!;
        g.name = e.name;
        g.renamed = true;
        return;
      }
      case 'merge': {
        const snap = e.keep?.[0];
        // An old log whose first group is gone merges into the first that is still there.
        const target = snap ? e.groups[0] : e.groups.find((id) => this.keepGroupExists(id));
        if (target === undefined || !this.keepGroup(target, snap)) return;
        for (const other of e.groups) {
          if (other === target) continue;
          if (this.kept.has(other)) {
            for (const [p, place] of this.decided) if (place.group === other) this.decide(p, { ...place, group: target });
            this.kept.delete(other);
            this.keptSize.delete(other);
          }
          if (!snap) {
            for (const [p, s] of this.suggestedPlace) if (s.group === other && !this.decided.has(p)) this.decide(p, { group: target, confidence: s.confidence });
          }
        }
        if (e.name !== undefined) {
          const g = this.kept.get(target)!;
          g.name = e.name;
          g.renamed = true;
        }
        return;
      }
      case 'split': {
        const paths = this.paths(e.photos);
        if (paths.length === 0) return;
        const id = e.group ?? splitGroupId(e.photos, new Set([...this.kept.keys(), ...this.suggestedIndex.keys()]));
        if ((this.keptSize.get(id) ?? 0) === 0) {
          const name = e.name ?? this.snapshot(e, id)?.name ?? this.sourceName(paths);
          this.kept.set(id, { id, name, renamed: e.name !== undefined, userMade: true, made: this.made++ });
        } else if (e.name !== undefined) {
          const g = this.kept.get(id)!;
          g.name = e.name;
          g.renamed = true;
        }
        this.pin(paths, id);
        return;
      }
      case 'move': {
        if (e.to !== null && !this.keepGroup(e.to, this.snapshot(e, e.to))) return; // an old log's vanished group
        this.pin(this.paths(e.photos), e.to);
        return;
      }
      case 'exclude':
        for (const p of this.paths(e.photos)) this.excluded.add(p);
        return;
      case 'exclude-group': {
        const paths = e.members ? this.paths(e.members) : [...this.suggestedPlace.keys()].filter((p) => this.placeOf(p).group === e.group);
        for (const p of paths) this.excluded.add(p);
        return;
      }
      case 'include':
        for (const p of this.paths(e.photos)) this.excluded.delete(p);
        return;
      case 'accept':
        for (const key of e.photos) {
          const paths = this.paths([key]);
          if (paths.length === 0) continue;
          const target = e.into?.[key] ?? this.placeOf(paths[0]).group;
          // Accepted into a group an old log names but that is gone: the photo stays where the grouping puts it.
          if (target === null || !this.keepGroup(target, this.snapshot(e, target))) continue;
          for (const p of paths) this.decide(p, { group: target, confidence: null });
        }
        return;
      case 'reject':
        for (const p of this.paths(e.photos)) this.decide(p, { group: null, confidence: null });
        return;
    }
  }

  /** Whether an old log's group id names a group: kept with photos, or suggested now. */
  private keepGroupExists(id: string): boolean {
    return (this.keptSize.get(id) ?? 0) > 0 || this.suggestedIndex.has(id);
  }

  /** A new group's name when an old log did not store one: that of the group most of its photos came from. */
  private sourceName(paths: string[]): string {
    const count = new Map<string, { n: number; name: string }>();
    for (const path of paths) {
      const d = this.decided.get(path);
      const place = d ?? this.suggestedPlace.get(path)!;
      if (place.group === null) continue;
      const key = `${d ? 'kept' : 'suggested'} ${place.group}`;
      const name = d ? this.kept.get(place.group)!.name : this.suggested[this.suggestedIndex.get(place.group)!].name;
      const c = count.get(key);
      if (c) c.n++;
      else count.set(key, { n: 1, name });
    }
    let best: { n: number; name: string } | null = null;
    for (const c of count.values()) if (best === null || c.n > best.n) best = c;
    return best?.name ?? 'New group';
  }

  result(): EditedGrouping {
    const keptMembers = new Map<string, string[]>();
    const suggestedMembers = new Map<string, string[]>();
    const unsorted: string[] = [];
    const excluded: string[] = [];
    for (const path of this.suggestedPlace.keys()) {
      if (this.excluded.has(path)) {
        excluded.push(path);
        continue;
      }
      const d = this.decided.get(path);
      const place = d ?? this.suggestedPlace.get(path)!;
      if (place.group === null) unsorted.push(path);
      else push(d ? keptMembers : suggestedMembers, place.group, path);
    }

    // Every shown group sits at the place of a suggested group: a suggested one at its own, a kept one at the
    // place of the suggested group most of its photos come from (so it stays where the person left it, whatever
    // the ids), after that group's remainder.
    const shown: Array<{ group: EditedGroup; slot: number; sub: number }> = [];
    const keptIds = new Set([...this.decided.values()].map((d) => d.group).filter((g): g is string => g !== null));
    const taken = new Set([...keptIds, ...this.suggestedIndex.keys()]);
    this.suggested.forEach((g, slot) => {
      const members = suggestedMembers.get(g.id);
      if (!members) return;
      // The grouping may give a kept group's id to another group (ids follow overlap): that one gets an id of its own.
      const id = keptIds.has(g.id) ? derivedId(g.id, taken) : g.id;
      taken.add(id);
      shown.push({ group: this.edited(id, g.name, false, false, false, members), slot, sub: 0 });
    });
    for (const [id, members] of keptMembers) {
      const k = this.kept.get(id)!;
      shown.push({ group: this.edited(id, k.name, k.renamed, k.userMade, true, members), slot: this.slotOf(members), sub: 1 + k.made });
    }
    shown.sort((a, b) => a.slot - b.slot || a.sub - b.sub);
    const names = distinctNames(this.nameChanged(shown.map((s) => s.group)));
    return {
      groups: shown.map((s, i) => ({ ...s.group, name: names[i] })),
      unsorted: unsorted.sort(),
      excluded: excluded.sort(),
      decided: new Set(this.decided.keys()),
    };
  }

  private edited(id: string, name: string, renamed: boolean, userMade: boolean, kept: boolean, members: string[]): EditedGroup {
    // Still-suggested members last, the rest where the suggested grouping put them (most typical first).
    const isSuggested = (p: string) => (this.placeOf(p).confidence !== null ? 1 : 0);
    const rank = (p: string) => this.rank.get(p) ?? 1;
    const paths = members.sort((a, b) => isSuggested(a) - isSuggested(b) || rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    const suggested: EditedGroup['suggested'] = [];
    for (const p of paths) {
      const place = this.placeOf(p);
      if (place.confidence === null) continue;
      // Why a photo is odd belongs to the grouping's suggestion: a photo an edit placed carries none.
      const reason = this.decided.has(p) ? undefined : place.reason;
      suggested.push({ path: p, confidence: place.confidence, ...(reason !== undefined ? { reason } : {}) });
    }
    return { id, name, renamed, userMade, kept, members: paths, suggested };
  }

  /**
   * The shown groups with their names: a group the user did not name but made, or changed, or whose suggested name
   * a name the user typed has taken, is named from what it now holds (when the grouping can name photos), apart
   * from every other name shown. Changed suggested groups go first, so the group photos were split off from keeps
   * its name and the new group is told apart from it.
   */
  private nameChanged(shown: EditedGroup[]): Array<{ name: string; renamed: boolean }> {
    const out = shown.map((g) => ({ name: g.name, renamed: g.renamed }));
    const namer = this.grouping.nameGroups;
    if (!namer) return out;
    const userNames = new Set(shown.filter((g) => g.renamed).map((g) => nameKey(g.name)));
    const changed = (g: EditedGroup): boolean => {
      const i = this.suggestedIndex.get(g.id);
      if (i === undefined) return true;
      const before = new Set(this.suggested[i].files);
      return before.size !== g.members.length || g.members.some((p) => !before.has(p));
    };
    const redo = shown.map((_, i) => i).filter((i) => !shown[i].renamed && (shown[i].userMade || changed(shown[i]) || userNames.has(nameKey(shown[i].name))));
    if (redo.length === 0) return out;
    const taken = shown.filter((_, i) => !redo.includes(i)).map((g) => g.name);
    for (const pass of [redo.filter((i) => !shown[i].userMade), redo.filter((i) => shown[i].userMade)]) {
      if (pass.length === 0) continue;
      const names = namer(pass.map((i) => shown[i].members), taken);
      pass.forEach((i, j) => {
        out[i].name = names[j];
        taken.push(names[j]);
      });
    }
    return out;
  }

  /** The index of the suggested group holding most of these paths (the lowest on a tie); after all when none. */
  private slotOf(paths: string[]): number {
    const count = new Map<number, number>();
    for (const p of paths) {
      const g = this.suggestedPlace.get(p)!.group;
      if (g !== null) {
        const i = this.suggestedIndex.get(g)!;
        count.set(i, (count.get(i) ?? 0) + 1);
      }
    }
    let best = Infinity;
    let most = 0;
    for (const [i, n] of count) if (n > most || (n === most && i < best)) [best, most] = [i, n];
    return best;
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A fresh engine-style id derived from another, the same for the same ids in use. */
function derivedId(base: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `g-${createHash('sha256').update(`${base}#${n}`).digest('hex').slice(0, 8)}`;
    if (!taken.has(id)) return id;
  }
}

/** The grouping the user sees: `suggested` with `edits` applied in order. */
export function replayEdits(suggested: SuggestedGrouping, hashOf: HashOf, edits: readonly StoredEdit[]): EditedGrouping {
  const r = new Replay(suggested, hashOf);
  for (const e of edits) r.apply(e);
  return r.result();
}
