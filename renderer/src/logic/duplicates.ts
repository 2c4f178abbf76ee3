// Which copy of a duplicate set to keep, as a person would pick it: the most pixels, then the largest file (less
// compressed), then the oldest (the original), then the shortest path (not a "Backup/…/copy (2)"). Pure logic,
// tested in test/renderer-duplicates.test.ts.
import type { DuplicateSetView } from '../../../electron/ipc/contract';
import { DUPLICATES_GROUP } from './edits';

type Copy = DuplicateSetView['photos'][number];

export function bestCopy(photos: readonly Copy[]): Copy | undefined {
  return [...photos].sort(
    (a, b) => b.width * b.height - a.width * a.height || b.bytes - a.bytes || a.modified - b.modified || a.path.length - b.path.length || (a.path < b.path ? -1 : 1),
  )[0];
}

/** The keys to set aside when `keep` is kept: every other copy not already excluded or filed as a duplicate. */
export function othersOf(set: DuplicateSetView, keep: string): string[] {
  return set.photos.filter((p) => p.key !== keep && !p.excluded && p.place.trim().toLocaleLowerCase() !== DUPLICATES_GROUP.toLocaleLowerCase()).map((p) => p.key);
}
