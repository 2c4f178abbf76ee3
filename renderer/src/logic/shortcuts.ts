// Every keyboard shortcut of the groups screen, in one table: the shortcuts sheet lists it and the handlers read
// it, so the sheet cannot drift from what the keys do. Single letters act only while the photo grid has focus
// (WCAG 2.1.4: they never fire while typing, and reach nothing else). Pure data and matching, tested in
// test/renderer-shortcuts.test.ts.

export type Command =
  | 'move'
  | 'exclude'
  | 'new-group'
  | 'accept'
  | 'reject'
  | 'why'
  | 'preview'
  | 'select-all'
  | 'clear-selection'
  | 'undo'
  | 'redo'
  | 'zoom-in'
  | 'zoom-out'
  | 'search'
  | 'shortcuts'
  | 'menu'
  | 'toggle'
  | 'rename';

export interface Shortcut {
  command: Command;
  /** As shown on the sheet. */
  keys: string;
  what: string;
  /** 'grid': only while the photo grid has focus; 'app': anywhere but in a text field or a dialog. */
  scope: 'grid' | 'app';
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'move', keys: 'M', what: 'Move the selected photos to a group…', scope: 'grid' },
  { command: 'exclude', keys: 'E', what: 'Exclude the selected photos (or include them again)', scope: 'grid' },
  { command: 'new-group', keys: 'N', what: 'Make a new group of the selected photos', scope: 'grid' },
  { command: 'accept', keys: 'A', what: 'Accept the suggested photo into its group', scope: 'grid' },
  { command: 'reject', keys: 'R', what: 'Reject the suggested photo: send it to Unsorted', scope: 'grid' },
  { command: 'why', keys: 'I', what: 'Why is this photo here?', scope: 'grid' },
  { command: 'preview', keys: 'Enter', what: 'Open the large preview (on a group’s header: select its photos)', scope: 'grid' },
  { command: 'toggle', keys: 'Space', what: 'Select or unselect the photo (on a group’s header: check it for Merge)', scope: 'grid' },
  { command: 'rename', keys: 'F2', what: 'Rename the group', scope: 'grid' },
  { command: 'menu', keys: 'Shift+F10', what: 'Open the actions menu of the photo or group', scope: 'grid' },
  { command: 'select-all', keys: 'Ctrl+A', what: 'Select every photo shown', scope: 'app' },
  { command: 'clear-selection', keys: 'Escape', what: 'Clear the selection', scope: 'app' },
  { command: 'undo', keys: 'Ctrl+Z', what: 'Undo (edits and slider moves)', scope: 'app' },
  { command: 'redo', keys: 'Ctrl+Shift+Z', what: 'Redo', scope: 'app' },
  { command: 'zoom-in', keys: 'Ctrl+Plus', what: 'Larger thumbnails', scope: 'app' },
  { command: 'zoom-out', keys: 'Ctrl+Minus', what: 'Smaller thumbnails', scope: 'app' },
  { command: 'search', keys: 'Ctrl+F', what: 'Search photos and groups', scope: 'app' },
  { command: 'shortcuts', keys: '?', what: 'Show this list', scope: 'app' },
];

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** The command a key press means in `scope` (grid keys include the app's), or null. */
export function commandOf(e: KeyLike, scope: 'grid' | 'app'): Command | null {
  const mod = e.ctrlKey || e.metaKey;
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (k === 'a' && !e.shiftKey) return 'select-all';
    if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
    if (k === 'y') return 'redo';
    if (k === '=' || k === '+') return 'zoom-in';
    if (k === '-' || k === '_') return 'zoom-out';
    if (k === 'f') return 'search';
    return null;
  }
  if (e.altKey) return null;
  if (k === 'Escape') return 'clear-selection';
  if (k === '?') return 'shortcuts';
  if (scope !== 'grid') return null;
  if (k === 'F10' && e.shiftKey) return 'menu';
  if (k === 'ContextMenu') return 'menu';
  if (e.shiftKey) return null;
  switch (k) {
    case 'm':
      return 'move';
    case 'e':
      return 'exclude';
    case 'n':
      return 'new-group';
    case 'a':
      return 'accept';
    case 'r':
      return 'reject';
    case 'i':
      return 'why';
    case 'F2':
      return 'rename';
    default:
      return null;
  }
}
