// Turning what the user selected into the contract's edits: photos are named by content hash there, and exact
// duplicates share one, so each hash is sent once. Pure logic, tested in test/renderer-edits.test.ts.
import type { Edit, Photo } from '../../../electron/ipc/contract';

/** Content hashes of the selected photos (selection is by path), each once, in screen order. */
export function selectedHashes(photos: readonly Photo[], selected: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of photos) {
    if (selected.has(p.path) && !seen.has(p.hash)) {
      seen.add(p.hash);
      out.push(p.hash);
    }
  }
  return out;
}

/** The edit for "move these photos to that place" (a group id, or null for Unsorted); null when nothing to move. */
export function moveEdit(hashes: readonly string[], to: string | null): Edit | null {
  return hashes.length ? { kind: 'move', photos: [...hashes], to } : null;
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
