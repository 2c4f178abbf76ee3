// `npm run eval -- <folder of class subfolders> [...]`: runs the whole product (index, then group, no k given) on
// labeled folders and prints AMI, ARI, coverage and group count next to the reference figures of
// ../shared/reference/quality.md. The class folder is ground truth for scoring only: the product never sees it.
// Options: --granularity G (default the product's), --data-dir D (default .bench/eval-data, kept between runs).
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { benchCacheDir, sharedDir } from '../shared-data';
import { evaluate, readReferences } from './evaluate';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { granularity: { type: 'string' }, 'data-dir': { type: 'string' } } });
  const folders = positionals.length ? positionals : ['cifar10-test-5k', 'imagenette-val-1k', 'ants-bees'].map((s) => path.join(sharedDir(), 'datasets', s));
  const granularity = values.granularity === undefined ? undefined : Number(values.granularity);
  const dataDir = values['data-dir'] ?? path.join(benchCacheDir(), 'eval-data');
  const refs = readReferences();
  const rows: string[] = [];
  let sumAmi = 0;
  let sumBetter = 0;
  let allPass = true;
  for (const folder of folders) {
    const name = path.basename(path.resolve(folder));
    const r = await evaluate(folder, granularity, dataDir);
    const ref = refs.get(name);
    const better = ref ? Math.max(ref.kmeans, ref.reference) : NaN;
    const pass = ref ? r.ami >= 0.95 * better && r.coverage >= 0.9 : r.coverage >= 0.9;
    allPass &&= pass;
    sumAmi += r.ami;
    sumBetter += better;
    rows.push(
      `| ${name} | ${r.photos} | ${r.classes} | ${r.ami.toFixed(3)} | ${r.ari.toFixed(3)} | ${r.coverage.toFixed(2)} | ${r.report.groups.length} | ` +
        (ref ? `${ref.kmeans.toFixed(3)} / ${ref.reference.toFixed(3)} (cov ${ref.coverage.toFixed(2)}, ${ref.groups} groups)` : 'no reference') +
        ` | ${pass ? 'pass' : 'FAIL'} | ${r.report.timings.clusterSeconds.toFixed(1)} s |`,
    );
    console.log(`${name}: AMI ${r.ami.toFixed(3)}, ARI ${r.ari.toFixed(3)}, coverage ${r.coverage.toFixed(2)}, ${r.report.groups.length} groups (min cluster size ${r.report.params.minClusterSize}), names: ${r.report.groups.slice(0, 12).map((g) => `${g.name} (${g.files.length})`).join(', ')}`);
  }
  console.log('\n| set | photos | classes | AMI | ARI | coverage | groups | reference: k-means (true k) / UMAP+HDBSCAN | verdict | grouping time |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  const n = folders.length;
  if (!Number.isNaN(sumBetter)) {
    const avgOk = sumAmi / n >= sumBetter / n;
    console.log(`\nmean AMI ${(sumAmi / n).toFixed(3)} vs mean of the better reference column ${(sumBetter / n).toFixed(3)}: ${avgOk ? 'at least the reference' : 'BELOW the reference'}`);
    allPass &&= avgOk;
  }
  console.log(allPass ? 'acceptance: PASS' : 'acceptance: FAIL');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
