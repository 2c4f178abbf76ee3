// The virtualized groups view: rows of headers and thumbnail rows (logic/thumb-layout), so only what is on screen
// is in the DOM however many photos there are. Handles the keyboard inside the list (arrows move the cursor,
// Shift+arrows extend the selection, Space toggles, Enter opens the preview) and drops of dragged photos.
import { useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { GroupsView } from '../../../electron/ipc/contract';
import type { Section } from '../logic/sections';
import { columnsFor, layoutRows, moveCursor, rowOf, type Cell, type Direction, type Row } from '../logic/thumb-layout';
import { SectionHeader } from './SectionHeader';
import { Thumb } from './Thumb';

export const CELL = 136;
const HEADER_HEIGHT = 52;
const EMPTY_HEIGHT = 60;
const DRAG_TYPE = 'application/x-likeness-photos';

const KEYS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down', Home: 'home', End: 'end' };

interface Props {
  view: GroupsView;
  sections: Section[];
  selected: ReadonlySet<string>;
  checked: ReadonlySet<string>;
  cursor: Cell | null;
  onCursor: (cell: Cell, extend: boolean) => void;
  onPhotoClick: (path: string, e: MouseEvent) => void;
  onToggle: (cell: Cell) => void;
  onOpen: (cell: Cell) => void;
  onCheck: (group: string) => void;
  onRename: (group: string, oldName: string, name: string) => void;
  onExcludeGroup: (group: string) => void;
  onDragPhotos: (path: string) => void;
  onDrop: (section: Section) => void;
  onAccept: (hash: string) => void;
  onReject: (hash: string) => void;
  onClearSelection: () => void;
}

export function GroupList(p: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(1000);
  const [dropTarget, setDropTarget] = useState<number | null>(null);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  const sizes = useMemo(() => p.sections.map((s) => s.photos.length), [p.sections]);
  const layout = useMemo(() => layoutRows(sizes, columnsFor(width - 24, CELL)), [sizes, width]);
  const rows = layout.rows;

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => heightOf(rows[i]),
    overscan: 4,
  });
  // Row kinds shift when groups change size: sizes are recomputed, not taken from the old layout.
  useEffect(() => virtualizer.measure(), [layout, virtualizer]);

  const cursorRow = p.cursor ? rowOf(layout, p.cursor) : null;
  useEffect(() => {
    if (cursorRow !== null) virtualizer.scrollToIndex(cursorRow, { align: 'auto' });
  }, [cursorRow, virtualizer]);

  function onKeyDown(e: KeyboardEvent) {
    if (e.target !== e.currentTarget) return; // keys typed in a name field or on a button are theirs
    const dir = KEYS[e.key];
    if (dir) {
      e.preventDefault();
      const next = moveCursor(layout, sizes, p.cursor, dir);
      if (next) p.onCursor(next, e.shiftKey);
    } else if (e.key === ' ' && p.cursor) {
      e.preventDefault();
      p.onToggle(p.cursor);
    } else if (e.key === 'Enter' && p.cursor) {
      e.preventDefault();
      p.onOpen(p.cursor);
    } else if (e.key === 'Escape') {
      p.onClearSelection();
    }
  }

  const dropProps = (section: number) => ({
    onDragOver: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      if (dropTarget !== section) setDropTarget(section);
    },
    onDragLeave: () => setDropTarget((t) => (t === section ? null : t)),
    onDrop: (e: DragEvent) => {
      if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
      e.preventDefault();
      setDropTarget(null);
      p.onDrop(p.sections[section]);
    },
  });

  const activeId = p.cursor ? thumbId(p.cursor) : undefined;

  return (
    <div
      ref={scroller}
      className="group-list"
      role="listbox"
      aria-multiselectable="true"
      aria-label="Groups of photos"
      aria-activedescendant={activeId}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="group-list"
    >
      <div className="group-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          const section = p.sections[row.section];
          const cls = `row row-${row.kind}${dropTarget === row.section ? ' drop-target' : ''}`;
          return (
            <div
              key={item.key}
              className={cls}
              data-group={section.id ?? section.key}
              style={{ transform: `translateY(${item.start}px)`, height: item.size }}
              {...dropProps(row.section)}
            >
              {row.kind === 'header' && (
                <SectionHeader
                  section={section}
                  checked={section.id !== null && p.checked.has(section.id)}
                  onCheck={() => section.id && p.onCheck(section.id)}
                  onRename={(name) => section.id && p.onRename(section.id, section.name, name)}
                  onExcludeGroup={() => section.id && p.onExcludeGroup(section.id)}
                />
              )}
              {row.kind === 'empty' && <p className="empty-section">{section.kind === 'unsorted' ? 'Nothing unsorted. Drop photos here to leave them where they are.' : 'Empty. Drop photos here.'}</p>}
              {row.kind === 'thumbs' &&
                section.photos.slice(row.start, row.end).map((photo, k) => {
                  const cell = { section: row.section, index: row.start + k };
                  const dup = photo.duplicate !== undefined ? p.view.duplicates[photo.duplicate] : undefined;
                  return (
                    <Thumb
                      key={photo.path}
                      id={thumbId(cell)}
                      photo={photo}
                      selected={p.selected.has(photo.path)}
                      cursor={p.cursor !== null && p.cursor.section === cell.section && p.cursor.index === cell.index}
                      duplicate={dup?.kind}
                      duplicateFiles={dup?.files}
                      onClick={(e) => {
                        p.onPhotoClick(photo.path, e);
                        scroller.current?.focus({ preventScroll: true });
                      }}
                      onOpen={() => p.onOpen(cell)}
                      onDragStart={(e) => {
                        p.onDragPhotos(photo.path);
                        e.dataTransfer.setData(DRAG_TYPE, photo.path);
                        e.dataTransfer.effectAllowed = 'move';
                      }}
                      onAccept={() => p.onAccept(photo.hash)}
                      onReject={() => p.onReject(photo.hash)}
                    />
                  );
                })}
            </div>
          );
        })}
      </div>
    </div>
  );
}

function heightOf(row: Row | undefined): number {
  if (!row) return CELL;
  return row.kind === 'header' ? HEADER_HEIGHT : row.kind === 'empty' ? EMPTY_HEIGHT : CELL;
}

function thumbId(cell: Cell): string {
  return `thumb-${cell.section}-${cell.index}`;
}
