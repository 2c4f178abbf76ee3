#!/usr/bin/env node
// Builds models/imagenet-concepts.json: the WordNet 3.0 hypernym hierarchy above the 1,000 ImageNet classes, with
// the word a person would write for each concept and its plural. Group names (electron/engine/cluster/concepts.ts)
// read only that table; the WordNet database itself is never committed or needed at run time.
// Usage: node build/make-concepts.js [imagenet-synset.txt] [wordnet dir] [out.json]
//   imagenet-synset.txt: the class ids in the models' output order (default ../shared/models/imagenet-synset.txt)
//   wordnet dir: WordNet 3.0's database files (default /usr/share/wordnet: `apt-get install wordnet-base`)
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const synsetFile = process.argv[2] || path.join(ROOT, '..', 'shared', 'models', 'imagenet-synset.txt');
const wordnetDir = process.argv[3] || '/usr/share/wordnet';
const outFile = process.argv[4] || path.join(ROOT, 'models', 'imagenet-concepts.json');

// Concepts a person names a folder by, besides the ImageNet classes themselves (as the table words them, after
// CONCEPT_WORDS). A group's name is the most specific of its concepts that is one of these or a class: so bees and
// ants are "Insects", not "Hymenopterous insects", and a concept too general to say anything (entity, object, whole,
// artifact, organism, instrumentality, container…) is never on the list: a group that only such a concept covers
// is a mix. Everything else still counts for coverage and for flagging odd members.
const EVERYDAY = new Set([
  // living things
  'person', 'athlete', 'player', 'animal', 'plant', 'flower', 'orchid', 'mushroom', 'fish', 'shark', 'ray', 'salmon',
  'bird', 'finch', 'thrush', 'hawk', 'eagle', 'owl', 'parrot', 'cockatoo', 'pheasant', 'duck', 'swan', 'stork', 'heron',
  'egret', 'seabird', 'shorebird', 'sandpiper', 'penguin', 'amphibian', 'salamander', 'newt', 'toad', 'frog', 'reptile',
  'turtle', 'sea turtle', 'lizard', 'gecko', 'chameleon', 'crocodile', 'alligator', 'dinosaur', 'snake', 'boa', 'python',
  'cobra', 'viper', 'rattlesnake', 'spider', 'insect', 'beetle', 'butterfly', 'coral', 'worm', 'mollusk', 'crustacean',
  'crab', 'lobster', 'mammal', 'marsupial', 'kangaroo', 'whale', 'dolphin', 'seal', 'dog',
  'hound', 'terrier', 'retriever', 'pointer', 'setter', 'spaniel', 'guard dog', 'sheepdog', 'mastiff',
  'bulldog', 'sled dog', 'corgi', 'poodle', 'schnauzer', 'wolf', 'fox', 'cat', 'wildcat', 'big cat', 'bear', 'rabbit',
  'rodent', 'squirrel', 'horse', 'pig', 'cattle', 'sheep', 'goat', 'antelope', 'camel', 'primate', 'ape', 'great ape',
  'monkey', 'lemur', 'elephant',
  // things
  'vehicle', 'motor vehicle', 'car', 'truck', 'van', 'bus', 'train', 'bicycle', 'motorcycle', 'wagon', 'cart', 'sled',
  'military vehicle', 'aircraft', 'airplane', 'watercraft', 'boat', 'sailboat', 'ship', 'warship', 'clothing', 'clothes', 'dress',
  'skirt', 'shirt', 'sweater', 'jacket', 'coat', 'vest', 'trousers', 'uniform', 'swimsuit', 'underwear', 'nightwear',
  'outerwear', 'footwear', 'shoe', 'boot', 'headwear', 'hat', 'cap', 'helmet', 'scarf', 'glove', 'neckwear', 'hosiery',
  'mask', 'armor', 'body armor', 'jewelry', 'bag', 'basket', 'bottle', 'jar', 'jug', 'can', 'box', 'bowl', 'glass',
  'dish', 'tableware', 'pot', 'pan', 'spoon', 'knife', 'kitchen utensil', 'cooking utensil', 'home appliance',
  'kitchen appliance', 'oven', 'furniture', 'bed', 'seat', 'chair', 'sofa', 'bench', 'table', 'cabinet', 'lamp',
  'lantern', 'clock', 'watch', 'timepiece', 'mirror', 'curtain', 'rug', 'cushion', 'towel', 'bedding', 'computer',
  'personal computer', 'portable computer', 'keyboard', 'printer', 'camera', 'telephone', 'telescope', 'musical instrument',
  'keyboard instrument', 'piano', 'stringed instrument', 'guitar', 'wind instrument', 'woodwind', 'brass instrument',
  'percussion instrument', 'tool', 'hand tool', 'power tool', 'weapon', 'gun', 'firearm', 'pistol', 'ball', 'toy',
  'sports equipment', 'golf equipment', 'pen', 'lock', 'brush', 'fan', 'wheel', 'tent', 'fence', 'gate', 'door', 'roof',
  'building', 'house', 'shop', 'tower', 'bridge', 'monument', 'place of worship', 'theater',
  // food and places
  'food', 'dish of food', 'dessert', 'frozen dessert', 'bread', 'sandwich', 'soup', 'sauce', 'vegetable', 'potato',
  'cabbage', 'squash', 'pepper', 'fruit', 'apple', 'berry', 'citrus fruit', 'drink', 'wine', 'coffee', 'mountain',
  'shore', 'ridge',
]);

// Words for concepts whose WordNet lemma a person would not write on a folder (by concept word, or by id where the
// word names two concepts).
const CONCEPT_WORDS = {
  'true frog': 'frog',
  plane: 'airplane',
  'shepherd dog': 'sheepdog',
  watchdog: 'guard dog',
  'bathing suit': 'swimsuit',
  'sea bird': 'seabird',
  swine: 'pig',
  garment: 'clothes',
  fungus: 'mushroom',
  citrus: 'citrus fruit',
  n04530566: 'watercraft', // "vessel, watercraft" (the other "vessel" is a container)
  headgear: 'headwear',
  'percussive instrument': 'percussion instrument',
  store: 'shop',
  undergarment: 'underwear',
  trouser: 'trousers',
  n02891788: 'brass instrument', // "brass, brass instrument"
  theatre: 'theater',
  n07557434: 'dish of food', // "dish": a particular item of prepared food
};

// ImageNet class names a person would not write on a folder, and what they would write instead.
const CLASS_WORDS = {
  alp: 'mountain',
  carton: 'cardboard box',
  maillot: 'swimsuit',
  'tank suit': 'swimsuit',
  jean: 'jeans',
  'hen-of-the-woods': 'maitake mushroom',
  sunglass: 'sunglasses',
  'pop bottle': 'soda bottle',
  brass: 'brass plaque',
  jersey: 'T-shirt',
  sorrel: 'horse',
};

// Nouns a person does not count ("Clothing", not "Clothings"), and nouns whose plural is the word itself.
const UNCOUNTED = new Set([
  'food', 'seafood', 'produce', 'clothing', 'footwear', 'headdress', 'headgear', 'hosiery', 'neckwear', 'furniture',
  'crockery', 'cutlery', 'tableware', 'glassware', 'cookware', 'brass', 'jewelry', 'armor', 'body armor', 'chain mail',
  'swimwear', 'outerwear', 'guacamole', 'consomme', 'hot pot', 'trifle', 'ice cream', 'mashed potato', 'carbonara',
  'chocolate sauce', 'dough', 'red wine', 'espresso', 'eggnog', 'hay', 'broccoli', 'cauliflower', 'corn', 'bread',
  'fruit', 'cloth', 'fabric', 'seashore', 'lakeside', 'cattle', 'swine', 'sheep', 'deer',
  'fish', 'tench', 'triceratops', 'malinois', 'Bouvier des Flandres', 'Great Pyrenees', 'Mexican hairless', 'patas',
  'binoculars', 'sunglasses', 'swimming trunks', 'parallel bars', 'jeans', 'alcohol', 'coffee', 'Pekinese', 'spaghetti squash',
  'butternut squash', 'acorn squash', 'zucchini', 'grouse', 'waterfowl', 'salmon', 'aircraft',
  'watercraft', 'spacecraft', 'clothes', 'trousers', 'underwear', 'nightwear', 'outerwear', 'headwear', 'bedding',
  'armor', 'body armor', 'sports equipment', 'golf equipment', 'dish of food',
]);

/** Plurals a rule cannot make, and words already plural that end in s but are one thing (lens, bus). */
const PLURALS = { person: 'people', 'dish of food': 'dishes', lens: 'lenses', bus: 'buses', 'school bus': 'school buses', minibus: 'minibuses', trolleybus: 'trolleybuses', gas: 'gases', canvas: 'canvases' };
/** Irregular plurals of WordNet's exceptions list worth trusting: -ves and -oes forms and these. */
/** Words ending in -o whose plural takes -es (others take -s: geckos, banjos, flamingos). */
const OES = new Set(['potato', 'tomato', 'volcano', 'mosquito', 'domino', 'torpedo', 'hero', 'echo', 'veto']);
const IRREGULAR_KEEP = new Set(['men', 'women', 'children', 'mice', 'lice', 'geese', 'teeth', 'feet', 'oxen', 'fungi', 'cacti', 'titmice', 'dice']);

function main() {
  const wn = readWordNet(wordnetDir);
  const ids = fs.readFileSync(synsetFile, 'utf8').trim().split('\n').map((line) => {
    const m = /^n(\d{8}) /.exec(line);
    if (!m) throw new Error(`${synsetFile}: not a synset line: ${line}`);
    return m[1];
  });
  const classNames = JSON.parse(fs.readFileSync(path.join(ROOT, 'models', 'imagenet-classes.json'), 'utf8'));
  if (ids.length !== 1000 || classNames.length !== 1000) throw new Error('expected 1000 classes');

  // Every concept above any class; the classes first, in output order, so concept i < 1000 is class i.
  const order = [...ids];
  const index = new Map(ids.map((id, i) => [id, i]));
  const stack = [...ids];
  while (stack.length) {
    const id = stack.pop();
    const s = wn.synsets.get(id);
    if (!s) throw new Error(`WordNet has no noun synset ${id}`);
    for (const up of s.hypernyms) {
      if (!index.has(up)) {
        index.set(up, order.length);
        order.push(up);
        stack.push(up);
      }
    }
  }
  // Classes keep their place; the other concepts are sorted by id so the file changes only where WordNet does.
  const rest = order.slice(1000).sort();
  const all = [...ids, ...rest];
  all.forEach((id, i) => index.set(id, i));

  const everydayUsed = new Set();
  const concepts = all.map((id, i) => {
    const s = wn.synsets.get(id);
    const isClass = i < 1000;
    let word = isClass ? classNames[i].split(',')[0].trim() : bestLemma(s);
    if (isClass && CLASS_WORDS[word]) word = CLASS_WORDS[word];
    if (!isClass) word = CONCEPT_WORDS[`n${id}`] ?? CONCEPT_WORDS[word] ?? word;
    const entry = { id: `n${id}`, word };
    // Only a concept that can name a group has a plural: the classes and the everyday concepts.
    if (isClass || EVERYDAY.has(word)) {
      entry.plural = plural(word, wn.irregular);
      if (!isClass) everydayUsed.add(word);
    }
    const up = s.hypernyms.map((h) => index.get(h));
    if (up.length) entry.up = up;
    return entry;
  });
  const unused = [...EVERYDAY].filter((w) => !everydayUsed.has(w));
  if (unused.length) throw new Error(`EVERYDAY words that name no concept above the classes: ${unused.join(', ')}`);
  const out = {
    about: 'WordNet 3.0 concepts above the 1,000 ImageNet classes (concept i < 1000 is class i): its id, the word a person would write, its plural when it can name a group (classes and everyday concepts), and its hypernyms ("up", concept indices). Generated by build/make-concepts.js from Debian\'s wordnet-base; do not edit.',
    license: 'WordNet 3.0 © Princeton University, under the WordNet license (https://wordnet.princeton.edu/license-and-commercial-use).',
    concepts,
  };
  fs.writeFileSync(outFile, `{\n"about": ${JSON.stringify(out.about)},\n"license": ${JSON.stringify(out.license)},\n"concepts": [\n${concepts.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`);
  console.log(`wrote ${outFile}: ${concepts.length} concepts, ${everydayUsed.size} everyday words besides the classes`);
}

/** The word of a synset a person would use: the lemma tagged most often in WordNet's sense counts, first on a tie. */
function bestLemma(s) {
  let best = s.words[0];
  for (const w of s.words) if (w.count > best.count) best = w;
  return best.word.replace(/_/g, ' ').replace(/\(.*\)$/, '');
}

/** English plural of a name: its last word changes ("golden retrievers"), uncounted and irregular nouns kept. */
function plural(name, irregular) {
  if (PLURALS[name]) return PLURALS[name];
  if (UNCOUNTED.has(name)) return name;
  // "bird of prey" → "birds of prey"
  const of = / of /.exec(name);
  if (of && !/-of-/.test(name)) return plural(name.slice(0, of.index), irregular) + name.slice(of.index);
  const m = /^(.*?)([A-Za-z'-]+)$/.exec(name);
  if (!m) return name;
  const [, head, last] = m;
  const lower = last.toLowerCase();
  if (PLURALS[lower]) return head + PLURALS[lower];
  if (UNCOUNTED.has(lower) || /fish$/.test(lower)) return name;
  const irr = irregular.get(lower);
  if (irr && (IRREGULAR_KEEP.has(irr) || /ves$/.test(irr) || OES.has(lower))) return head + irr;
  // Ending in a single s (not -ss, -us, -is): already a plural, like "binoculars" or "tights".
  if (/[^su]s$/.test(lower) && !/is$/.test(lower)) return name;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${head}${last}es`;
  if (/[^aeiou]y$/.test(lower)) return `${head}${last.slice(0, -1)}ies`;
  return `${head}${last}s`;
}

function readWordNet(dir) {
  const synsets = new Map();
  for (const line of fs.readFileSync(path.join(dir, 'data.noun'), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue; // the license header
    const fields = line.split(' | ')[0].split(' ');
    const id = fields[0];
    const lexFile = fields[1];
    const wordCount = parseInt(fields[3], 16);
    let at = 4;
    const words = [];
    for (let k = 0; k < wordCount; k++, at += 2) words.push({ word: fields[at], lexId: parseInt(fields[at + 1], 16) });
    const pointers = parseInt(fields[at++], 10);
    const hypernyms = [];
    for (let k = 0; k < pointers; k++, at += 4) {
      // '@' hypernym, '@i' instance hypernym; only noun-to-noun links matter here.
      if ((fields[at] === '@' || fields[at] === '@i') && fields[at + 2] === 'n') hypernyms.push(fields[at + 1]);
    }
    synsets.set(id, { id, lexFile, words, hypernyms });
  }
  // How often each sense was tagged in WordNet's corpora: how common the word is for that meaning.
  const counts = new Map();
  for (const line of fs.readFileSync(path.join(dir, 'cntlist.rev'), 'utf8').split('\n')) {
    const [key, , count] = line.split(' ');
    if (key) counts.set(key, Number(count));
  }
  for (const s of synsets.values()) {
    for (const w of s.words) {
      const lemma = w.word.replace(/\(.*\)$/, '').toLowerCase();
      w.count = counts.get(`${lemma}%1:${s.lexFile}:${String(w.lexId).padStart(2, '0')}::`) ?? 0;
    }
  }
  // noun.exc lists irregular plurals (plural base); keep the first plural given for each base.
  const irregular = new Map();
  for (const line of fs.readFileSync(path.join(dir, 'noun.exc'), 'utf8').split('\n')) {
    const [pl, base] = line.split(' ');
    if (pl && base && !base.includes('_') && !irregular.has(base)) irregular.set(base, pl);
  }
  return { synsets, irregular };
}

main();
