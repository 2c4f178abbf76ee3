// `npm run eval:knob -- [folder ...]`: the granularity knob at 11 equally spaced positions on each folder (default
// the messy folder and the three shared labeled sets): the number of groups at each, the largest step between
// neighbours once there are 4 or more groups, the seconds each re-grouping took, and the names at the default
// position. The issue's yardstick: at least 6 different counts, no step above ×1.75.
import * as path from 'node:path';
import { readFolderVectors } from '../../electron/engine/cluster/folder-vectors';
import { Grouper } from '../../electron/engine/cluster/grouper';
import { indexFolder } from '../../electron/engine/pipeline/index-folder';
import { benchCacheDir, sharedDir } from '../shared-data';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const folders = args.length ? args : ['messy', 'cifar10-test-5k', 'imagenette-val-1k', 'ants-bees'].map((s) => path.join(sharedDir(), 'datasets', s));
  const dataDir = path.join(benchCacheDir(), 'eval-data');
  const rows: string[] = [];
  for (const folder of folders) {
    await indexFolder({ folder, modelsDir: path.join(sharedDir(), 'models'), dataDir, allowDownload: false });
    const photos = readFolderVectors(dataDir, folder, 'mobilenetv2-int8');
    const grouper = await Grouper.prepare(photos);
    const counts: number[] = [];
    const seconds: number[] = [];
    for (let i = 0; i <= 10; i++) {
      const t = performance.now();
      counts.push(grouper.group(i / 10).groups.length);
      seconds.push((performance.now() - t) / 1000);
    }
    let worst = 1;
    for (let i = 1; i < counts.length; i++) if (counts[i - 1] >= 4) worst = Math.max(worst, counts[i] / counts[i - 1]);
    const distinct = new Set(counts).size;
    const rising = counts.every((c, i) => i === 0 || c >= counts[i - 1]);
    const ok = rising && distinct >= 6 && worst <= 1.75;
    const name = path.basename(path.resolve(folder));
    rows.push(`| ${name} | ${photos.paths.length} | ${counts.join(' ')} | ${distinct} | ×${worst.toFixed(2)} | ${Math.max(...seconds.slice(1)).toFixed(2)} s | ${ok ? 'pass' : 'FAIL'} |`);
    console.log(`${name}: ${grouper.group(0.5).groups.map((g) => `${g.name} (${g.files.length})`).join(', ')}`);
  }
  console.log('\n| folder | photos | groups at 0, 0.1, …, 1 | different counts | largest step (≥ 4 groups) | slowest re-group | yardstick |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
