// Group ids survive regrouping: matched by overlap to the previous groups, fresh ones derived from members.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignGroupIds } from '../electron/engine/cluster/identity';

const photos = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${prefix}${from + i}`);

test('an identical grouping keeps its ids, whatever the order of the groups', () => {
  const previous = [
    { id: 'g-aaaa', members: photos('a', 5) },
    { id: 'g-bbbb', members: photos('b', 3) },
  ];
  assert.deepEqual(assignGroupIds(previous, [photos('a', 5), photos('b', 3)]), ['g-aaaa', 'g-bbbb']);
  assert.deepEqual(assignGroupIds(previous, [photos('b', 3).reverse(), photos('a', 5)]), ['g-bbbb', 'g-aaaa']);
});

test('a group that gains photos keeps its id, even when it triples', () => {
  const previous = [{ id: 'g-dogs', members: photos('d', 10) }];
  assert.deepEqual(assignGroupIds(previous, [photos('d', 30)]), ['g-dogs']);
  assert.deepEqual(assignGroupIds(previous, [photos('d', 6)]), ['g-dogs'], 'and one that loses some');
});

test('a split gives the bigger part the old id', () => {
  const previous = [{ id: 'g-1234', members: photos('p', 10) }];
  const [small, big] = assignGroupIds(previous, [photos('p', 3), photos('p', 7, 3)]);
  assert.equal(big, 'g-1234');
  assert.match(small, /^g-[0-9a-f]{4,6}$/);
  assert.notEqual(small, big);
});

test('a merge keeps the id of the larger contributor', () => {
  const previous = [
    { id: 'g-few', members: photos('x', 3) },
    { id: 'g-many', members: photos('y', 8) },
  ];
  assert.deepEqual(assignGroupIds(previous, [[...photos('x', 3), ...photos('y', 8)]]), ['g-many']);
});

test('too little overlap gives a fresh id; each old id is used once', () => {
  const previous = [{ id: 'g-old', members: photos('a', 10) }];
  const ids = assignGroupIds(previous, [[...photos('a', 4), ...photos('n', 10)], [...photos('a', 4, 4), ...photos('m', 10)]]);
  assert.ok(ids.every((id) => id !== 'g-old'), '4 of 10 shared is less than half of either group');
  const again = assignGroupIds(previous, [photos('a', 5), photos('a', 5, 5)]);
  assert.equal(again.filter((id) => id === 'g-old').length, 1);
});

test('fresh ids are deterministic, distinct, and avoid every id in use', () => {
  const next = [photos('a', 4), photos('b', 4), photos('c', 4)];
  const first = assignGroupIds([], next);
  assert.deepEqual(assignGroupIds([], next), first);
  assert.deepEqual(assignGroupIds([], [...next].reverse()), [...first].reverse(), 'independent of group order');
  assert.deepEqual(assignGroupIds([], next.map((m) => [...m].reverse())), first, 'and of member order');
  assert.equal(new Set(first).size, 3);
  for (const id of first) assert.match(id, /^g-[0-9a-f]{4}$/);
  // An unrelated previous group already holding the id this grouping would get pushes it to a longer one.
  const blocked = assignGroupIds([{ id: first[0], members: ['zzz'] }], next);
  assert.notEqual(blocked[0], first[0]);
  assert.match(blocked[0], /^g-[0-9a-f]{5}$/);
  assert.ok(first[0].startsWith(blocked[0].slice(0, 6)));
  assert.deepEqual(blocked.slice(1), first.slice(1));
});

test('many groups all get distinct ids', () => {
  const next = Array.from({ length: 3000 }, (_, g) => [`h${g}`]);
  const ids = assignGroupIds([], next);
  assert.equal(new Set(ids).size, ids.length, '3,000 groups collide often at 4 hex digits and must still differ');
});
