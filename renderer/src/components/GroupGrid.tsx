// The photo grid (WAI-ARIA grid): a row per group header and per row of thumbnails, windowed so that only the rows
// in view are in the DOM however many photos there are. One tab stop (the active cell, roving tabindex); arrows,
// Home/End and Page Up/Down move between cells, headers included; Shift extends the selection; Space, Enter, F2,
// Shift+F10 and the single-letter shortcuts act on the active cell (logic/shortcuts.ts). When the rows change (an
// edit, the slider, a new thumbnail size, a narrower window) the photos at the top of the view stay where they
// were; the grid scrolls only when the keyboard moves out of view or a jump asks for it. Drop targets for dragged
// photos are the rows of each section.
import { forwardRef, useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { GroupsView, Photo } from '../../../electron/ipc/contract';
import type { Section } from '../logic/sections';
import { commandOf, SHORTCUTS, type Command } from '../logic/shortcuts';
import {
  columnsFor,
  layoutRows,
  moveInGrid,
  placeAt,
  rowAt,
  rowOf,
  rowOfCell,
  rowTops,
  scrollFor,
  type Direction,
  type GridCell,
  type Metrics,
  type Place,
} from '../logic/thumb-layout';
import { cellIdOf, GridRow, type RowHandlers } from './GridRow';
import type { ThumbHandlers } from './Thumb';

export const DRAG_TYPE = 'application/x-likeness-photos';
/** Rows are drawn in chunks of this many. */
const CHUNK = 4;

/** The active cell, named by what it shows so that it survives a new view. */
export type ActiveKey = { kind: 'photo'; path: string } | { kind: 'header'; key: string };

export interface GridHandle {
  /** Scrolls a section's header to the top and makes it the active cell (focus stays where it is). */
  jumpTo(sectionKey: string): void;
  /** Whether focus is inside the grid. */
  hasFocus(): boolean;
}

const KEYS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
  Home: 'home',
  End: 'end',
  PageUp: 'pageup',
  PageDown: 'pagedown',
};

interface Props {
  sections: Section[];
  duplicates: GroupsView['duplicates'];
  metrics: Metrics;
  selected: ReadonlySet<string>;
  checked: ReadonlySet<string>;
  active: ActiveKey | null;
  busy: boolean;
  /** The section key whose name is being edited. */
  renaming: string | null;
  /** Each new value asks for the active cell to be focused (scrolled into view) once the grid shows it. */
  focusToken: number;
  onActive: (key: ActiveKey, extend: boolean) => void;
  onPhotoClick: (photo: Photo, e: React.MouseEvent) => void;
  onToggle: (photo: Photo) => void;
  onOpen: (photo: Photo) => void;
  onSelectSection: (section: Section) => void;
  onCheck: (groupId: string) => void;
  onRenameStart: (section: Section) => void;
  onRenameEnd: (section: Section, name: string | null) => void;
  onExcludeGroup: (section: Section) => void;
  onCommand: (command: Command) => void;
  onContextMenu: (target: ActiveKey, at: { x: number; y: number }) => void;
  onDragPhotos: (photo: Photo) => void;
  onDrop: (section: Section) => void;
  onAccept: (photo: Photo) => void;
  onReject: (photo: Photo) => void;
  /** The section at the top of the view changed (for the overview). */
  onTopSection: (key: string | null) => void;
}

export const GroupGrid = forwardRef<GridHandle, Props>(function GroupGrid(p, ref) {
  const scroller = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 1000, height: 600 });
  /** The rows drawn: those in view and a margin, in chunks, so that scrolling re-renders every few rows, not every pixel. */
  const [range, setRange] = useState<[number, number]>([0, 0]);
  const [dropTarget, setDropTarget] = useState<number | null>(null);
  /** Set when the keyboard moved the active cell: it must be brought into view and focused. */
  const reveal = useRef<'focus' | 'scroll' | null>(null);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setSize({ width: el.clientWidth, height: el.clientHeight });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    measure();
    return () => ro.disconnect();
  }, []);

  const { sections, metrics } = p;
  const sizes = useMemo(() => sections.map((s) => s.photos.length), [sections]);
  const columns = columnsFor(size.width - 24, metrics.cell);
  const layout = useMemo(() => layoutRows(sizes, columns), [sizes, columns]);
  const tops = useMemo(() => rowTops(layout.rows, metrics), [layout, metrics]);
  const index = useMemo(() => {
    const photo = new Map<string, { section: number; index: number }>();
    const section = new Map<string, number>();
    sections.forEach((s, si) => {
      section.set(s.key, si);
      s.photos.forEach((ph, i) => photo.set(ph.path, { section: si, index: i }));
    });
    return { photo, section };
  }, [sections]);

  const cellOf = useCallback(
    (key: ActiveKey | null): GridCell | null => {
      if (!key) return null;
      if (key.kind === 'header') {
        const s = index.section.get(key.key);
        return s === undefined ? null : { kind: 'header', section: s };
      }
      const at = index.photo.get(key.path);
      return at ? { kind: 'photo', ...at } : null;
    },
    [index],
  );
  const keyOf = useCallback((c: GridCell): ActiveKey => (c.kind === 'header' ? { kind: 'header', key: sections[c.section].key } : { kind: 'photo', path: sections[c.section].photos[c.index].path }), [sections]);
  const firstCell: GridCell | null = layout.rows.length ? { kind: 'header', section: 0 } : null;
  const active = cellOf(p.active) ?? firstCell;
  const activeRow = active ? rowOfCell(layout, active) : -1;

  // ---- keeping the person's place when the rows change ----------------------------------------------------
  const place = useRef<Place | null>(null);
  const placeKey = (c: GridCell) => (c.kind === 'header' ? `h\n${sections[c.section].key}` : `p\n${sections[c.section].photos[c.index].path}`);
  const rowOfKey = (k: string): number | undefined => {
    if (k.startsWith('h\n')) {
      const s = index.section.get(k.slice(2));
      return s === undefined ? undefined : layout.sectionRow[s];
    }
    const at = index.photo.get(k.slice(2));
    return at ? rowOf(layout, at) : undefined;
  };
  const latest = useRef({ layout, tops, placeKey, sections });
  const geometry = useRef({ tops, height: size.height, margin: metrics.cell * 2 });
  geometry.current = { tops, height: size.height, margin: metrics.cell * 2 };
  /** Draws the rows for a scroll offset (a new state only when the chunk of rows changes). */
  const track = useCallback((top: number) => {
    const { tops: t, height, margin } = geometry.current;
    const last = Math.max(0, t.length - 2);
    const from = Math.max(0, Math.floor(rowAt(t, Math.max(0, top - margin)) / CHUNK) * CHUNK);
    const to = Math.min(last, (Math.floor(rowAt(t, top + height + margin) / CHUNK) + 1) * CHUNK - 1);
    setRange((r) => (r[0] === from && r[1] === to ? r : [from, to]));
  }, []);
  // The rows are about to change: note the place from the rows on screen now, while the DOM still shows them.
  const prev = latest.current;
  if ((prev.layout !== layout || prev.tops !== tops) && scroller.current) place.current = placeAt(prev.layout, prev.tops, scroller.current.scrollTop, prev.placeKey);
  latest.current = { layout, tops, placeKey, sections };

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (place.current) {
      const top = scrollFor(tops, place.current, rowOfKey);
      if (top !== null && Math.abs(el.scrollTop - top) >= 1) el.scrollTop = top;
    }
    track(el.scrollTop);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new layout moves the rows
  }, [layout, tops]);

  const topSection = useRef<string | null>(null);
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const { layout: l, tops: t, sections: s } = latest.current;
    track(el.scrollTop);
    const row = l.rows[rowAt(t, el.scrollTop)];
    const key = row ? s[row.section].key : null;
    if (key !== topSection.current) {
      topSection.current = key;
      p.onTopSection(key);
    }
  };
  // A new size or thumbnail size shows more or fewer rows.
  useLayoutEffect(() => {
    if (scroller.current) track(scroller.current.scrollTop);
  }, [size.height, metrics, track]);

  // ---- the keyboard's cell: into view, then focused -------------------------------------------------------
  const bringIntoView = useCallback(
    (row: number) => {
      const el = scroller.current;
      if (!el || row < 0) return;
      const top = tops[row];
      const bottom = tops[row + 1];
      if (top < el.scrollTop) el.scrollTop = top;
      else if (bottom > el.scrollTop + el.clientHeight) el.scrollTop = bottom - el.clientHeight;
      track(el.scrollTop);
    },
    [tops, track],
  );
  useLayoutEffect(() => {
    if (!reveal.current) return;
    bringIntoView(activeRow);
  });
  useEffect(() => {
    if (reveal.current !== 'focus') {
      reveal.current = null;
      return;
    }
    reveal.current = null;
    if (active) document.getElementById(cellId(active))?.focus({ preventScroll: true });
  });

  useLayoutEffect(() => {
    if (p.focusToken === 0) return;
    bringIntoView(activeRow);
    if (active) document.getElementById(cellId(active))?.focus({ preventScroll: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new request focuses
  }, [p.focusToken]);

  useImperativeHandle(ref, () => ({
    jumpTo(sectionKey: string) {
      const s = index.section.get(sectionKey);
      const el = scroller.current;
      if (s === undefined || !el) return;
      el.scrollTop = tops[layout.sectionRow[s]];
      track(el.scrollTop);
      p.onActive({ kind: 'header', key: sectionKey }, false);
      // At the top now (the scroll event would say so a frame later; the overview marks it at once).
      topSection.current = sectionKey;
      p.onTopSection(sectionKey);
    },
    hasFocus() {
      return !!scroller.current?.contains(document.activeElement);
    },
  }));

  const move = (to: GridCell | null, extend: boolean) => {
    if (!to) return;
    reveal.current = 'focus';
    p.onActive(keyOf(to), extend && to.kind === 'photo');
  };

  function onKeyDown(e: KeyboardEvent) {
    const t = e.target as HTMLElement;
    if (t.tagName === 'INPUT' && (t as HTMLInputElement).type !== 'checkbox') return; // the name being typed
    const dir = KEYS[e.key];
    if (dir && !e.altKey) {
      e.preventDefault();
      const page = Math.max(1, Math.floor(size.height / metrics.cell) - 1);
      move(moveInGrid(layout, active, dir, page), e.shiftKey);
      return;
    }
    if (!active) return;
    const section = sections[active.section];
    if (e.key === ' ' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      if (active.kind === 'photo') p.onToggle(section.photos[active.index]);
      else if (section.id) p.onCheck(section.id);
      return;
    }
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      if (active.kind === 'photo') p.onOpen(section.photos[active.index]);
      else p.onSelectSection(section);
      return;
    }
    const command = commandOf(e, 'grid');
    if (!command || SHORTCUTS.find((s) => s.command === command)?.scope !== 'grid') return;
    e.preventDefault();
    e.stopPropagation();
    if (command === 'rename') {
      if (active.kind === 'header' && section.kind === 'group') p.onRenameStart(section);
    } else if (command === 'menu') {
      const r = document.getElementById(cellId(active))?.getBoundingClientRect();
      p.onContextMenu(keyOf(active), { x: r ? r.left + 8 : 0, y: r ? r.top + 8 : 0 });
    } else p.onCommand(command);
  }

  // One handler object for every cell and one for every row: rows and cells re-render only when their own state
  // changes (the handlers read the latest props through `current`).
  const handlers = useRef<ThumbHandlers>(null as unknown as ThumbHandlers);
  const current = useRef(p);
  current.current = p;
  const rowHandlers = useRef<RowHandlers>(null as unknown as RowHandlers);
  const dropOn = useRef<number | null>(null);
  dropOn.current = dropTarget;
  rowHandlers.current ??= {
    dragOver: (si, e) => {
      if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      if (dropOn.current !== si) setDropTarget(si);
    },
    dragLeave: (si) => setDropTarget((d) => (d === si ? null : d)),
    drop: (si, e) => {
      if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
      e.preventDefault();
      setDropTarget(null);
      current.current.onDrop(latest.current.sections[si]);
    },
    headerActivate: (section) => current.current.onActive({ kind: 'header', key: section.key }, false),
    headerMenu: (section, e) => {
      e.preventDefault();
      current.current.onContextMenu({ kind: 'header', key: section.key }, { x: e.clientX, y: e.clientY });
    },
    check: (section) => section.id && current.current.onCheck(section.id),
    renameStart: (section) => current.current.onRenameStart(section),
    renameEnd: (section, name) => current.current.onRenameEnd(section, name),
    selectPhotos: (section) => current.current.onSelectSection(section),
    excludeGroup: (section) => current.current.onExcludeGroup(section),
  };
  handlers.current ??= {
    click: (photo, e) => current.current.onPhotoClick(photo, e),
    open: (photo) => current.current.onOpen(photo),
    dragStart: (photo, e) => {
      current.current.onDragPhotos(photo);
      e.dataTransfer.setData(DRAG_TYPE, photo.path);
      e.dataTransfer.effectAllowed = 'move';
    },
    accept: (photo) => current.current.onAccept(photo),
    reject: (photo) => current.current.onReject(photo),
    contextMenu: (photo, e) => {
      e.preventDefault();
      current.current.onContextMenu({ kind: 'photo', path: photo.path }, { x: e.clientX, y: e.clientY });
    },
  };

  // Rows in view, a margin above and below, and the active cell's row (so that focus always has a cell to be on).
  const [first, last] = range;
  const shown: number[] = [];
  for (let r = first; r <= last && r < layout.rows.length; r++) shown.push(r);
  if (activeRow >= 0 && (activeRow < first || activeRow > last)) shown.push(activeRow);

  return (
    <div
      ref={scroller}
      className="group-grid"
      role="grid"
      aria-label="Photos by group"
      aria-multiselectable="true"
      aria-rowcount={layout.rows.length}
      aria-colcount={columns}
      aria-busy={p.busy || undefined}
      data-testid="group-list"
      data-columns={columns}
      style={{ ['--thumb' as string]: `${metrics.cell - 8}px` }}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div className="grid-inner" role="presentation" style={{ height: tops[layout.rows.length] }}>
        {shown.map((r) => {
          const row = layout.rows[r];
          const si = row.section;
          const section = sections[si];
          const here = active !== null && active.section === si && rowOfCell(layout, active) === r;
          return (
            <GridRow
              key={`${section.key}\n${row.kind === 'thumbs' ? row.start : row.kind}`}
              row={row}
              index={r}
              top={tops[r]}
              height={tops[r + 1] - tops[r]}
              section={section}
              columns={columns}
              active={here ? (active.kind === 'header' ? 'header' : active.index) : null}
              selected={p.selected}
              checked={section.id !== null && p.checked.has(section.id)}
              renaming={p.renaming === section.key}
              dropTarget={dropTarget === si}
              duplicates={p.duplicates}
              h={rowHandlers.current}
              th={handlers.current}
            />
          );
        })}
      </div>
    </div>
  );
});

/** A cell's element id (by position in the current layout). */
export function cellId(c: GridCell): string {
  return cellIdOf(c.section, c.kind === 'header' ? 'header' : c.index);
}
