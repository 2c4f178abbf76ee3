// Group names a person would write on a folder: the most specific WordNet concept covering most of a group's class
// evidence, plural and capitalized; a class's own name when it clearly dominates; "Mixed: …" only when nothing
// covers a third; two groups told apart by a concept where their evidence differs, and numbered only where it is
// the very same (hundreds of groups of one subject). Hand-made evidence first, then the shared sets (no group there
// gets a placeholder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TopClasses } from '../electron/engine/library/library';
import { Library } from '../electron/engine/library/library';
import { loadConcepts } from '../electron/engine/cluster/concepts';
import { nameGroups } from '../electron/engine/cluster/names';
import { readFolderVectors } from '../electron/engine/cluster/folder-vectors';
import { Grouper } from '../electron/engine/cluster/grouper';
import { indexFolder } from '../electron/engine/pipeline/index-folder';
import { DATASETS, SHARED_MODELS, messyLabels, tempDir } from './helpers';

// ImageNet class indices.
const TABBY = 281;
const PERSIAN = 283;
const SIAMESE = 284;
const EGYPTIAN = 285;
const TIGER = 292;
const SANDAL = 774;
const CLOG = 502;
const LOAFER = 630;
const RUNNING_SHOE = 770;
const ALP = 970;
const VOLCANO = 980;
const VALLEY = 979;
const GOLDEN = 207;
const LABRADOR = 208;
const TENNIS_BALL = 852;
const BEER_BOTTLE = 440;
const WINE_BOTTLE = 907;
const SPORTS_CAR = 817;
const SEASHORE = 978;
const BALD_EAGLE = 22;
const ANT = 310;
const BEE = 309;
const JEAN = 608;
const CARTON = 478;

/** A photo's top classes: the given ones, then faint leftovers (distinct, unrelated) so each photo has five. */
let filler = 0;
const LEFTOVERS = [409, 530, 600, 700, 750, 800, 850, 900, 950, 999];
const photo = (...classes: Array<[number, number]>): TopClasses => {
  const top: TopClasses = [...classes];
  while (top.length < 5) top.push([LEFTOVERS[filler++ % LEFTOVERS.length], 0.01]);
  return top;
};
const group = (...tops: TopClasses[]) => ({ tops });

test('concepts that cover most of a group name it: cats, shoes, mountains', () => {
  const cats = group(photo([TABBY, 0.5], [PERSIAN, 0.2]), photo([PERSIAN, 0.6], [EGYPTIAN, 0.2]), photo([EGYPTIAN, 0.5], [TABBY, 0.3]));
  const shoes = group(photo([SANDAL, 0.5]), photo([CLOG, 0.4], [LOAFER, 0.2]), photo([LOAFER, 0.5]), photo([RUNNING_SHOE, 0.6]));
  const mountains = group(photo([ALP, 0.5], [VALLEY, 0.2]), photo([VOLCANO, 0.6], [ALP, 0.2]), photo([VALLEY, 0.4], [ALP, 0.3]));
  assert.deepEqual(nameGroups([cats, shoes, mountains]), ['Cats', 'Shoes', 'Mountains']);
});

test('a class that clearly dominates names its group in its own words, plural and capitalized', () => {
  const goldens = group(photo([GOLDEN, 0.8], [LABRADOR, 0.1]), photo([GOLDEN, 0.6], [LABRADOR, 0.3]), photo([GOLDEN, 0.9]));
  const cars = group(photo([SPORTS_CAR, 0.7]), photo([SPORTS_CAR, 0.5]));
  const jeans = group(photo([JEAN, 0.7]), photo([JEAN, 0.6]));
  const boxes = group(photo([CARTON, 0.7]), photo([CARTON, 0.6]));
  assert.deepEqual(nameGroups([goldens, cars, jeans, boxes]), ['Golden retrievers', 'Sports cars', 'Jeans', 'Cardboard boxes']);
});

test('never a concept so general it says nothing: a group nothing covers a third of says what it mixes', () => {
  // Shoes and bottles: "artifact", "whole", "object" cover all of it, and are no name.
  const mix = group(photo([SANDAL, 0.5]), photo([BEER_BOTTLE, 0.5]), photo([RUNNING_SHOE, 0.5]), photo([WINE_BOTTLE, 0.5]), photo([SPORTS_CAR, 0.4]), photo([SEASHORE, 0.5]));
  const [name] = nameGroups([mix]);
  assert.match(name, /^Mixed: /);
  assert.match(name, /bottles/);
  assert.match(name, /shoes/);
  for (const general of ['entity', 'object', 'whole', 'artifact', 'organism', 'instrumentality', 'container']) assert.doesNotMatch(name.toLowerCase(), new RegExp(`\\b${general}`));
  // Ants and bees: "Insects", not a word nobody writes on a folder ("Hymenopterous insects").
  assert.deepEqual(nameGroups([group(photo([ANT, 0.6]), photo([BEE, 0.6]), photo([ANT, 0.5]), photo([BEE, 0.5]))]), ['Insects']);
});

test('two groups that would share a name are told apart by a concept, not by a number', () => {
  // Two groups of cats, no breed leading in either: one keeps "Cats", the other is named by the breeds it holds.
  const tabbies = group(photo([TABBY, 0.35], [EGYPTIAN, 0.34]), photo([EGYPTIAN, 0.35], [TABBY, 0.34]));
  const longhairs = group(photo([PERSIAN, 0.36], [SIAMESE, 0.35]), photo([SIAMESE, 0.36], [PERSIAN, 0.35]));
  const names = nameGroups([tabbies, longhairs]);
  assert.equal(names.filter((n) => n === 'Cats').length, 1, names.join(' | '));
  const other = names.find((n) => n !== 'Cats')!;
  assert.ok(names[0] === 'Cats' ? /^(Persian|Siamese) cats$/.test(other) : /^(Tabbies|Egyptian cats)$/.test(other), names.join(' | '));
  for (const n of names) assert.doesNotMatch(n, /\d/, n);

  // Both clearly golden retrievers: the one with tennis balls is told apart by what else it shows.
  const goldens = group(photo([GOLDEN, 0.9]), photo([GOLDEN, 0.85]), photo([GOLDEN, 0.9]));
  const fetching = group(photo([GOLDEN, 0.6], [TENNIS_BALL, 0.3]), photo([GOLDEN, 0.55], [TENNIS_BALL, 0.35]));
  assert.deepEqual(nameGroups([fetching, goldens]), ['Golden retrievers (tennis balls)', 'Golden retrievers']);
});

test('hundreds of groups of one subject each get a name of their own', () => {
  // A large collection: many groups the network reads alike. Those told apart by what else they show are named so;
  // the rest, holding the very same evidence, are numbered in turn, never twice the same name.
  const same = photo([GOLDEN, 0.9], [LABRADOR, 0.05]);
  const groups = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? group(photo([GOLDEN, 0.7], [[TENNIS_BALL, SPORTS_CAR, SEASHORE][i % 9 / 3], 0.25]), same) : group(same, same)));
  const names = nameGroups(groups);
  assert.equal(new Set(names.map((n) => n.toLowerCase())).size, 300, 'all distinct');
  assert.ok(names.includes('Golden retrievers'));
  assert.ok(names.includes('Golden retrievers (tennis balls)') && names.includes('Golden retrievers (sports cars)'), names.slice(0, 12).join(' | '));
  const numbered = names.filter((n) => /^Golden retrievers \(\d+\)$/.test(n)).map((n) => Number(/\d+/.exec(n)![0])).sort((a, b) => a - b);
  assert.ok(numbered.length > 0, 'groups with the very same evidence are numbered');
  assert.deepEqual(numbered, Array.from({ length: numbered.length }, (_, i) => i + 2), 'numbers in turn from 2');
});

test('a name the user typed is never given to another group', () => {
  const cats = group(photo([TABBY, 0.5]), photo([PERSIAN, 0.5]), photo([TIGER, 0.2], [EGYPTIAN, 0.4]));
  const [name] = nameGroups([cats], { taken: ['cats'] });
  assert.notEqual(name.toLowerCase(), 'cats');
  assert.doesNotMatch(name, /\d/);
});

test('names are plurals of concepts from the table, and every class can name a group', () => {
  const t = loadConcepts();
  for (let c = 0; c < 1000; c++) assert.ok(t.plural(c), `class ${c} (${t.word(c)}) has a plural`);
  const goldens = nameGroups([group(photo([GOLDEN, 0.9]))])[0];
  assert.equal(goldens, 'Golden retrievers');
  assert.equal(nameGroups([group(photo([BALD_EAGLE, 0.9]))])[0], 'Bald eagles');
});

/** Fails when a name is a placeholder: "Group 3", "Unnamed group", or a numbered copy of another name. */
function assertNoPlaceholders(names: string[], where: string): void {
  for (const n of names) {
    assert.doesNotMatch(n, /^Group \d+|Unnamed|\(\d+\)$| \d+$/, `${where}: "${n}" is a placeholder`);
    assert.equal(n[0], n[0].toLocaleUpperCase(), `${where}: "${n}" starts with a capital`);
  }
  assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length, `${where}: no two groups share a name`);
}

async function tops(folder: string, dataDir: string): Promise<Map<string, TopClasses>> {
  await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
  const lib = Library.open(dataDir);
  try {
    return new Map([...lib.photos(lib.folderId(fs.realpathSync(folder)), 'mobilenetv2-int8')].map((p) => [p.path, p.top]));
  } finally {
    lib.close();
  }
}

test('the messy folder, grouped by its labels, gets the names a person would give', async () => {
  const topOf = await tops(path.join(DATASETS, 'messy'), tempDir());
  const byLabel = new Map<string, TopClasses[]>();
  for (const l of messyLabels()) {
    const top = topOf.get(l.path);
    if (l.label && top) byLabel.set(l.label, [...(byLabel.get(l.label) ?? []), top]);
  }
  const labels = [...byLabel.keys()];
  const names = nameGroups(labels.map((l) => ({ tops: byLabel.get(l)! })));
  const nameOf = (label: string) => names[labels.indexOf(label)];
  assert.equal(nameOf('dog/n02099601'), 'Golden retrievers');
  assert.equal(nameOf('dog/n02086240'), 'Shih-Tzus', 'a pure group despite the look-alike Lhasa');
  assert.equal(nameOf('insect/ants'), 'Ants');
  assert.equal(nameOf('insect/bees'), 'Bees');
  assert.equal(nameOf('clothing/Shoes'), 'Shoes');
  assert.equal(nameOf('clothing/T-Shirt'), 'T-shirts');
  assert.equal(nameOf('clothing/Pants'), 'Jeans');
  assert.equal(nameOf('trash/glass'), 'Bottles');
  assert.equal(nameOf('trash/cardboard'), 'Boxes');
  assertNoPlaceholders(names, 'messy by label');
});

test('no group of the shared labeled sets or the messy folder gets a placeholder name', async () => {
  const dataDir = tempDir();
  for (const set of ['messy', 'imagenette-val-1k', 'ants-bees']) {
    const folder = path.join(DATASETS, set);
    await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
    const photos = readFolderVectors(dataDir, folder, 'mobilenetv2-int8');
    const grouper = await Grouper.prepare(photos);
    for (const g of [0, 0.5, 1]) assertNoPlaceholders(grouper.group(g).groups.map((x) => x.name), `${set} at ${g}`);
    if (set === 'imagenette-val-1k') {
      // Each of the ten subjects by its own name, as a person would label the folders.
      const names = grouper.group(0.5).groups.map((x) => x.name).sort();
      assert.deepEqual(names, ['Cassette players', 'Chain saws', 'Churches', 'English springers', 'French horns', 'Garbage trucks', 'Gas pumps', 'Golf balls', 'Parachutes', 'Tench']);
    }
  }
});
