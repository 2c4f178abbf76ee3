// Virtual rows of the groups grid: each section (a group, Unsorted, Excluded) is a header row followed by rows of
// thumbnails, so a 50,000-photo group scrolls as a few thousand light rows rather than one huge element. Also the
// grid's keyboard moves (headers are cells too), where each row starts (for jumps and for keeping the person's
// place when the rows change), at any thumbnail size. Pure logic, tested in test/renderer-layout.test.ts.

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

/** Row heights in pixels. */
export interface Metrics {
  cell: number;
  header: number;
  empty: number;
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

export function rowHeight(row: Row | undefined, m: Metrics): number {
  if (!row) return m.cell;
  return row.kind === 'header' ? m.header : row.kind === 'empty' ? m.empty : m.cell;
}

/** Where each row starts, and one more entry: the total height. */
export function rowTops(rows: readonly Row[], m: Metrics): Float64Array {
  const tops = new Float64Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) tops[i + 1] = tops[i] + rowHeight(rows[i], m);
  return tops;
}

/** The row at a vertical offset (the last row for offsets past the end). */
export function rowAt(tops: Float64Array, offset: number): number {
  let lo = 0;
  let hi = tops.length - 2;
  if (hi < 0) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
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

/** A cell of the grid: a section's header, or a photo. */
export type GridCell = { kind: 'header'; section: number } | { kind: 'photo'; section: number; index: number };

export type Direction = 'left' | 'right' | 'up' | 'down' | 'home' | 'end' | 'pageup' | 'pagedown';

/** The row a cell is in. */
export function rowOfCell(layout: Layout, c: GridCell): number {
  return c.kind === 'header' ? layout.sectionRow[c.section] : rowOf(layout, c);
}

/** The cells of a row in reading order (an empty section's drop row has none). */
function cellsOf(row: Row): GridCell[] {
  if (row.kind === 'header') return [{ kind: 'header', section: row.section }];
  if (row.kind === 'empty') return [];
  const out: GridCell[] = [];
  for (let i = row.start; i < row.end; i++) out.push({ kind: 'photo', section: row.section, index: i });
  return out;
}

/**
 * Where the keyboard goes in the grid. Left/right step through cells in reading order (a header is one cell,
 * before its photos); up/down go to the row above or below, keeping the column (the nearest cell of a shorter
 * row; a header's only cell); page up/down go `page` rows; home/end to the first and last cell. Stays put at the
 * ends. `from` null: the first cell.
 */
export function moveInGrid(layout: Layout, from: GridCell | null, dir: Direction, page = 5, column = 0): GridCell | null {
  const rows = layout.rows;
  const navigable = (r: number) => rows[r] !== undefined && rows[r].kind !== 'empty';
  const firstRow = rows.findIndex((_, r) => navigable(r));
  if (firstRow < 0) return null;
  if (from === null) return cellsOf(rows[firstRow])[0];
  const r0 = rowOfCell(layout, from);
  if (!navigable(r0)) return cellsOf(rows[firstRow])[0];
  const col = from.kind === 'photo' ? from.index % layout.columns : column;
  const atColumn = (r: number) => {
    const cells = cellsOf(rows[r]);
    return cells[Math.min(cells.length - 1, col)];
  };
  switch (dir) {
    case 'home':
      return cellsOf(rows[firstRow])[0];
    case 'end': {
      for (let r = rows.length - 1; r >= 0; r--) if (navigable(r)) return cellsOf(rows[r]).at(-1)!;
      return from;
    }
    case 'left':
    case 'right': {
      const step = dir === 'right' ? 1 : -1;
      const cells = cellsOf(rows[r0]);
      const at = cells.findIndex((c) => sameCell(c, from));
      if (at + step >= 0 && at + step < cells.length) return cells[at + step];
      for (let r = r0 + step; r >= 0 && r < rows.length; r += step) {
        if (!navigable(r)) continue;
        const next = cellsOf(rows[r]);
        return step > 0 ? next[0] : next[next.length - 1];
      }
      return from;
    }
    case 'up':
    case 'down':
    case 'pageup':
    case 'pagedown': {
      const step = dir === 'down' || dir === 'pagedown' ? 1 : -1;
      let left = dir === 'up' || dir === 'down' ? 1 : Math.max(1, page);
      let found = -1;
      for (let r = r0 + step; r >= 0 && r < rows.length && left > 0; r += step) {
        if (!navigable(r)) continue;
        found = r;
        left--;
      }
      return found < 0 ? from : atColumn(found);
    }
  }
}

export function sameCell(a: GridCell | null, b: GridCell | null): boolean {
  if (a === null || b === null) return a === b;
  return a.kind === b.kind && a.section === b.section && (a.kind === 'header' || a.index === (b as { index: number }).index);
}

/**
 * The person's place in the list: what the rows at the top of the view show, named so that they can be found again
 * in a new layout (a photo's path, a section's key), each with how far its row's top is from the top of the view.
 */
export interface Place {
  /** Candidates in screen order: the top row's cells, then a few rows below it, in case some moved away. */
  anchors: Array<{ key: string; delta: number }>;
}

/** What is at the top of the view, as `Place`. `keyOf` names a photo cell or a header. */
export function placeAt(layout: Layout, tops: Float64Array, scrollTop: number, keyOf: (cell: GridCell) => string, rowsToTry = 6): Place | null {
  if (!layout.rows.length) return null;
  const top = rowAt(tops, scrollTop);
  const anchors: Place['anchors'] = [];
  for (let r = top; r < layout.rows.length && r < top + rowsToTry; r++) for (const c of cellsOf(layout.rows[r])) anchors.push({ key: keyOf(c), delta: tops[r] - scrollTop });
  return { anchors };
}

/**
 * The scroll offset that shows `place` as it was: the first of its anchors still shown, its row at the same distance
 * from the top of the view. Null when none of them is shown any more.
 */
export function scrollFor(tops: Float64Array, place: Place, rowOfKey: (key: string) => number | undefined): number | null {
  for (const a of place.anchors) {
    const r = rowOfKey(a.key);
    if (r !== undefined) return Math.max(0, tops[r] - a.delta);
  }
  return null;
}
