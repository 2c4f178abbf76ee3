// Virtual rows of thumbnails and keyboard moves between them (renderer/src/logic/thumb-layout.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { columnsFor, layoutRows, moveCursor, rowOf } from '../renderer/src/logic/thumb-layout';

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

test('left and right step through photos across group boundaries, skipping empty groups', () => {
  const sizes = [3, 0, 2];
  const l = layoutRows(sizes, 2);
  assert.deepEqual(moveCursor(l, sizes, { section: 0, index: 2 }, 'right'), { section: 2, index: 0 });
  assert.deepEqual(moveCursor(l, sizes, { section: 2, index: 0 }, 'left'), { section: 0, index: 2 });
  assert.deepEqual(moveCursor(l, sizes, { section: 2, index: 1 }, 'right'), { section: 2, index: 1 }, 'stays at the end');
  assert.deepEqual(moveCursor(l, sizes, null, 'down'), { section: 0, index: 0 }, 'the first key press lands on the first photo');
});

test('up and down keep the column, landing on the nearest photo of a shorter row', () => {
  const sizes = [5, 4];
  const l = layoutRows(sizes, 3); // rows: [0 1 2] [3 4] | [0 1 2] [3]
  assert.deepEqual(moveCursor(l, sizes, { section: 0, index: 1 }, 'down'), { section: 0, index: 4 });
  assert.deepEqual(moveCursor(l, sizes, { section: 0, index: 2 }, 'down'), { section: 0, index: 4 }, 'row [3 4] has no third column');
  assert.deepEqual(moveCursor(l, sizes, { section: 0, index: 4 }, 'down'), { section: 1, index: 1 }, 'into the next group, over its header');
  assert.deepEqual(moveCursor(l, sizes, { section: 1, index: 0 }, 'up'), { section: 0, index: 3 });
  assert.deepEqual(moveCursor(l, sizes, { section: 0, index: 1 }, 'up'), { section: 0, index: 1 }, 'stays on the first row');
  assert.deepEqual(moveCursor(l, sizes, { section: 0, index: 1 }, 'end'), { section: 1, index: 3 });
});
