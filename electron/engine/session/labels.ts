// Short descriptions of the edit log's entries for the undo and redo buttons ("rename “Dogs”", "merge 3 groups",
// "slider 0.50 → 0.80") (pure).
import type { StoredEdit } from './types';

export function editLabel(e: StoredEdit): string {
  switch (e.kind) {
    case 'rename':
      return `rename “${e.name}”`;
    case 'merge':
      return e.name ? `merge ${e.groups.length} groups into “${e.name}”` : `merge ${e.groups.length} groups`;
    case 'split':
      return e.name ? `new group “${e.name}”` : `new group of ${photos(e.photos.length)}`;
    case 'move':
      return e.to === null ? `move ${photos(e.photos.length)} to Unsorted` : `move ${photos(e.photos.length)}`;
    case 'exclude':
      return `exclude ${photos(e.photos.length)}`;
    case 'exclude-group':
      return 'exclude a group';
    case 'include':
      return `include ${photos(e.photos.length)}`;
    case 'accept':
      return `accept ${photos(e.photos.length)}`;
    case 'reject':
      return `reject ${photos(e.photos.length)}`;
    case 'granularity':
      return `slider ${e.from.toFixed(2)} → ${e.to.toFixed(2)}`;
  }
}

function photos(n: number): string {
  return n === 1 ? '1 photo' : `${n} photos`;
}
