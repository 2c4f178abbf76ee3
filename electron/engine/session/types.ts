// The shapes of a grouping session: the suggested grouping it starts from, the entries of the edit log as stored
// (the contract's Edit plus what the session resolved when the edit was made, and the slider's moves), and the
// edited grouping a replay produces.
import { z } from 'zod';
import { GroupId, GroupName, Granularity, PhotoKey } from '../../ipc/contract';
import type { GroupNamer, PhotoGroup } from '../cluster/grouper';

/** What the replay needs of a Grouper's result (`Grouping` fits). */
export interface SuggestedGrouping {
  /** Members in the order to show them (most typical first, suggested ones last). */
  groups: Array<Pick<PhotoGroup, 'id' | 'name' | 'files' | 'suggested'>>;
  unsorted: string[];
  /**
   * Names groups from their photos; when given, a group the user made or changed (and did not name) is named from
   * what it now holds, as the suggested ones are. Without it such a group keeps the name of where its photos came from.
   */
  nameGroups?: GroupNamer;
}

/** Content hash of each photo path (exact copies share one). */
export type HashOf = ReadonlyMap<string, string>;

const Keys = z.array(PhotoKey).max(200_000);

/**
 * A group as the user saw it when an edit put photos into it, renamed it or merged into it: from then on the group
 * is the user's ("kept"), and holds these photos whatever the grouping underneath. `photos` are the members the
 * grouping had put there (earlier edits' photos are placed by those edits), `suggested` those only suggested then.
 */
export const KeptGroup = z.object({
  id: GroupId,
  /** Display names may carry a " 2" that keeps them apart, beyond what a person types. */
  name: z.string().min(1).max(220),
  renamed: z.boolean(),
  userMade: z.boolean(),
  photos: Keys,
  suggested: z.record(PhotoKey, z.number().min(0).max(1)).optional(),
});
export type KeptGroup = z.infer<typeof KeptGroup>;

const keep = { keep: z.array(KeptGroup).max(10_000).optional() };
const photos = z.array(PhotoKey).min(1).max(200_000);

/**
 * Each contract Edit, with what the session adds when storing it: the groups it makes the user's (`keep`), an
 * excluded group's members, the groups photos were accepted into (`into`, key → group id). Edits stored by older
 * versions lack these; the replay then falls back to the groups' ids.
 */
const StoredEditSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rename'), group: GroupId, name: GroupName, ...keep }),
  z.object({ kind: z.literal('merge'), groups: z.array(GroupId).min(2).max(10_000), name: GroupName.optional(), ...keep }),
  z.object({ kind: z.literal('split'), photos, name: GroupName.optional(), group: GroupId.optional(), ...keep }),
  z.object({ kind: z.literal('move'), photos, to: GroupId.nullable(), ...keep }),
  z.object({ kind: z.literal('exclude'), photos }),
  z.object({ kind: z.literal('exclude-group'), group: GroupId, members: Keys.optional() }),
  z.object({ kind: z.literal('include'), photos }),
  z.object({ kind: z.literal('accept'), photos, into: z.record(PhotoKey, GroupId).optional(), ...keep }),
  z.object({ kind: z.literal('reject'), photos }),
  /** The slider moved: not an edit of the groups, but undone and redone with them. */
  z.object({ kind: z.literal('granularity'), from: Granularity, to: Granularity }),
]);

/** An entry of the edit log as the session stores and replays it. */
export type StoredEdit = z.infer<typeof StoredEditSchema>;
/** The log entries that change the groups (all but the slider's moves). */
export type GroupEdit = Exclude<StoredEdit, { kind: 'granularity' }>;

/** Reads a stored entry back; null for anything that is not one (a damaged row is skipped, not fatal). */
export function parseStoredEdit(value: unknown): StoredEdit | null {
  const parsed = StoredEditSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export interface EditedGroup {
  id: string;
  name: string;
  /** The user named it; otherwise the name is the suggested one (frozen once the group is the user's). */
  renamed: boolean;
  /** Made by a split, not suggested by the engine. */
  userMade: boolean;
  /** The user's group (an edit put photos in it, renamed or merged it): it keeps its photos when the grouping changes. */
  kept: boolean;
  /**
   * Every member that is not excluded, still-suggested ones included: still-suggested ones last, the others in the
   * suggested grouping's order (most typical first; a photo the user brought in by where it stood in its old group).
   */
  members: string[];
  /**
   * The members only suggested (placed by their neighbours, or odd: `reason` says why) and neither accepted nor moved
   * by the user, with confidence, in the order of `members`.
   */
  suggested: Array<{ path: string; confidence: number; reason?: string }>;
}

export interface EditedGrouping {
  /** Each group at the place of the suggested group its photos come from; the user's after the suggested one. */
  groups: EditedGroup[];
  /** In path order. */
  unsorted: string[];
  /** Photos set aside (apply leaves them in place), wherever the grouping puts them; in path order. */
  excluded: string[];
  /** Paths whose place an edit decided (moved, accepted, rejected, split, or in a group the user kept). */
  decided: ReadonlySet<string>;
}
