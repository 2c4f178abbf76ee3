// The shapes of a grouping session: the suggested grouping it starts from, the edits as stored (the contract's
// Edit, plus what the session resolved when the edit was made), and the edited grouping a replay produces.
import { z } from 'zod';
import { Edit, GroupId, Hash } from '../../ipc/contract';
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

/**
 * An accept remembers which group each photo was accepted into (`into`, hash → group id), so the photo stays
 * there when a later grouping suggests it elsewhere; the contract's Edit has no room for it, the session adds it.
 */
export const AcceptStored = z.object({
  kind: z.literal('accept'),
  photos: z.array(Hash).min(1).max(200_000),
  into: z.record(Hash, GroupId).optional(),
});
export type AcceptStored = z.infer<typeof AcceptStored>;

/** An edit as the session stores and replays it. Every contract Edit is one. */
export type StoredEdit = Exclude<Edit, { kind: 'accept' }> | AcceptStored;

/** Reads a stored edit back; null for anything that is not one (a damaged row is skipped, not fatal). */
export function parseStoredEdit(value: unknown): StoredEdit | null {
  const isAccept = typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'accept';
  const parsed = isAccept ? AcceptStored.safeParse(value) : Edit.safeParse(value);
  return parsed.success ? (parsed.data as StoredEdit) : null;
}

export interface EditedGroup {
  id: string;
  name: string;
  /** The user named it; otherwise the name follows the photos (it is the suggested one). */
  renamed: boolean;
  /** Made by a split, not suggested by the engine. */
  userMade: boolean;
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
  /** Suggested groups in the engine's order, then the user's new groups in the order they were made. */
  groups: EditedGroup[];
  /** In path order. */
  unsorted: string[];
  /** Photos set aside (apply leaves them in place), wherever the grouping puts them; in path order. */
  excluded: string[];
}
