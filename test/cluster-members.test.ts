// A group's members as a person meets them: the most typical first (so the first row shows what the group is),
// odd members flagged with a reason and put last. On Imagenette with the shared darknet photos mixed in (an eagle,
// a giraffe and horses end up among the English springers), and on hand-made evidence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TopClasses } from '../electron/engine/library/library';
import { loadConcepts } from '../electron/engine/cluster/concepts';
import { farFromPrototype, oddMembers } from '../electron/engine/cluster/flags';
import { readFolderVectors } from '../electron/engine/cluster/folder-vectors';
import { Grouper, type Grouping } from '../electron/engine/cluster/grouper';
import { meaningOf } from '../electron/engine/cluster/meaning';
import { indexFolder } from '../electron/engine/pipeline/index-folder';
import { DATASETS, SHARED_MODELS, tempDir } from './helpers';

/** Photos in a row of the app at its usual width. */
const ROW = 8;

let cached: { grouping: Grouping; tops: Map<string, TopClasses> } | null = null;

/** Imagenette plus the shared photos folder, grouped at the default knob position. */
async function imagenetteWithStrays(): Promise<{ grouping: Grouping; tops: Map<string, TopClasses> }> {
  if (cached) return cached;
  const folder = path.join(tempDir(), 'pictures');
  fs.cpSync(path.join(DATASETS, 'imagenette-val-1k'), folder, { recursive: true });
  fs.cpSync(path.join(DATASETS, 'photos'), path.join(folder, 'photos'), { recursive: true });
  const dataDir = tempDir();
  await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
  const photos = readFolderVectors(dataDir, folder, 'mobilenetv2-int8');
  const grouper = await Grouper.prepare(photos);
  cached = { grouping: grouper.group(0.5), tops: new Map(photos.paths.map((p, i) => [p, photos.tops[i]])) };
  return cached;
}

const classOf = (p: string) => p.split('/')[0];

test('the first row of every Imagenette group is its own subject; suggested members come last', async () => {
  const { grouping } = await imagenetteWithStrays();
  for (const g of grouping.groups.filter((x) => x.files.length >= ROW && !x.files.every((f) => classOf(f) === 'photos'))) {
    const counts = new Map<string, number>();
    for (const f of g.files) counts.set(classOf(f), (counts.get(classOf(f)) ?? 0) + 1);
    const majority = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    const firstRow = g.files.slice(0, ROW);
    const own = firstRow.filter((f) => classOf(f) === majority).length;
    assert.ok(own >= ROW - 1, `${g.name}: ${own} of the first ${ROW} are ${majority} (${firstRow.join(', ')})`);
    // Suggested members, in the same order, are the last ones.
    const tail = g.files.slice(g.files.length - g.suggested.length);
    assert.deepEqual(g.suggested.map((s) => s.path), tail, `${g.name}: suggested members last`);
  }
});

test('an eagle, a giraffe and horses among English springers are flagged, each with what it looks like', async () => {
  const { grouping, tops } = await imagenetteWithStrays();
  const t = loadConcepts();
  const springers = grouping.groups.find((g) => g.files.filter((f) => classOf(f) === 'english_springer').length > 50)!;
  assert.equal(springers.name, 'English springers');
  const strays = ['photos/eagle.jpg', 'photos/giraffe.jpg', 'photos/horses.jpg'].filter((p) => springers.files.includes(p));
  assert.ok(strays.length >= 1, `some of the strays land among the springers (${springers.files.filter((f) => classOf(f) === 'photos').join(', ')})`);
  const flag = new Map(springers.suggested.map((s) => [s.path, s]));
  for (const p of strays) {
    const top = [...tops.get(p)!].sort((a, b) => b[1] - a[1])[0];
    assert.equal(flag.get(p)?.reason, `looks like: ${t.word(top[0])}`, p);
  }
  assert.equal(flag.get('photos/eagle.jpg')?.reason, 'looks like: bald eagle');
  // The springers themselves are not flagged for what they are: few of the group's own photos are suggested.
  const ownFlagged = springers.suggested.filter((s) => classOf(s.path) === 'english_springer').length;
  assert.ok(ownFlagged <= 5, `${ownFlagged} springers suggested`);
});

test('a member whose top classes share no concept with its group is odd; one of the same kind is not', () => {
  const t = loadConcepts();
  const GOLDEN = 207;
  const LABRADOR = 208;
  const SAINT_BERNARD = 247;
  const BALD_EAGLE = 22;
  const dog = (c: number): TopClasses => [[c, 0.8], [LABRADOR, 0.1], [409, 0.01]];
  const members: TopClasses[] = [dog(GOLDEN), dog(GOLDEN), dog(GOLDEN), dog(GOLDEN), dog(SAINT_BERNARD), [[BALD_EAGLE, 0.9], [409, 0.02]]];
  const meaning = meaningOf(members, t);
  const odd = oddMembers(members.map((top) => ({ top, similarity: 0.8 })), meaning, t);
  assert.deepEqual(odd, [null, null, null, null, null, 'looks like: bald eagle'], 'a Saint Bernard is still a dog');
});

test('far from the prototype means an outlier for the group\'s own spread; a tight group of copies flags nothing', () => {
  const spread = [0.2, 0.22, 0.18, 0.21, 0.19, 0.2, 0.23, 0.17, 0.2, 0.6];
  assert.deepEqual(farFromPrototype(spread).map((f, i) => (f ? i : -1)).filter((i) => i >= 0), [9]);
  assert.ok(!farFromPrototype([0.01, 0.011, 0.012, 0.01, 0.013, 0.01, 0.011, 0.02]).some(Boolean));
  assert.ok(!farFromPrototype([0.1, 0.9, 0.1]).some(Boolean), 'too few members to know the spread');
});
