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
  // One pass for the softmax's max and sum, one for a k-best insertion: no arrays of 1000, no sort
  // (this runs for every photo indexed).
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  let sum = 0;
  if (!isProbability) for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  const prob = (v: number) => (isProbability ? v : Math.exp(v - max) / sum);
  const offset = row.length === 1001 ? 1 : 0;
  const want = Math.max(0, Math.min(k, row.length - offset));
  const best: Array<[number, number]> = [];
  for (let i = offset; i < row.length; i++) {
    const v = row[i];
    if (best.length === want && (want === 0 || v <= best[want - 1][1])) continue; // ties keep the lower index
    let at = best.length;
    while (at > 0 && best[at - 1][1] < v) at--;
    best.splice(at, 0, [i - offset, v]);
    if (best.length > want) best.pop();
  }
  return best.map(([c, v]) => [c, prob(v)]);
}

/** The everyday name of a class: its first synonym ('golden retriever'). */
export function commonName(index: number): string {
  const all = loadClassNames();
  if (!Number.isInteger(index) || index < 0 || index >= all.length) throw new Error(`no ImageNet class ${index}`);
  return all[index].split(',')[0].trim();
}
