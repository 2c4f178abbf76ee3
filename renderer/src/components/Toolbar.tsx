// The groups screen's toolbar, one row of fixed height whatever is selected (what depends on the selection is
// enabled or not, never shown or hidden, so the grid below never moves): the folder and its counts, search, undo
// and redo, the actions on the selection (new group, move, exclude or include, merge), duplicates, problems,
// Apply, and a menu with the rest (shortcuts, theme, overview, close). Narrow windows shorten the labels (CSS).
import type { GroupsView, Settings } from '../../../electron/ipc/contract';
import { baseName, formatCount, plural } from '../logic/format';
import { photoTotal } from '../logic/sections';
import { MenuButton, type MenuItem } from './Menu';

interface Props {
  view: GroupsView;
  selectedCount: number;
  checkedCount: number;
  /** All selected photos are excluded: the Exclude button includes them again. */
  includeMode: boolean;
  problemCount: number;
  problemsOpen: boolean;
  duplicateCount: number;
  canApply: boolean;
  search: string;
  searchRef: React.RefObject<HTMLInputElement | null>;
  theme: Settings['theme'];
  overviewShown: boolean;
  moveOpen: boolean;
  onMoveOpenChange: (open: boolean) => void;
  moveItems: () => MenuItem[];
  onSearch: (text: string) => void;
  onUndo: () => void;
  onRedo: () => void;
  onMerge: () => void;
  onSplit: () => void;
  onExclude: () => void;
  onToggleProblems: () => void;
  onDuplicates: () => void;
  onApply: () => void;
  onShortcuts: () => void;
  onTheme: (t: Settings['theme']) => void;
  onToggleOverview: () => void;
  onClose: () => void;
}

export function Toolbar(p: Props) {
  const { view } = p;
  const total = photoTotal(view);
  const none = p.selectedCount === 0;
  const more = (): MenuItem[] => [
    { id: 'shortcuts', label: 'Keyboard shortcuts', hint: '?', onSelect: p.onShortcuts },
    { id: 'overview', label: p.overviewShown ? 'Hide the groups overview' : 'Show the groups overview', onSelect: p.onToggleOverview },
    { id: 'theme-system', label: 'Theme: as the system', checked: p.theme === 'system', separator: true, onSelect: () => p.onTheme('system') },
    { id: 'theme-light', label: 'Theme: light', checked: p.theme === 'light', onSelect: () => p.onTheme('light') },
    { id: 'theme-dark', label: 'Theme: dark', checked: p.theme === 'dark', onSelect: () => p.onTheme('dark') },
    { id: 'close', label: 'Close folder', separator: true, onSelect: p.onClose },
  ];
  return (
    <header className="toolbar" role="toolbar" aria-label="Groups actions" data-testid="toolbar">
      <div className="toolbar-title">
        <h1 title={view.folder}>{baseName(view.folder)}</h1>
        <span className="hint summary" data-testid="summary">
          {plural(view.groups.length, 'group')} · {plural(total, 'photo')}
          {view.excluded.length > 0 && ` · ${formatCount(view.excluded.length)} excluded`}
        </span>
      </div>
      <input
        ref={p.searchRef}
        type="search"
        className="search"
        aria-label="Search photos and groups by name or by what they show"
        placeholder="Search…"
        data-testid="search"
        value={p.search}
        onChange={(e) => p.onSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && p.search) {
            e.stopPropagation();
            p.onSearch('');
          }
        }}
      />
      <div className="toolbar-group">
        <button type="button" onClick={p.onUndo} disabled={!view.canUndo} title={view.undoLabel ? `Undo ${view.undoLabel} (Ctrl+Z)` : 'Undo (Ctrl+Z)'} aria-label={view.undoLabel ? `Undo ${view.undoLabel}` : 'Undo'} data-testid="undo">
          <span aria-hidden="true">↶</span>
          <span className="label">Undo</span>
        </button>
        <button type="button" onClick={p.onRedo} disabled={!view.canRedo} title={view.redoLabel ? `Redo ${view.redoLabel} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'} aria-label={view.redoLabel ? `Redo ${view.redoLabel}` : 'Redo'} data-testid="redo">
          <span aria-hidden="true">↷</span>
          <span className="label">Redo</span>
        </button>
      </div>
      <div className="toolbar-group">
        <button type="button" onClick={p.onSplit} disabled={none} title="Make a new group of the selected photos (N)" aria-keyshortcuts="N">
          New group
        </button>
        <MenuButton
          label={<>Move to…</>}
          menuLabel="Move the selected photos to"
          items={p.moveItems}
          disabled={none}
          open={p.moveOpen}
          onOpenChange={p.onMoveOpenChange}
          title="Move the selected photos to a group (M)"
          testId="move-to"
          id="move-to-button"
        />
        <button
          type="button"
          onClick={p.onExclude}
          disabled={none}
          title={p.includeMode ? 'Bring the selected excluded photos back (E)' : 'Leave the selected photos where they are (E)'}
          aria-keyshortcuts="E"
          data-testid="exclude"
        >
          {p.includeMode ? 'Include' : 'Exclude'}
        </button>
        <button type="button" onClick={p.onMerge} disabled={p.checkedCount < 2} title="Merge the checked groups into the first one" data-testid="merge">
          Merge{p.checkedCount >= 2 ? ` ${p.checkedCount}` : ''}
        </button>
      </div>
      <div className="toolbar-group end">
        <button type="button" onClick={p.onDuplicates} disabled={p.duplicateCount === 0} data-testid="duplicates-button" title="Sets of exact and near copies, side by side">
          <span className="label-long">Duplicates</span>
          <span className="label-short">Copies</span> ({formatCount(p.duplicateCount)})
        </button>
        <button type="button" onClick={p.onToggleProblems} aria-pressed={p.problemsOpen} data-testid="problems-toggle">
          Problems ({p.problemCount})
        </button>
        <button type="button" className="primary" onClick={p.onApply} disabled={!p.canApply} title={p.canApply ? 'Move or copy the files into one folder per group' : 'No photo is in a group: nothing to organize'}>
          Apply…
        </button>
        <MenuButton label={<span aria-hidden="true">⋯</span>} ariaLabel="More" menuLabel="More" items={more} className="icon" title="More: shortcuts, theme, overview, close" testId="more" />
      </div>
    </header>
  );
}
