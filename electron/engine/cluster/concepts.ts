// The WordNet concepts above the ImageNet classes (models/imagenet-concepts.json, made by build/make-concepts.js):
// for every class, the concepts it is a kind of ("golden retriever" → retriever → … → dog → … → animal), the word a
// person would write for each, and its plural where a concept can name a group. Read once; pure lookups after.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appRoot } from '../paths';

export const CLASS_COUNT = 1000;

interface ConceptRow {
  id: string;
  word: string;
  plural?: string;
  up?: number[];
}

export class ConceptTable {
  readonly size: number;
  private readonly words: string[];
  private readonly plurals: Array<string | undefined>;
  private readonly ups: number[][];
  /** Every concept a class is a kind of, itself included, per class (built on first use). */
  private readonly above: Array<Int32Array | undefined>;
  /** How many classes each concept covers: fewer is more specific. */
  readonly classCount: Int32Array;

  constructor(rows: ConceptRow[]) {
    if (rows.length < CLASS_COUNT) throw new Error(`a concept table needs the ${CLASS_COUNT} classes first, got ${rows.length} rows`);
    this.size = rows.length;
    this.words = rows.map((r) => r.word);
    this.plurals = rows.map((r) => r.plural);
    this.ups = rows.map((r) => r.up ?? []);
    for (const [i, up] of this.ups.entries()) {
      for (const u of up) if (!(Number.isInteger(u) && u >= 0 && u < rows.length && u !== i)) throw new Error(`concept ${rows[i].id} has a bad hypernym index ${u}`);
    }
    this.above = new Array(CLASS_COUNT);
    this.classCount = new Int32Array(rows.length);
    for (let c = 0; c < CLASS_COUNT; c++) for (const k of this.conceptsOf(c)) this.classCount[k]++;
  }

  /** The concepts class `c` is a kind of, itself first, then the others in no particular order. */
  conceptsOf(c: number): Int32Array {
    let list = this.above[c];
    if (!list) {
      const seen = new Set<number>([c]);
      const stack = [c];
      while (stack.length) for (const u of this.ups[stack.pop()!]) if (!seen.has(u)) seen.add(u), stack.push(u);
      list = Int32Array.from(seen);
      this.above[c] = list;
    }
    return list;
  }

  /** The word for a concept ("golden retriever", "dog"). */
  word(k: number): string {
    return this.words[k];
  }

  /** The concept's plural when it can name a group ("golden retrievers", "dogs"), else undefined. */
  plural(k: number): string | undefined {
    return this.plurals[k];
  }

  /** Whether concept `a` is `b` or a kind of `b`. */
  isKindOf(a: number, b: number): boolean {
    if (a === b) return true;
    if (a < CLASS_COUNT) return this.conceptsOf(a).includes(b);
    return this.ancestorsOf(a).has(b);
  }

  private readonly conceptAncestors = new Map<number, Set<number>>();

  private ancestorsOf(k: number): Set<number> {
    let set = this.conceptAncestors.get(k);
    if (!set) {
      set = new Set<number>([k]);
      const stack = [k];
      while (stack.length) for (const u of this.ups[stack.pop()!]) if (!set.has(u)) set.add(u), stack.push(u);
      this.conceptAncestors.set(k, set);
    }
    return set;
  }
}

let table: ConceptTable | null = null;

/** The table shipped in models/ (checked on first load). */
export function loadConcepts(): ConceptTable {
  if (!table) {
    const file = path.join(appRoot(), 'models', 'imagenet-concepts.json');
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { concepts?: unknown };
    if (!Array.isArray(parsed.concepts)) throw new Error(`${file} has no concepts list`);
    table = new ConceptTable(parsed.concepts as ConceptRow[]);
  }
  return table;
}
