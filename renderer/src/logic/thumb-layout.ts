// Virtual rows of the groups view: each section (a group, Unsorted, Excluded) is a header row followed by rows of
// thumbnails, so a 50,000-photo group scrolls as a few hundred light rows rather than one huge element.
// Also where a thumbnail is (row, column), for keyboard navigation. Pure logic, tested in test/renderer-layout.test.ts.

export type Row =
  | { kind: 'header'; section: number }
  | { kind: 'thumbs'; section: number; start: number; end: number }
  | { kind: 'empty'; section: number };

export interface Layout {
  rows: Row[];
  columns: number;
  /** First row index of each section's header. */
  sectionRow: number[];
}

/** Columns that fit the width; at least one. */
export function columnsFor(width: number, cell: number): number {
  return Math.max(1, Math.floor(width / cell));
}

export function layoutRows(sectionSizes: readonly number[], columns: number): Layout {
  const cols = Math.max(1, Math.floor(columns));
  const rows: Row[] = [];
  const sectionRow: number[] = [];
  sectionSizes.forEach((size, section) => {
    sectionRow.push(rows.length);
    rows.push({ kind: 'header', section });
    // An empty section still shows a drop target ("drop photos here").
    if (size === 0) rows.push({ kind: 'empty', section });
    for (let start = 0; start < size; start += cols) rows.push({ kind: 'thumbs', section, start, end: Math.min(size, start + cols) });
  });
  return { rows, columns: cols, sectionRow };
}

/** A thumbnail's place: section and index within it. */
export interface Cell {
  section: number;
  index: number;
}

/** Row index holding a given photo. */
export function rowOf(layout: Layout, cell: Cell): number {
  const first = layout.sectionRow[cell.section] + 1;
  return first + Math.floor(cell.index / layout.columns);
}

export type Direction = 'left' | 'right' | 'up' | 'down' | 'home' | 'end';

/**
 * Where the keyboard cursor goes: left/right step through photos in screen order (crossing into the previous or next
 * section), up/down go to the same column one thumbnail row above or below (the nearest photo when that row is
 * shorter), skipping headers and empty sections. Stays put at the ends.
 */
export function moveCursor(layout: Layout, sectionSizes: readonly number[], cell: Cell | null, dir: Direction): Cell | null {
  const nonEmpty = sectionSizes.map((n, i) => (n > 0 ? i : -1)).filter((i) => i >= 0);
  if (nonEmpty.length === 0) return null;
  const first: Cell = { section: nonEmpty[0], index: 0 };
  const lastSection = nonEmpty[nonEmpty.length - 1];
  const last: Cell = { section: lastSection, index: sectionSizes[lastSection] - 1 };
  if (cell === null || cell.section >= sectionSizes.length || cell.index >= sectionSizes[cell.section]) return first;
  switch (dir) {
    case 'home':
      return first;
    case 'end':
      return last;
    case 'right': {
      if (cell.index + 1 < sectionSizes[cell.section]) return { section: cell.section, index: cell.index + 1 };
      const next = nonEmpty.find((s) => s > cell.section);
      return next === undefined ? cell : { section: next, index: 0 };
    }
    case 'left': {
      if (cell.index > 0) return { section: cell.section, index: cell.index - 1 };
      const prev = [...nonEmpty].reverse().find((s) => s < cell.section);
      return prev === undefined ? cell : { section: prev, index: sectionSizes[prev] - 1 };
    }
    case 'up':
    case 'down': {
      const step = dir === 'down' ? 1 : -1;
      const col = cell.index % layout.columns;
      for (let r = rowOf(layout, cell) + step; r >= 0 && r < layout.rows.length; r += step) {
        const row = layout.rows[r];
        if (row.kind !== 'thumbs') continue;
        return { section: row.section, index: Math.min(row.end - 1, row.start + col) };
      }
      return cell;
    }
  }
}
