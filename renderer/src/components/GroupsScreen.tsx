// The review screen: toolbar, groups overview, photo grid, side panel (problems, why a photo is here), status bar,
// and the dialogs and menus (preview, apply, duplicates, shortcuts, move, context menu). Holds what the user is
// pointing at (selected photos, checked groups, the active cell, a search) and turns actions into the contract's
// edits; the engine answers each with the new view. Keeps the keyboard's place through edits: a photo moved or
// excluded away leaves the active cell on its neighbour, and focus where it was.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Edit, GroupsView, LikenessApi, Photo, PlanPreview, RecoveryNote, Settings } from '../../../electron/ipc/contract';
import { mergeEdit, moveEdit, renameEdit, selectedKeys, setAsideEdit } from '../logic/edits';
import { filterSections, type Filter } from '../logic/filter';
import { baseName, plural } from '../logic/format';
import { flatten, photoTotal, sectionsOf, type Section } from '../logic/sections';
import { clickSelect, emptySelection, placeAfterActing, pruneSelection, toggleKey, type Selection } from '../logic/selection';
import { commandOf, type Command } from '../logic/shortcuts';
import type { Problem } from '../state/problems';
import { useDebouncedEffect } from '../state/use-debounced';
import { desktopExtras } from '../transport/desktop-extras';
import { ApplyDialog } from './ApplyDialog';
import { DuplicatesDialog } from './DuplicatesDialog';
import { GroupGrid, type ActiveKey, type GridHandle } from './GroupGrid';
import { Menu, type MenuAnchor, type MenuItem } from './Menu';
import { Overview } from './Overview';
import { Preview } from './Preview';
import { ProblemsPanel } from './ProblemsPanel';
import { ShortcutsDialog } from './ShortcutsDialog';
import { StatusBar, ZOOM_SIZES } from './StatusBar';
import { Toolbar } from './Toolbar';
import { WhyPanel } from './WhyPanel';

interface Props {
  api: LikenessApi;
  view: GroupsView;
  onView: (v: GroupsView) => void;
  problems: Problem[];
  report: (source: string, err: unknown) => void;
  onApply: (plan: PlanPreview) => void;
  /** Interrupted applies the engine repaired while making a preview. */
  onRecovered: (notes: RecoveryNote[]) => void;
  onClose: () => void;
  theme: Settings['theme'];
  onTheme: (t: Settings['theme']) => void;
}

type Dialogs = 'apply' | 'shortcuts' | 'duplicates' | null;
type ContextMenu = { kind: 'actions'; target: ActiveKey; at: MenuAnchor } | { kind: 'move'; at: MenuAnchor };

const ZOOM_KEY = 'likeness.zoom';
const HEADER_HEIGHT = 52;
const EMPTY_HEIGHT = 60;

/** The thumbnail size last chosen (an index into ZOOM_SIZES), else 128 px. */
function storedZoom(): number {
  const stored = localStorage.getItem(ZOOM_KEY);
  const z = stored === null ? NaN : Number(stored);
  return Number.isInteger(z) && z >= 0 && z < ZOOM_SIZES.length ? z : 1;
}

export function GroupsScreen({ api, view, onView, problems, report, onApply, onRecovered, onClose, theme, onTheme }: Props) {
  const allSections = useMemo(() => sectionsOf(view), [view]);
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<Filter | null>(null);
  const sections = useMemo(() => filterSections(allSections, filter), [allSections, filter]);
  const flat = useMemo(() => flatten(sections), [sections]);
  const order = useMemo(() => flat.map((f) => f.photo.path), [flat]);
  const allPhotos = useMemo(() => flatten(allSections).map((f) => f.photo), [allSections]);
  const byPath = useMemo(() => new Map(allPhotos.map((p) => [p.path, p])), [allPhotos]);
  const groupOrder = useMemo(() => view.groups.map((g) => g.id), [view]);

  const [sel, setSel] = useState<Selection>(emptySelection);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [active, setActive] = useState<ActiveKey | null>(null);
  const [preview, setPreview] = useState<number | null>(null);
  const [panel, setPanel] = useState<'problems' | 'why' | null>(null);
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [menu, setMenu] = useState<ContextMenu | null>(null);
  const [moveOpen, setMoveOpen] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  /** Bumped to have the grid focus its active cell once it shows it. */
  const [focusToken, setFocusToken] = useState(0);
  const refocus = useCallback(() => setFocusToken((t) => t + 1), []);
  const [busy, setBusy] = useState<'regroup' | 'edit' | null>(null);
  const [zoom, setZoomState] = useState(storedZoom);
  const [overviewShown, setOverviewShown] = useState(() => window.innerWidth >= 720);
  const [topSection, setTopSection] = useState<string | null>(null);
  const grid = useRef<GridHandle>(null);
  const searchField = useRef<HTMLInputElement | null>(null);
  const dragged = useRef<string[]>([]);
  /** Set by an edit of photos: where the keyboard goes once the new view is in, and whether focus goes back to the grid. */
  const after = useRef<{ acted: Set<string>; next: string | null; refocus: boolean } | null>(null);

  const metrics = useMemo(() => ({ cell: ZOOM_SIZES[zoom] + 8, header: HEADER_HEIGHT, empty: EMPTY_HEIGHT }), [zoom]);
  const setZoom = useCallback((z: number) => {
    const level = Math.max(0, Math.min(ZOOM_SIZES.length - 1, z));
    setZoomState(level);
    localStorage.setItem(ZOOM_KEY, String(level));
  }, []);

  // A search asks the engine which photos show what was typed, once typing pauses.
  useDebouncedEffect(
    search,
    200,
    (q) => {
      if (!q.trim()) return setFilter(null);
      api.call('photos.search', { folder: view.folder, query: q }).then(
        (r) => setFilter({ query: q, keys: new Set(r.keys) }),
        (err) => report('Searching', err),
      );
    },
    false,
  );

  // A new view keeps what is still there selected and the keyboard's place (or its neighbour's). A layout effect,
  // so focus is back on the grid before the view is painted and announced: an edit that removes the focused photo
  // would otherwise leave focus on the page itself until a later task.
  useLayoutEffect(() => {
    const visible = new Set(order);
    setSel((s) => pruneSelection(s, visible));
    setChecked((c) => new Set([...c].filter((g) => groupOrder.includes(g))));
    const a = after.current;
    after.current = null;
    setActive((cur) => {
      if (cur?.kind === 'header') return sections.some((s) => s.key === cur.key) ? cur : null;
      if (a && cur && a.acted.has(cur.path)) return a.next !== null && visible.has(a.next) ? { kind: 'photo', path: a.next } : null;
      return cur && visible.has(cur.path) ? cur : null;
    });
    if (a && (a.refocus || document.activeElement === document.body || !document.activeElement?.isConnected)) refocus();
  }, [order, groupOrder, sections, refocus]);

  const activePhoto: Photo | null = active?.kind === 'photo' ? byPath.get(active.path) ?? null : null;

  const run = useCallback(
    async (what: string, call: () => Promise<GroupsView>, kind: 'edit' | 'regroup' = 'edit') => {
      setBusy(kind);
      try {
        onView(await call());
      } catch (err) {
        after.current = null;
        report(what, err);
      } finally {
        setBusy(null);
      }
    },
    [onView, report],
  );
  const edit = useCallback(
    async (e: Edit | null, what = 'Editing', acted?: Iterable<string>) => {
      if (!e) return;
      if (acted) {
        const set = new Set(acted);
        const cur = active?.kind === 'photo' ? active.path : null;
        after.current = { acted: set, next: placeAfterActing(order, set, cur), refocus: !!grid.current?.hasFocus() };
      }
      await run(what, () => api.call('edits.apply', { folder: view.folder, edit: e }));
    },
    [api, run, view.folder, active, order],
  );
  const undo = useCallback(() => view.canUndo && run('Undo', () => api.call('edits.undo', { folder: view.folder })), [api, run, view]);
  const redo = useCallback(() => view.canRedo && run('Redo', () => api.call('edits.redo', { folder: view.folder })), [api, run, view]);
  const regroup = useCallback((g: number) => run('Regrouping', () => api.call('groups.regroup', { folder: view.folder, granularity: g }), 'regroup'), [api, run, view.folder]);

  /** The photos an action is for: the selection, else the photo the keyboard is on. */
  const targets = useCallback((): Photo[] => {
    if (sel.selected.size) return allPhotos.filter((p) => sel.selected.has(p.path));
    return activePhoto ? [activePhoto] : [];
  }, [sel, allPhotos, activePhoto]);
  const excludedPaths = useMemo(() => new Set(view.excluded.map((p) => p.path)), [view]);
  const includeMode = sel.selected.size > 0 && [...sel.selected].every((p) => excludedPaths.has(p));

  const moveTo = useCallback(
    (to: string | null, photos: Photo[] = targets()) => {
      const keys = selectedKeys(photos, new Set(photos.map((p) => p.path)));
      void edit(moveEdit(keys, to), 'Moving photos', photos.map((p) => p.path));
    },
    [edit, targets],
  );
  const excludeOrInclude = useCallback(() => {
    const photos = targets();
    if (!photos.length) return;
    const keys = photos.map((p) => p.key);
    if (photos.every((p) => excludedPaths.has(p.path))) void edit({ kind: 'include', photos: keys }, 'Including', photos.map((p) => p.path));
    else void edit({ kind: 'exclude', photos: photos.filter((p) => !excludedPaths.has(p.path)).map((p) => p.key) }, 'Excluding', photos.map((p) => p.path));
  }, [edit, targets, excludedPaths]);
  const newGroup = useCallback(() => {
    const photos = targets();
    if (photos.length) void edit({ kind: 'split', photos: photos.map((p) => p.key) }, 'New group', photos.map((p) => p.path));
  }, [edit, targets]);
  const judge = useCallback(
    (kind: 'accept' | 'reject', photos: Photo[] = targets()) => {
      const suggested = photos.filter((p) => p.suggested !== undefined && !excludedPaths.has(p.path));
      if (suggested.length) void edit({ kind, photos: suggested.map((p) => p.key) }, kind === 'accept' ? 'Accepting' : 'Rejecting', kind === 'reject' ? suggested.map((p) => p.path) : undefined);
    },
    [edit, targets, excludedPaths],
  );

  const moveItems = useCallback(
    (photos?: Photo[]): MenuItem[] => [
      ...view.groups.map((g) => ({ id: g.id, label: g.name, hint: String(g.photos.length), onSelect: () => moveTo(g.id, photos) })),
      { id: 'unsorted', label: 'Unsorted', separator: true, onSelect: () => moveTo(null, photos) },
    ],
    [view.groups, moveTo],
  );

  const cellAnchor = (): MenuAnchor => {
    const el = document.activeElement;
    const r = el instanceof HTMLElement && grid.current?.hasFocus() ? el.getBoundingClientRect() : null;
    return r ? { x: r.left + 12, y: r.top + 12 } : { x: window.innerWidth / 3, y: window.innerHeight / 3 };
  };

  const onCommand = (c: Command) => {
    switch (c) {
      case 'move':
        if (targets().length) setMenu({ kind: 'move', at: cellAnchor() });
        return;
      case 'exclude':
        return excludeOrInclude();
      case 'new-group':
        return newGroup();
      case 'accept':
        return judge('accept');
      case 'reject':
        return judge('reject');
      case 'why':
        setPanel('why');
        return;
    }
  };

  const selectSection = (s: Section) => setSel({ selected: new Set(s.photos.map((p) => p.path)), anchor: s.photos[0]?.path ?? null });

  // Keys anywhere on the screen (not in a text field, not over a dialog or a menu): select all, clear the selection,
  // undo and redo, zoom, search, the shortcuts sheet.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (dialog || preview !== null || menu || moveOpen || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      const typing = !!t && (t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || (t.tagName === 'INPUT' && !['checkbox', 'radio', 'range'].includes((t as HTMLInputElement).type)));
      const c = commandOf(e, 'app');
      if (!c) return;
      if (typing && c !== 'search' && c !== 'undo' && c !== 'redo' && c !== 'zoom-in' && c !== 'zoom-out') return;
      if (typing && (c === 'undo' || c === 'redo')) return; // the field's own undo
      switch (c) {
        case 'select-all':
          setSel({ selected: new Set(order), anchor: order[0] ?? null });
          break;
        case 'clear-selection':
          if (!sel.selected.size) return;
          setSel(emptySelection);
          break;
        case 'undo':
          void undo();
          break;
        case 'redo':
          void redo();
          break;
        case 'zoom-in':
          setZoom(zoom + 1);
          break;
        case 'zoom-out':
          setZoom(zoom - 1);
          break;
        case 'search':
          searchField.current?.focus();
          searchField.current?.select();
          break;
        case 'shortcuts':
          setDialog('shortcuts');
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dialog, preview, menu, moveOpen, order, sel, undo, redo, zoom, setZoom]);

  // Desktop only: Edit › Undo / Redo of the application menu.
  useEffect(
    () =>
      desktopExtras().onMenu?.((c) => {
        if (c.command === 'undo') void undo();
        else if (c.command === 'redo') void redo();
      }),
    [undo, redo],
  );

  const onDrop = (section: Section) => {
    const paths = dragged.current;
    dragged.current = [];
    const photos = paths.map((p) => byPath.get(p)).filter((p): p is Photo => !!p);
    if (!photos.length) return;
    if (section.kind === 'excluded') void edit({ kind: 'exclude', photos: photos.filter((p) => !excludedPaths.has(p.path)).map((p) => p.key) }, 'Excluding', paths);
    else moveTo(section.id, photos);
  };

  const contextItems = (target: ActiveKey, at: MenuAnchor): MenuItem[] => {
    if (target.kind === 'header') {
      const s = allSections.find((x) => x.key === target.key);
      if (!s) return [];
      const items: MenuItem[] = [{ id: 'select', label: `Select the photos of ${s.name}`, hint: 'Enter', onSelect: () => selectSection(s) }];
      if (s.kind === 'group' && s.id) {
        const id = s.id;
        items.unshift({ id: 'rename', label: 'Rename…', hint: 'F2', onSelect: () => setRenaming(s.key) });
        items.push({ id: 'check', label: checked.has(id) ? 'Uncheck for Merge' : 'Check for Merge', hint: 'Space', onSelect: () => setChecked((c) => toggleKey(c, id)) });
        items.push({ id: 'merge', label: checked.size < 2 ? 'Merge the checked groups (check two or more)' : `Merge the ${checked.size} checked groups`, disabled: checked.size < 2, onSelect: () => void edit(mergeEdit(groupOrder, checked), 'Merging') });
        items.push({ id: 'exclude-group', label: 'Exclude the whole group', separator: true, onSelect: () => void edit({ kind: 'exclude-group', group: id }, 'Excluding') });
      }
      return items;
    }
    const photo = byPath.get(target.path);
    if (!photo) return [];
    const photos = sel.selected.has(photo.path) ? allPhotos.filter((p) => sel.selected.has(p.path)) : [photo];
    const n = photos.length;
    const what = n === 1 ? 'it' : `the ${n} photos`;
    const excluded = photos.every((p) => excludedPaths.has(p.path));
    const dup = photo.duplicate !== undefined ? view.duplicates[photo.duplicate] : undefined;
    const items: MenuItem[] = [
      { id: 'preview', label: 'Open the preview', hint: 'Enter', onSelect: () => setPreview(order.indexOf(photo.path)) },
      { id: 'why', label: 'Why is it here?', hint: 'I', onSelect: () => setPanel('why') },
      { id: 'new', label: `New group of ${what}`, hint: 'N', separator: true, onSelect: () => void edit({ kind: 'split', photos: photos.map((p) => p.key) }, 'New group', photos.map((p) => p.path)) },
      { id: 'move', label: `Move ${what} to…`, hint: 'M', onSelect: () => setTimeout(() => setMenu({ kind: 'move', at }), 0) },
      {
        id: 'exclude',
        label: excluded ? `Include ${what} again` : `Exclude ${what}`,
        hint: 'E',
        onSelect: () =>
          void edit(
            excluded ? { kind: 'include', photos: photos.map((p) => p.key) } : { kind: 'exclude', photos: photos.filter((p) => !excludedPaths.has(p.path)).map((p) => p.key) },
            excluded ? 'Including' : 'Excluding',
            photos.map((p) => p.path),
          ),
      },
    ];
    if (photos.some((p) => p.suggested !== undefined)) {
      items.push({ id: 'accept', label: 'Accept the suggestion', hint: 'A', onSelect: () => judge('accept', photos) });
      items.push({ id: 'reject', label: 'Reject the suggestion (to Unsorted)', hint: 'R', onSelect: () => judge('reject', photos) });
    }
    if (dup) {
      const others = allPhotos.filter((p) => p.duplicate === photo.duplicate && p.path !== photo.path && !excludedPaths.has(p.path)).map((p) => p.key);
      items.push({ id: 'keep', label: 'Keep this copy, exclude the others', separator: true, disabled: !others.length, onSelect: () => void edit(setAsideEdit(others, 'exclude', view.groups), 'Excluding duplicates') });
      items.push({ id: 'duplicates', label: 'Show the duplicates…', onSelect: () => setDialog('duplicates') });
    }
    return items;
  };

  const previewPhoto = preview !== null ? flat[preview]?.photo : undefined;
  const total = photoTotal(view);
  const canApply = view.groups.some((g) => g.photos.length > 0);

  return (
    <div className="groups-screen" data-testid="groups-screen">
      <Toolbar
        view={view}
        selectedCount={sel.selected.size}
        checkedCount={checked.size}
        includeMode={includeMode}
        problemCount={view.skipped.length + problems.length}
        problemsOpen={panel === 'problems'}
        duplicateCount={view.duplicates.length}
        canApply={canApply}
        search={search}
        searchRef={searchField}
        theme={theme}
        overviewShown={overviewShown}
        moveOpen={moveOpen}
        onMoveOpenChange={setMoveOpen}
        moveItems={() => moveItems()}
        onSearch={setSearch}
        onUndo={undo}
        onRedo={redo}
        onMerge={() => void edit(mergeEdit(groupOrder, checked), 'Merging')}
        onSplit={newGroup}
        onExclude={excludeOrInclude}
        onToggleProblems={() => setPanel((o) => (o === 'problems' ? null : 'problems'))}
        onDuplicates={() => setDialog('duplicates')}
        onApply={() => setDialog('apply')}
        onShortcuts={() => setDialog('shortcuts')}
        onTheme={onTheme}
        onToggleOverview={() => setOverviewShown((o) => !o)}
        onClose={onClose}
      />
      <div className="groups-body">
        {overviewShown && total > 0 && (
          <Overview sections={sections} current={topSection} onJump={(s) => grid.current?.jumpTo(s.key)} onDrop={onDrop} />
        )}
        {total === 0 ? (
          <main className="empty-folder" data-testid="empty-folder">
            <h2>No photos here</h2>
            <p>Likeness found no photo it can group in this folder, so there is nothing to organize.</p>
            {view.skipped.length > 0 && <p>{plural(view.skipped.length, 'file')} could not be used: the Problems panel says why.</p>}
          </main>
        ) : sections.length === 0 ? (
          <main className="empty-folder" data-testid="no-match">
            <h2>Nothing matches “{search}”</h2>
            <button type="button" onClick={() => setSearch('')}>
              Clear the search
            </button>
          </main>
        ) : (
          <GroupGrid
            ref={grid}
            sections={sections}
            duplicates={view.duplicates}
            metrics={metrics}
            selected={sel.selected}
            checked={checked}
            active={active}
            busy={busy === 'regroup'}
            renaming={renaming}
            focusToken={focusToken}
            onActive={(key, extend) => {
              setActive(key);
              if (key.kind === 'photo' && extend) setSel((s) => clickSelect(s.anchor ? s : { ...s, anchor: active?.kind === 'photo' ? active.path : key.path }, order, key.path, { range: true, toggle: false }));
            }}
            onPhotoClick={(photo, e) => {
              setActive({ kind: 'photo', path: photo.path });
              setSel((s) => clickSelect(s, order, photo.path, { range: e.shiftKey, toggle: e.ctrlKey || e.metaKey }));
            }}
            onToggle={(photo) => setSel((s) => clickSelect(s, order, photo.path, { range: false, toggle: true }))}
            onOpen={(photo) => setPreview(order.indexOf(photo.path))}
            onSelectSection={selectSection}
            onCheck={(g) => setChecked((c) => toggleKey(c, g))}
            onRenameStart={(s) => setRenaming(s.key)}
            onRenameEnd={(s, name) => {
              setRenaming(null);
              if (name !== null && s.id) void edit(renameEdit(s.id, s.name, name), 'Renaming');
              refocus();
            }}
            onExcludeGroup={(s) => s.id && void edit({ kind: 'exclude-group', group: s.id }, 'Excluding')}
            onCommand={onCommand}
            onContextMenu={(target, at) => {
              if (target.kind === 'photo' && !sel.selected.has(target.path)) setSel({ selected: new Set([target.path]), anchor: target.path });
              setActive(target);
              setMenu({ kind: 'actions', target, at });
            }}
            onDragPhotos={(photo) => {
              dragged.current = sel.selected.has(photo.path) ? [...sel.selected] : [photo.path];
              if (!sel.selected.has(photo.path)) setSel({ selected: new Set([photo.path]), anchor: photo.path });
            }}
            onDrop={onDrop}
            onAccept={(photo) => judge('accept', [photo])}
            onReject={(photo) => judge('reject', [photo])}
            onTopSection={setTopSection}
          />
        )}
        {panel === 'problems' && <ProblemsPanel skipped={view.skipped} videos={view.videos} problems={problems} onClose={() => setPanel(null)} />}
        {panel === 'why' && <WhyPanel api={api} folder={view.folder} photo={activePhoto} version={view} onClose={() => setPanel(null)} />}
      </div>
      <StatusBar
        selected={sel.selected.size}
        shown={order.length}
        filtered={filter !== null}
        busy={busy}
        granularity={view.granularity}
        zoom={zoom}
        onRegroup={regroup}
        onZoom={setZoom}
      />
      {menu?.kind === 'actions' && (
        <Menu
          label={menu.target.kind === 'photo' ? `Actions for ${baseName(menu.target.path)}` : 'Group actions'}
          items={contextItems(menu.target, menu.at)}
          anchor={menu.at}
          onClose={() => setMenu(null)}
          returnFocus={refocus}
          testId="context-menu"
        />
      )}
      {menu?.kind === 'move' && (
        <Menu label="Move the selected photos to" items={moveItems()} anchor={menu.at} onClose={() => setMenu(null)} returnFocus={refocus} testId="move-menu" />
      )}
      {previewPhoto && preview !== null && (
        <Preview
          photo={previewPhoto}
          position={preview}
          total={flat.length}
          onMove={(d) => setPreview((i) => (i === null ? i : Math.min(flat.length - 1, Math.max(0, i + d))))}
          onClose={() => {
            if (preview !== null && flat[preview]) setActive({ kind: 'photo', path: flat[preview].photo.path });
            setPreview(null);
            refocus();
          }}
        />
      )}
      {dialog === 'apply' && <ApplyDialog api={api} folder={view.folder} report={report} onApply={onApply} onRecovered={onRecovered} onCancel={() => setDialog(null)} />}
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog(null)} />}
      {dialog === 'duplicates' && <DuplicatesDialog api={api} view={view} onEdit={(e, what) => edit(e, what)} onClose={() => setDialog(null)} />}
    </div>
  );
}
