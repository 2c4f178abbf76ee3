// ImageNet class names and turning one image's logits into its most likely classes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appRoot } from '../paths';

let names: string[] | null = null;

/** The 1000 ImageNet-1k class names in output order; each is a comma-separated list of synonyms. */
export function loadClassNames(): string[] {
  if (!names) {
    const file = path.join(appRoot(), 'models', 'imagenet-classes.json');
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 1000 || !parsed.every((n) => typeof n === 'string')) {
      throw new Error(`${file} should be an array of 1000 class names`);
    }
    names = parsed as string[];
  }
  return names;
}

/**
 * The k most likely classes of one image as [ImageNet-1k class index, probability], best first (ties by index).
 * Logits go through a softmax over the whole row; a 1001-wide row's leading background class is dropped
 * after the softmax, so the remaining indices line up with loadClassNames().
 */
export function topClasses(row: Float32Array, k: number, isProbability: boolean): Array<[classIndex: number, probability: number]> {
  const probs = isProbability ? Array.from(row) : softmax(row);
  const offset = row.length === 1001 ? 1 : 0;
  const ranked: Array<[number, number]> = [];
  for (let i = offset; i < probs.length; i++) ranked.push([i - offset, probs[i]]);
  ranked.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return ranked.slice(0, Math.max(0, k));
}

/** Softmax with the maximum subtracted first so large logits cannot overflow. */
function softmax(row: Float32Array): number[] {
  let max = -Infinity;
  for (const v of row) if (v > max) max = v;
  const exps = Array.from(row, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** The everyday name of a class: its first synonym ('golden retriever'). */
export function commonName(index: number): string {
  const all = loadClassNames();
  if (!Number.isInteger(index) || index < 0 || index >= all.length) throw new Error(`no ImageNet class ${index}`);
  return all[index].split(',')[0].trim();
}
