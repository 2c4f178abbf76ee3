// Group names from ImageNet classes: the everyday word of a dominating class, never twice, else 'Group N'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopClasses } from '../electron/engine/library/library';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nameGroups } from '../electron/engine/cluster/names';
import { indexFolder } from '../electron/engine/pipeline/index-folder';
import { Library } from '../electron/engine/library/library';
import { DATASETS, SHARED_MODELS, messyLabels, tempDir } from './helpers';

const GOLDEN = 207;
const LABRADOR = 208;
const TABBY = 281;
const SPORTS_CAR = 817;
const SEASHORE = 978;
const CARTON = 478;
const ENVELOPE = 549;

/** A photo's top classes: the given ones, then small leftovers so each photo has five. */
const photo = (...classes: Array<[number, number]>): TopClasses => {
  const top: TopClasses = [...classes];
  for (let filler = 900; top.length < 5; filler++) top.push([filler, 0.01]);
  return top;
};
const group = (...tops: TopClasses[]) => ({ tops });

test('a group of golden retrievers is named "golden retriever"', () => {
  const goldens = group(photo([GOLDEN, 0.8], [LABRADOR, 0.1]), photo([GOLDEN, 0.6], [LABRADOR, 0.3]), photo([GOLDEN, 0.9]));
  const cars = group(photo([SPORTS_CAR, 0.7]), photo([SPORTS_CAR, 0.5]));
  const shore = group(photo([SEASHORE, 0.6]), photo([SEASHORE, 0.4], [TABBY, 0.05]));
  assert.deepEqual(nameGroups([goldens, cars, shore]), ['golden retriever', 'sports car', 'seashore']);
});

test('two groups dominated by one class: the stronger keeps it, the other takes its next dominant class', () => {
  const weaker = group(photo([GOLDEN, 0.6], [LABRADOR, 0.35]), photo([GOLDEN, 0.55], [LABRADOR, 0.3]));
  const stronger = group(photo([GOLDEN, 0.9]), photo([GOLDEN, 0.85]));
  assert.deepEqual(nameGroups([weaker, stronger]), ['Labrador retriever', 'golden retriever']);
});

test('two groups dominated by one class: without a clear runner-up the weaker is "Group N"', () => {
  const stronger = group(photo([CARTON, 0.9]), photo([CARTON, 0.8]));
  const weaker = group(photo([CARTON, 0.7], [ENVELOPE, 0.1]), photo([CARTON, 0.6], [ENVELOPE, 0.05]));
  const third = group(photo([SEASHORE, 0.9]));
  assert.deepEqual(nameGroups([third, stronger, weaker]), ['seashore', 'carton', 'Group 3']);
});

test('a mixed group gets a neutral name', () => {
  const mixed = group(photo([GOLDEN, 0.5]), photo([SPORTS_CAR, 0.5]), photo([SEASHORE, 0.5]), photo([TABBY, 0.5]));
  const split = group(photo([GOLDEN, 0.5], [LABRADOR, 0.4]), photo([LABRADOR, 0.5], [GOLDEN, 0.4]));
  const faint = group(photo([TABBY, 0.2]), photo([TABBY, 0.15]));
  assert.deepEqual(nameGroups([mixed, split, faint, group()]), ['Group 1', 'Group 2', 'Group 3', 'Group 4']);
});

test('names are distinct ignoring case, and classes sharing a word count together', () => {
  const names = ['Dog', 'dog', 'cat', 'Group 2'];
  const nameOf = (c: number) => names[c];
  // Classes 0 and 1 are both "dog" to a person: together they dominate the first group.
  const first = group([[0, 0.3], [1, 0.3], [2, 0.1]]);
  const second = group([[1, 0.5], [2, 0.1]]);
  const third = group([[3, 0.9]]);
  const result = nameGroups([first, second, third], { nameOf });
  assert.deepEqual(result, ['Dog', 'Group 2 (2)', 'Group 2']);
  assert.equal(new Set(result.map((n) => n.toLowerCase())).size, result.length);
});

test('the messy folder, grouped by its labels, gets the names a person would give', async () => {
  const folder = path.join(DATASETS, 'messy');
  const dataDir = tempDir();
  await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
  const lib = Library.open(dataDir);
  const topOf = new Map<string, TopClasses>();
  try {
    for (const p of lib.photos(lib.folderId(fs.realpathSync(folder)), 'mobilenetv2-int8')) topOf.set(p.path, p.top);
  } finally {
    lib.close();
  }
  const byLabel = new Map<string, TopClasses[]>();
  for (const l of messyLabels()) {
    const top = topOf.get(l.path);
    if (l.label && top) byLabel.set(l.label, [...(byLabel.get(l.label) ?? []), top]);
  }
  const labels = [...byLabel.keys()];
  const names = nameGroups(labels.map((l) => ({ tops: byLabel.get(l)! })));
  const nameOf = (label: string) => names[labels.indexOf(label)];
  assert.equal(nameOf('dog/n02099601'), 'golden retriever');
  assert.equal(nameOf('dog/n02086240'), 'Shih-Tzu', 'a pure group despite the look-alike Lhasa');
  assert.equal(nameOf('insect/ants'), 'ant');
  assert.equal(nameOf('insect/bees'), 'bee');
  // Cardboard and glass rubbish, dresses and hats spread over many ImageNet classes: nothing dominates.
  for (const mixed of ['trash/cardboard', 'trash/glass', 'clothing/Dress', 'clothing/Hat']) {
    assert.equal(nameOf(mixed), `Group ${labels.indexOf(mixed) + 1}`, mixed);
  }
  assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
});
