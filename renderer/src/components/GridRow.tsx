// One row of the photo grid: a group's header cell, its empty drop row, or a row of photo cells. Memoized with
// stable handlers, so that scrolling renders only the rows coming into view, not those already there.
import { memo, type DragEvent } from 'react';
import type { GroupsView } from '../../../electron/ipc/contract';
import type { Section } from '../logic/sections';
import type { Row } from '../logic/thumb-layout';
import { SectionHeader } from './SectionHeader';
import { Thumb, type ThumbHandlers } from './Thumb';

/** What a row does, one stable object for every row. */
export interface RowHandlers {
  dragOver(section: number, e: DragEvent): void;
  dragLeave(section: number): void;
  drop(section: number, e: DragEvent): void;
  headerActivate(section: Section): void;
  headerMenu(section: Section, e: React.MouseEvent): void;
  check(section: Section): void;
  renameStart(section: Section): void;
  renameEnd(section: Section, name: string | null): void;
  selectPhotos(section: Section): void;
  excludeGroup(section: Section): void;
}

interface Props {
  row: Row;
  /** Index of the row in the grid (aria-rowindex is one more). */
  index: number;
  top: number;
  height: number;
  section: Section;
  columns: number;
  /** The active cell, when it is in this row: 'header' or the photo's index in its section. */
  active: 'header' | number | null;
  selected: ReadonlySet<string>;
  checked: boolean;
  renaming: boolean;
  dropTarget: boolean;
  duplicates: GroupsView['duplicates'];
  h: RowHandlers;
  th: ThumbHandlers;
}

/** A cell's element id (by position in the current layout). */
export function cellIdOf(section: number, index: number | 'header'): string {
  return index === 'header' ? `cell-h${section}` : `cell-${section}-${index}`;
}

export const GridRow = memo(function GridRow(p: Props) {
  const { row, section } = p;
  const si = row.section;
  return (
    <div
      role="row"
      aria-rowindex={p.index + 1}
      className={`row row-${row.kind}${p.dropTarget ? ' drop-target' : ''}`}
      data-group={section.id ?? section.key}
      style={{ transform: `translateY(${p.top}px)`, height: p.height }}
      onDragOver={(e) => p.h.dragOver(si, e)}
      onDragLeave={() => p.h.dragLeave(si)}
      onDrop={(e) => p.h.drop(si, e)}
    >
      {row.kind === 'header' && (
        <div
          id={cellIdOf(si, 'header')}
          role="gridcell"
          aria-colindex={1}
          aria-colspan={p.columns}
          aria-keyshortcuts={section.kind === 'group' ? 'Space Enter F2 Shift+F10' : 'Enter'}
          tabIndex={p.active === 'header' ? 0 : -1}
          className={`header-cell${p.active === 'header' ? ' active' : ''}`}
          onClick={(e) => {
            if (e.target === e.currentTarget) p.h.headerActivate(section);
          }}
          onFocus={(e) => {
            if (e.target === e.currentTarget && p.active !== 'header') p.h.headerActivate(section);
          }}
          onContextMenu={(e) => p.h.headerMenu(section, e)}
        >
          <SectionHeader
            section={section}
            checked={p.checked}
            renaming={p.renaming}
            onCheck={() => p.h.check(section)}
            onRenameStart={() => p.h.renameStart(section)}
            onRenameEnd={(name) => p.h.renameEnd(section, name)}
            onSelectPhotos={() => p.h.selectPhotos(section)}
            onExcludeGroup={() => p.h.excludeGroup(section)}
          />
        </div>
      )}
      {row.kind === 'empty' && (
        <div role="gridcell" aria-colindex={1} aria-colspan={p.columns} className="empty-section">
          {section.kind === 'unsorted' ? 'Nothing unsorted. Drop photos here to take them out of their group.' : 'Empty. Drop photos here.'}
        </div>
      )}
      {row.kind === 'thumbs' &&
        section.photos.slice(row.start, row.end).map((photo, k) => {
          const dup = photo.duplicate !== undefined ? p.duplicates[photo.duplicate] : undefined;
          return (
            <Thumb
              key={photo.path}
              id={cellIdOf(si, row.start + k)}
              photo={photo}
              colIndex={k + 1}
              selected={p.selected.has(photo.path)}
              active={p.active === row.start + k}
              duplicate={dup?.kind}
              duplicateFiles={dup?.files}
              h={p.th}
            />
          );
        })}
    </div>
  );
});
