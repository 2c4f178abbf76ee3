// Selecting photos with click, Shift-click and Ctrl/Cmd-click (renderer/src/logic/selection.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickSelect, emptySelection, pruneSelection, toggleKey } from '../renderer/src/logic/selection';

const order = ['a', 'b', 'c', 'd', 'e', 'f'];
const plain = { range: false, toggle: false };
const shift = { range: true, toggle: false };
const ctrl = { range: false, toggle: true };
const sorted = (s: ReadonlySet<string>) => [...s].sort();

test('a click selects only that photo', () => {
  let s = clickSelect(emptySelection, order, 'b', plain);
  s = clickSelect(s, order, 'd', plain);
  assert.deepEqual(sorted(s.selected), ['d']);
});

test('shift-click selects the range from the last click, either direction, and moves it when clicked again', () => {
  let s = clickSelect(emptySelection, order, 'c', plain);
  s = clickSelect(s, order, 'e', shift);
  assert.deepEqual(sorted(s.selected), ['c', 'd', 'e']);
  s = clickSelect(s, order, 'a', shift);
  assert.deepEqual(sorted(s.selected), ['a', 'b', 'c'], 'the range is anchored at c, not grown');
});

test('ctrl-click adds and removes one photo and keeps the others', () => {
  let s = clickSelect(emptySelection, order, 'a', plain);
  s = clickSelect(s, order, 'd', ctrl);
  assert.deepEqual(sorted(s.selected), ['a', 'd']);
  s = clickSelect(s, order, 'a', ctrl);
  assert.deepEqual(sorted(s.selected), ['d']);
});

test('ctrl+shift adds a range to what is selected', () => {
  let s = clickSelect(emptySelection, order, 'a', plain);
  s = clickSelect(s, order, 'e', ctrl);
  s = clickSelect(s, order, 'f', { range: true, toggle: true });
  assert.deepEqual(sorted(s.selected), ['a', 'e', 'f']);
});

test('shift-click with nothing clicked before selects just that photo', () => {
  const s = clickSelect(emptySelection, order, 'c', shift);
  assert.deepEqual(sorted(s.selected), ['c']);
});

test('photos no longer shown leave the selection; the same object comes back when nothing changed', () => {
  const s = clickSelect(clickSelect(emptySelection, order, 'a', plain), order, 'b', ctrl);
  const pruned = pruneSelection(s, new Set(['a', 'c']));
  assert.deepEqual(sorted(pruned.selected), ['a']);
  assert.equal(pruned.anchor, null, 'the anchor b is gone');
  assert.equal(pruneSelection(s, new Set(order)), s);
});

test('group checkboxes toggle independently', () => {
  assert.deepEqual(sorted(toggleKey(toggleKey(new Set(['g-1']), 'g-2'), 'g-1')), ['g-2']);
});
