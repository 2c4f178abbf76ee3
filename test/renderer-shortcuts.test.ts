// The shortcut table and what a key press means (renderer/src/logic/shortcuts.ts): single letters only in the grid,
// never with Ctrl; every command on the sheet has a key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandOf, SHORTCUTS, type KeyLike } from '../renderer/src/logic/shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

test('the letters for Move, Exclude, New group, Accept and Reject act in the grid only', () => {
  assert.equal(commandOf(key('m'), 'grid'), 'move');
  assert.equal(commandOf(key('E', { shiftKey: false }), 'grid'), 'exclude');
  assert.equal(commandOf(key('n'), 'grid'), 'new-group');
  assert.equal(commandOf(key('a'), 'grid'), 'accept');
  assert.equal(commandOf(key('r'), 'grid'), 'reject');
  for (const k of ['m', 'e', 'n', 'a', 'r', 'i']) assert.equal(commandOf(key(k), 'app'), null, `${k} does nothing outside the grid`);
});

test('Ctrl and Cmd combinations work anywhere: select all, undo, redo, zoom, search', () => {
  assert.equal(commandOf(key('a', { ctrlKey: true }), 'app'), 'select-all');
  assert.equal(commandOf(key('a', { metaKey: true }), 'grid'), 'select-all', 'Cmd+A is not Accept');
  assert.equal(commandOf(key('z', { ctrlKey: true }), 'app'), 'undo');
  assert.equal(commandOf(key('Z', { ctrlKey: true, shiftKey: true }), 'app'), 'redo');
  assert.equal(commandOf(key('y', { ctrlKey: true }), 'app'), 'redo');
  assert.equal(commandOf(key('=', { ctrlKey: true }), 'app'), 'zoom-in');
  assert.equal(commandOf(key('+', { ctrlKey: true, shiftKey: true }), 'app'), 'zoom-in');
  assert.equal(commandOf(key('-', { ctrlKey: true }), 'app'), 'zoom-out');
  assert.equal(commandOf(key('f', { ctrlKey: true }), 'app'), 'search');
  assert.equal(commandOf(key('Escape'), 'app'), 'clear-selection');
  assert.equal(commandOf(key('?', { shiftKey: true }), 'app'), 'shortcuts');
  assert.equal(commandOf(key('F10', { shiftKey: true }), 'grid'), 'menu');
  assert.equal(commandOf(key('m', { altKey: true }), 'grid'), null);
});

test('the sheet lists each command once', () => {
  const commands = SHORTCUTS.map((s) => s.command);
  assert.equal(new Set(commands).size, commands.length);
  for (const c of ['move', 'exclude', 'new-group', 'accept', 'reject', 'select-all']) assert.ok(commands.includes(c as never), c);
});
