// The review screen: the toolbar, the virtualized groups, the large preview, the apply dialog and the problems
// panel. Holds what the user is pointing at (selected photos, checked groups, keyboard cursor) and turns actions
// into the contract's edits; the engine answers each edit with the new view.
import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { Edit, GroupsView, LikenessApi, RecoveryNote } from '../../../electron/ipc/contract';
import { mergeEdit, moveEdit, renameEdit, selectedHashes } from '../logic/edits';
import { excludedAmong, flatten, sectionsOf, type Section } from '../logic/sections';
import { clickSelect, emptySelection, pruneSelection, toggleKey, type Selection } from '../logic/selection';
import type { Cell } from '../logic/thumb-layout';
import type { Problem } from '../state/problems';
import { desktopExtras } from '../transport/desktop-extras';
import { ApplyDialog } from './ApplyDialog';
import { GroupList } from './GroupList';
import { Preview } from './Preview';
import { ProblemsPanel } from './ProblemsPanel';
import { Toolbar } from './Toolbar';

interface Props {
  api: LikenessApi;
  view: GroupsView;
  onView: (v: GroupsView) => void;
  problems: Problem[];
  report: (source: string, err: unknown) => void;
  onApply: (planId: string) => void;
  /** Interrupted applies the engine repaired while making a preview. */
  onRecovered: (notes: RecoveryNote[]) => void;
  onClose: () => void;
}

export function GroupsScreen({ api, view, onView, problems, report, onApply, onRecovered, onClose }: Props) {
  const sections = useMemo(() => sectionsOf(view), [view]);
  const flat = useMemo(() => flatten(sections), [sections]);
  const order = useMemo(() => flat.map((f) => f.photo.path), [flat]);
  const allPhotos = useMemo(() => flat.map((f) => f.photo), [flat]);
  const groupOrder = useMemo(() => view.groups.map((g) => g.id), [view]);

  const [sel, setSel] = useState<Selection>(emptySelection);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [cursorPath, setCursorPath] = useState<string | null>(null);
  const [preview, setPreview] = useState<number | null>(null);
  const [applyOpen, setApplyOpen] = useState(false);
  const [problemsOpen, setProblemsOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const dragged = useRef<string[]>([]);

  // A new view keeps what is still there selected; moved photos keep their path and stay selected.
  useEffect(() => {
    const visible = new Set(order);
    setSel((s) => pruneSelection(s, visible));
    setChecked((c) => new Set([...c].filter((g) => groupOrder.includes(g))));
    setCursorPath((c) => (c !== null && visible.has(c) ? c : null));
  }, [order, groupOrder]);

  const indexOfPath = useMemo(() => new Map(order.map((p, i) => [p, i])), [order]);
  const cursorIndex = cursorPath !== null ? indexOfPath.get(cursorPath) : undefined;
  const cursor: Cell | null = cursorIndex !== undefined ? { section: flat[cursorIndex].section, index: flat[cursorIndex].index } : null;
  const pathAt = (cell: Cell) => sections[cell.section].photos[cell.index].path;

  const run = useCallback(
    async (what: string, call: () => Promise<GroupsView>) => {
      setBusy(true);
      try {
        onView(await call());
      } catch (err) {
        report(what, err);
      } finally {
        setBusy(false);
      }
    },
    [onView, report],
  );
  const edit = useCallback(
    (e: Edit | null, what = 'Editing') => {
      if (e) void run(what, () => api.call('edits.apply', { folder: view.folder, edit: e }));
    },
    [api, run, view.folder],
  );
  const undo = useCallback(() => view.canUndo && run('Undo', () => api.call('edits.undo', { folder: view.folder })), [api, run, view]);
  const redo = useCallback(() => view.canRedo && run('Redo', () => api.call('edits.redo', { folder: view.folder })), [api, run, view]);

  const hashes = useMemo(() => selectedHashes(allPhotos, sel.selected), [allPhotos, sel]);
  const excludedSelected = useMemo(() => excludedAmong(view, sel.selected), [view, sel]);

  // Ctrl/Cmd+Z, Ctrl+Shift+Z and Ctrl+Y anywhere but in a text field or over a dialog.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (applyOpen || preview !== null) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT') && (t as HTMLInputElement).type !== 'checkbox') return;
      if (!(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        void undo();
      } else if ((k === 'z' && e.shiftKey) || k === 'y') {
        e.preventDefault();
        void redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [applyOpen, preview, undo, redo]);

  // Desktop only: Edit › Undo / Redo of the application menu.
  useEffect(
    () =>
      desktopExtras().onMenu?.((c) => {
        if (c.command === 'undo') void undo();
        else if (c.command === 'redo') void redo();
      }),
    [undo, redo],
  );

  const moveTo = (to: string | null | 'excluded', paths?: string[]) => {
    const hs = paths ? selectedHashes(allPhotos, new Set(paths)) : hashes;
    if (!hs.length) return;
    if (to === 'excluded') edit({ kind: 'exclude', photos: hs });
    else edit(moveEdit(hs, to), 'Moving photos');
  };

  const onDrop = (section: Section) => {
    const paths = dragged.current;
    dragged.current = [];
    if (section.kind === 'excluded') moveTo('excluded', paths);
    else moveTo(section.id, paths);
  };

  const previewPhoto = preview !== null ? flat[preview]?.photo : undefined;

  return (
    <div className="groups-screen" data-testid="groups-screen">
      <Toolbar
        view={view}
        busy={busy}
        selectedCount={sel.selected.size}
        checkedCount={checked.size}
        excludedSelected={excludedSelected.length}
        problemCount={view.skipped.length + problems.length}
        problemsOpen={problemsOpen}
        onUndo={undo}
        onRedo={redo}
        onMerge={() => edit(mergeEdit(groupOrder, checked), 'Merging')}
        onSplit={() => hashes.length && edit({ kind: 'split', photos: hashes }, 'New group')}
        onMove={(to) => moveTo(to)}
        onExclude={() => hashes.length && edit({ kind: 'exclude', photos: hashes }, 'Excluding')}
        onInclude={() => excludedSelected.length && edit({ kind: 'include', photos: selectedHashes(excludedSelected, sel.selected) }, 'Including')}
        onRegroup={(g) => run('Regrouping', () => api.call('groups.regroup', { folder: view.folder, granularity: g }))}
        onToggleProblems={() => setProblemsOpen((o) => !o)}
        onApply={() => setApplyOpen(true)}
        onClose={onClose}
      />
      <div className="groups-body">
        <GroupList
          view={view}
          sections={sections}
          selected={sel.selected}
          checked={checked}
          cursor={cursor}
          onCursor={(cell, extend) => {
            const path = pathAt(cell);
            setCursorPath(path);
            if (extend) setSel((s) => clickSelect(s.anchor ? s : { ...s, anchor: cursorPath ?? path }, order, path, { range: true, toggle: false }));
          }}
          onPhotoClick={(path, e: MouseEvent) => {
            setCursorPath(path);
            setSel((s) => clickSelect(s, order, path, { range: e.shiftKey, toggle: e.ctrlKey || e.metaKey }));
          }}
          onToggle={(cell) => {
            const path = pathAt(cell);
            setSel((s) => clickSelect(s, order, path, { range: false, toggle: true }));
          }}
          onOpen={(cell) => setPreview(indexOfPath.get(pathAt(cell)) ?? null)}
          onCheck={(g) => setChecked((c) => toggleKey(c, g))}
          onRename={(g, old, name) => edit(renameEdit(g, old, name), 'Renaming')}
          onExcludeGroup={(g) => edit({ kind: 'exclude-group', group: g }, 'Excluding')}
          onDragPhotos={(path) => {
            dragged.current = sel.selected.has(path) ? [...sel.selected] : [path];
            if (!sel.selected.has(path)) setSel({ selected: new Set([path]), anchor: path });
          }}
          onDrop={onDrop}
          onAccept={(h) => edit({ kind: 'accept', photos: [h] }, 'Accepting')}
          onReject={(h) => edit({ kind: 'reject', photos: [h] }, 'Rejecting')}
          onClearSelection={() => setSel(emptySelection)}
        />
        {problemsOpen && <ProblemsPanel skipped={view.skipped} videos={view.videos} problems={problems} onClose={() => setProblemsOpen(false)} />}
      </div>
      {previewPhoto && preview !== null && (
        <Preview
          photo={previewPhoto}
          position={preview}
          total={flat.length}
          onMove={(d) => setPreview((i) => (i === null ? i : Math.min(flat.length - 1, Math.max(0, i + d))))}
          onClose={() => {
            if (preview !== null && flat[preview]) setCursorPath(flat[preview].photo.path);
            setPreview(null);
          }}
        />
      )}
      {applyOpen && <ApplyDialog api={api} folder={view.folder} report={report} onApply={onApply} onRecovered={onRecovered} onCancel={() => setApplyOpen(false)} />}
    </div>
  );
}
