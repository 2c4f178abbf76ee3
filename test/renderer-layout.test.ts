// Virtual rows of the photo grid, keyboard moves between its cells (headers included), and the person's place kept
// when the rows change (renderer/src/logic/thumb-layout.ts), and what the keyboard lands on after an edit
// (selection.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnsFor, layoutRows, moveInGrid, placeAt, rowAt, rowOf, rowOfCell, rowTops, scrollFor, type GridCell } from '../renderer/src/logic/thumb-layout';
import { placeAfterActing } from '../renderer/src/logic/selection';

const metrics = { cell: 136, header: 52, empty: 60 };
const photo = (section: number, index: number): GridCell => ({ kind: 'photo', section, index });
const header = (section: number): GridCell => ({ kind: 'header', section });

test('each group is a header and rows of thumbnails; an empty group keeps a drop row', () => {
  const l = layoutRows([5, 0, 2], 2);
  assert.deepEqual(l.rows, [
    { kind: 'header', section: 0 },
    { kind: 'thumbs', section: 0, start: 0, end: 2 },
    { kind: 'thumbs', section: 0, start: 2, end: 4 },
    { kind: 'thumbs', section: 0, start: 4, end: 5 },
    { kind: 'header', section: 1 },
    { kind: 'empty', section: 1 },
    { kind: 'header', section: 2 },
    { kind: 'thumbs', section: 2, start: 0, end: 2 },
  ]);
  assert.deepEqual(l.sectionRow, [0, 4, 6]);
  const tops = rowTops(l.rows, metrics);
  assert.deepEqual([...tops], [0, 52, 188, 324, 460, 512, 572, 624, 760]);
  assert.equal(rowAt(tops, 0), 0);
  assert.equal(rowAt(tops, 187.5), 1);
  assert.equal(rowAt(tops, 10_000), 7);
});

test('50,000 photos make a few thousand light rows, not 50,000 elements', () => {
  const sizes = [30_000, 15_000, 4_000, 1_000];
  const cols = columnsFor(1200, 136);
  const l = layoutRows(sizes, cols);
  assert.equal(cols, 8);
  const thumbs = l.rows.filter((r) => r.kind === 'thumbs');
  assert.equal(thumbs.reduce((n, r) => n + (r.kind === 'thumbs' ? r.end - r.start : 0), 0), 50_000, 'every photo in exactly one row');
  assert.equal(l.rows.length, 4 + Math.ceil(30_000 / 8) + Math.ceil(15_000 / 8) + 4_000 / 8 + 1_000 / 8);
  assert.equal(rowOf(l, { section: 1, index: 15 }), l.sectionRow[1] + 2);
});

test('a window narrower than one thumbnail still shows one column', () => {
  assert.equal(columnsFor(50, 136), 1);
});

test('left and right step through every cell in reading order: a header, then its photos; empty groups skipped', () => {
  const l = layoutRows([3, 0, 2], 2);
  assert.deepEqual(moveInGrid(l, null, 'down'), header(0), 'the first key press lands on the first cell');
  assert.deepEqual(moveInGrid(l, header(0), 'right'), photo(0, 0));
  assert.deepEqual(moveInGrid(l, photo(0, 1), 'right'), photo(0, 2), 'on to the next row');
  assert.deepEqual(moveInGrid(l, photo(0, 2), 'right'), header(1), 'an empty group’s header is a cell too');
  assert.deepEqual(moveInGrid(l, header(1), 'right'), header(2), 'its drop row is not');
  assert.deepEqual(moveInGrid(l, header(2), 'left'), header(1));
  assert.deepEqual(moveInGrid(l, photo(2, 1), 'right'), photo(2, 1), 'stays at the end');
  assert.deepEqual(moveInGrid(l, photo(0, 0), 'left'), header(0));
});

test('up and down go row by row, keeping the column, through the headers', () => {
  const l = layoutRows([5, 4], 3); // rows: H [0 1 2] [3 4] | H [0 1 2] [3]
  assert.deepEqual(moveInGrid(l, photo(0, 1), 'down'), photo(0, 4));
  assert.deepEqual(moveInGrid(l, photo(0, 2), 'down'), photo(0, 4), 'row [3 4] has no third column');
  assert.deepEqual(moveInGrid(l, photo(0, 4), 'down'), header(1), 'the next group’s header');
  assert.deepEqual(moveInGrid(l, header(1), 'down'), photo(1, 0));
  assert.deepEqual(moveInGrid(l, photo(1, 0), 'up'), header(1));
  assert.deepEqual(moveInGrid(l, photo(0, 1), 'up'), header(0));
  assert.deepEqual(moveInGrid(l, header(0), 'up'), header(0), 'stays on the first row');
  assert.deepEqual(moveInGrid(l, photo(0, 1), 'end'), photo(1, 3));
  assert.deepEqual(moveInGrid(l, photo(1, 3), 'home'), header(0));
  assert.deepEqual(moveInGrid(l, photo(0, 1), 'pagedown', 3), photo(1, 1), 'three rows down');
  assert.deepEqual(moveInGrid(l, photo(1, 1), 'pageup', 10), header(0), 'as far as there are rows');
  assert.equal(rowOfCell(l, header(1)), 3);
});

test('the person’s place: the photo at the top of the view stays at the top when the rows change', () => {
  const key = (sections: string[][]) => (c: GridCell) => (c.kind === 'header' ? `h${c.section}` : sections[c.section][c.index]);
  const before = [['a', 'b', 'c', 'd', 'e', 'f'], ['g', 'h', 'i']];
  const l1 = layoutRows(before.map((s) => s.length), 2);
  const t1 = rowTops(l1.rows, metrics);
  // Scrolled to 40 px into the row of c and d.
  const scrollTop = t1[2] + 40;
  const place = placeAt(l1, t1, scrollTop, key(before))!;
  assert.deepEqual(place.anchors.slice(0, 2), [{ key: 'c', delta: -40 }, { key: 'd', delta: -40 }]);
  // A regroup: a new group appears above, c and d now in another row, three columns.
  const after = [['x', 'y'], ['a', 'b', 'c', 'd', 'e', 'f'], ['g', 'h', 'i']];
  const l2 = layoutRows(after.map((s) => s.length), 3);
  const t2 = rowTops(l2.rows, metrics);
  const where = (k: string) => {
    for (let s = 0; s < after.length; s++) {
      const i = after[s].indexOf(k);
      if (i >= 0) return rowOf(l2, { section: s, index: i });
    }
    return undefined;
  };
  const top = scrollFor(t2, place, where)!;
  assert.equal(top, t2[where('c')!] + 40, 'c’s row is 40 px above the top of the view, as before');
  // c and d gone (moved away): the next candidate keeps its own distance.
  const gone = scrollFor(t2, place, (k) => (k === 'c' || k === 'd' ? undefined : where(k)))!;
  assert.equal(gone, t2[where('e')!] - (t1[3] - scrollTop));
  assert.equal(scrollFor(t2, place, () => undefined), null);
});

test('after acting on photos, the keyboard goes to the next photo left in place, else the one before', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  assert.equal(placeAfterActing(order, new Set(['b', 'c']), 'b'), 'd');
  assert.equal(placeAfterActing(order, new Set(['d', 'e']), 'e'), 'c');
  assert.equal(placeAfterActing(order, new Set(['b']), 'a'), 'a', 'a photo not acted on keeps the keyboard');
  assert.equal(placeAfterActing(order, new Set(order), 'c'), null);
});
