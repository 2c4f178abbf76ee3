// bench/eval/evaluate.ts — owns: grouping one labeled folder with the whole product (index, then group, no k
// given) and scoring it against its class folders, and reading the reference figures of ../shared/reference/quality.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clusterFolder, type ClusterOptions } from '../../electron/engine/cluster/cluster-folder';
import { sharedDir } from '../shared-data';
import { adjustedMutualInfo, adjustedRandIndex } from './metrics';

interface Reference {
  kmeans: number;
  reference: number;
  coverage: number;
  groups: number;
}

/** The reference table of quality.md, by set name. */
export function readReferences(): Map<string, Reference> {
  const file = path.join(sharedDir(), 'reference', 'quality.md');
  const refs = new Map<string, Reference>();
  if (!fs.existsSync(file)) return refs;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 9 || !/^\d+$/.test(cells[2])) continue;
    refs.set(cells[1], { kmeans: Number(cells[4]), reference: Number(cells[5]), coverage: Number(cells[6]), groups: Number(cells[7]) });
  }
  return refs;
}

export async function evaluate(folder: string, granularity: number | undefined, dataDir: string, options: Partial<ClusterOptions> = {}) {
  const report = await clusterFolder({ ...options, folder, granularity, modelsDir: path.join(sharedDir(), 'models'), dataDir, allowDownload: false });
  const groupOf = new Map<string, number>();
  report.groups.forEach((g, i) => g.files.forEach((f) => groupOf.set(f, i)));
  const paths = [...groupOf.keys(), ...report.unsorted];
  const classes = new Map<string, number>();
  const truth = paths.map((p) => {
    const cls = p.split('/')[0];
    if (!classes.has(cls)) classes.set(cls, classes.size);
    return classes.get(cls)!;
  });
  // As the reference: photos in no group count together as one extra label.
  const unsortedLabel = report.groups.length;
  const pred = paths.map((p) => groupOf.get(p) ?? unsortedLabel);
  const covered = report.groups.reduce((a, g) => a + g.files.length, 0) / paths.length;
  return { report, photos: paths.length, classes: classes.size, ami: adjustedMutualInfo(truth, pred), ari: adjustedRandIndex(truth, pred), coverage: covered };
}
