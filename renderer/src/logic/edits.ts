// Turning what the user selected into the contract's edits: photos are named by their key there (the content hash,
// or hash:path for one of several exact copies), so a copy is edited on its own. Pure logic, tested in
// test/renderer-edits.test.ts.
import type { Edit, Photo } from '../../../electron/ipc/contract';

/** Keys of the selected photos (selection is by path), each once, in screen order. */
export function selectedKeys(photos: readonly Photo[], selected: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of photos) {
    if (selected.has(p.path) && !seen.has(p.key)) {
      seen.add(p.key);
      out.push(p.key);
    }
  }
  return out;
}

/** The edit for "move these photos to that place" (a group id, or null for Unsorted); null when nothing to move. */
export function moveEdit(keys: readonly string[], to: string | null): Edit | null {
  return keys.length ? { kind: 'move', photos: [...keys], to } : null;
}

/** Merge keeps the first selected group (in screen order) and its name. */
export function mergeEdit(groupOrder: readonly string[], checked: ReadonlySet<string>): Edit | null {
  const groups = groupOrder.filter((g) => checked.has(g));
  return groups.length >= 2 ? { kind: 'merge', groups } : null;
}

/** A new name is sent only when it differs and is not blank (the contract refuses empty names). */
export function renameEdit(group: string, oldName: string, typed: string): Edit | null {
  const name = typed.trim();
  return name && name !== oldName ? { kind: 'rename', group, name } : null;
}

/** The name of the group duplicates are filed into. */
export const DUPLICATES_GROUP = 'Duplicates';

/**
 * Keeping some copies and setting the others aside, which are never deleted: excluded (left where they are), or
 * filed into the "Duplicates" group (an existing group of that name, else a new one). Null when there is nothing
 * to set aside.
 */
export function setAsideEdit(others: readonly string[], how: 'exclude' | 'file', groups: ReadonlyArray<{ id: string; name: string }>): Edit | null {
  if (!others.length) return null;
  if (how === 'exclude') return { kind: 'exclude', photos: [...others] };
  const existing = groups.find((g) => g.name.trim().toLocaleLowerCase() === DUPLICATES_GROUP.toLocaleLowerCase());
  return existing ? { kind: 'move', photos: [...others], to: existing.id } : { kind: 'split', photos: [...others], name: DUPLICATES_GROUP };
}
