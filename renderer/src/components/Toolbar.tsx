// The groups view's actions: undo/redo, merge the checked groups, make a new group of the selected photos, move
// them, exclude or include them, the granularity slider, the problems panel and Apply.
import type { GroupsView } from '../../../electron/ipc/contract';
import { baseName, plural } from '../logic/format';
import { GranularitySlider } from './GranularitySlider';
import { MoveMenu } from './MoveMenu';

interface Props {
  view: GroupsView;
  busy: boolean;
  selectedCount: number;
  checkedCount: number;
  excludedSelected: number;
  problemCount: number;
  problemsOpen: boolean;
  onUndo: () => void;
  onRedo: () => void;
  onMerge: () => void;
  onSplit: () => void;
  onMove: (to: string | null) => void;
  onExclude: () => void;
  onInclude: () => void;
  onRegroup: (granularity: number) => void;
  onToggleProblems: () => void;
  onApply: () => void;
  onClose: () => void;
}

export function Toolbar(p: Props) {
  const { view } = p;
  const photos = view.groups.reduce((n, g) => n + g.photos.length, 0) + view.unsorted.length;
  const none = p.selectedCount === 0;
  return (
    <header className="toolbar" role="toolbar" aria-label="Groups actions" aria-busy={p.busy}>
      <div className="toolbar-title">
        <h1 title={view.folder}>{baseName(view.folder)}</h1>
        <span className="hint" data-testid="summary">
          {plural(view.groups.length, 'group')} · {plural(photos, 'photo')}
          {p.selectedCount > 0 && ` · ${p.selectedCount} selected`}
        </span>
      </div>
      <div className="toolbar-actions">
        <button type="button" onClick={p.onUndo} disabled={!view.canUndo || p.busy} title={view.undoLabel ? `Undo ${view.undoLabel} (Ctrl+Z)` : 'Undo (Ctrl+Z)'}>
          Undo
        </button>
        <button type="button" onClick={p.onRedo} disabled={!view.canRedo || p.busy} title={view.redoLabel ? `Redo ${view.redoLabel} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'}>
          Redo
        </button>
        <span className="sep" />
        <button type="button" onClick={p.onMerge} disabled={p.checkedCount < 2 || p.busy} title="Merge the checked groups into the first one">
          Merge{p.checkedCount >= 2 ? ` ${p.checkedCount}` : ''}
        </button>
        <button type="button" onClick={p.onSplit} disabled={none || p.busy} title="Make a new group of the selected photos">
          New group
        </button>
        <MoveMenu view={view} disabled={none || p.busy} onMove={p.onMove} />
        {p.excludedSelected > 0 ? (
          <button type="button" onClick={p.onInclude} disabled={p.busy} title="Bring the selected excluded photos back">
            Include
          </button>
        ) : (
          <button type="button" onClick={p.onExclude} disabled={none || p.busy} title="Leave the selected photos where they are">
            Exclude
          </button>
        )}
        <span className="sep" />
        <GranularitySlider value={view.granularity} onChange={p.onRegroup} />
        <span className="sep" />
        <button type="button" onClick={p.onToggleProblems} aria-pressed={p.problemsOpen} data-testid="problems-toggle">
          Problems ({p.problemCount})
        </button>
        <button type="button" className="primary" onClick={p.onApply} disabled={p.busy}>
          Apply…
        </button>
        <button type="button" className="quiet" onClick={p.onClose}>
          Close folder
        </button>
      </div>
    </header>
  );
}
