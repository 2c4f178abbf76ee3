// mergeByMeaning: groups the classifier reads alike join, distinct ones and groups without top classes stay apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeByMeaning } from '../electron/engine/cluster/merge-by-meaning';
import type { TopClasses } from '../electron/engine/library/library';

const saw: TopClasses = [[491, 0.6], [677, 0.2], [813, 0.1]];
const sawInUse: TopClasses = [[491, 0.55], [677, 0.25], [813, 0.05]];
const church: TopClasses = [[497, 0.7], [698, 0.2]];

test('two parts of one subject join; a different subject stays', () => {
  const labels = Int32Array.from([0, 0, 1, 1, 2, 2, -1]);
  const tops = [saw, saw, sawInUse, sawInUse, church, church, church];
  assert.deepEqual([...mergeByMeaning(labels, tops)], [0, 0, 2]);
});

test('no top classes: nothing merges', () => {
  const labels = Int32Array.from([0, 0, 1, 1]);
  assert.deepEqual([...mergeByMeaning(labels, [[], [], [], []])], [0, 1]);
});

test('merged meanings add up: a third part joins the merged pair by their sum', () => {
  const labels = Int32Array.from([0, 1, 2, 3]);
  const tops = [saw, sawInUse, saw, church];
  const map = [...mergeByMeaning(labels, tops)];
  assert.equal(map[0], map[1]);
  assert.equal(map[1], map[2]);
  assert.notEqual(map[3], map[0]);
});
