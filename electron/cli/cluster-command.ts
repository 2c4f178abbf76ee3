// `likeness cluster <folder>`: index if needed, then propose groups, and show them as a table.
import { CLUSTER_USAGE } from './usage';
import { isVideoReason } from '../engine/scan/sniff';
import { clusterFolder, type ClusterReport } from '../engine/cluster/cluster-folder';
import { sameBytesAs } from '../engine/cluster/duplicates';
import { indexOptionsFrom, UsageError, type CommonArgs } from './args';
import { TerminalProgress } from './progress-bar';
import { oneLine, plural } from './printable';
import { printRecovered } from './recovered';
import { writeJsonFile } from './write-json';


export async function runCluster(args: CommonArgs, out: NodeJS.WritableStream, signal: AbortSignal): Promise<ClusterReport> {
  if (args.positionals.length !== 1) throw new UsageError(`expected one folder (usage: ${CLUSTER_USAGE})`);
  const granularity = args.granularity ?? 0.5;
  if (!(granularity >= 0 && granularity <= 1)) throw new UsageError(`--granularity takes a number from 0 (fewer, larger groups) to 1 (more, smaller groups)`);
  const bar = new TerminalProgress();
  let report: ClusterReport;
  try {
    report = await clusterFolder({ ...indexOptionsFrom(args), granularity, signal, onProgress: bar.update });
  } finally {
    bar.clear();
  }
  printGroups(report, out);
  if (args.json) {
    const { params, ...contract } = report;
    await writeJsonFile(args.json, { ...contract, parameters: params });
  }
  return report;
}

function printGroups(r: ClusterReport, out: NodeJS.WritableStream): void {
  printRecovered(r.recovered, out);
  const photos = r.groups.reduce((a, g) => a + g.files.length, 0) + r.unsorted.length;
  out.write(`${oneLine(`${plural(r.groups.length, 'group')} of ${plural(photos, 'photo')} in ${r.folder} (granularity ${r.granularity})`)}\n`);
  const width = Math.min(36, Math.max(8, ...r.groups.map((g) => g.name.length)));
  // A group's files come most typical first: its first three show what it is.
  for (const g of r.groups) {
    const extra = g.suggested.length ? ` (${g.suggested.length} suggested)` : '';
    const sample = g.files.slice(0, 3).join(', ') + (g.files.length > 3 ? ', …' : '');
    const name = g.name.length > width ? `${g.name.slice(0, width - 1)}…` : g.name;
    out.write(`${oneLine(`  ${name.padEnd(width)}  ${String(g.files.length).padStart(5)}${extra}  most typical: ${sample}`)}\n`);
  }
  out.write(`  ${'Unsorted'.padEnd(width)}  ${String(r.unsorted.length).padStart(5)}\n`);
  const exact = r.duplicates.filter((d) => d.kind === 'exact').length;
  const near = r.duplicates.length - exact;
  // A near set may hold byte-identical files too (the app marks them): say how many, as the app's legend does.
  const identical = r.duplicates.reduce((n, d) => {
    if (d.kind !== 'near') return n;
    const same = sameBytesAs(d.files, (f) => r.photos[f]?.hash);
    return n + new Set([...same].flat()).size;
  }, 0);
  const among = identical ? `, with ${identical} identical files among them` : '';
  if (r.duplicates.length) out.write(`Duplicates: ${plural(exact, 'set')} of exact copies, ${plural(near, 'set')} of near copies${among}\n`);
  const videos = r.skipped.filter((f) => isVideoReason(f.reason)).length;
  const others = r.skipped.length - videos;
  if (videos) out.write(`${videos} video${videos === 1 ? '' : 's'}, not grouped\n`);
  if (others) out.write(`Skipped ${others} file${others === 1 ? '' : 's'} that ${others === 1 ? 'is not a usable photo' : 'are not usable photos'} (see likeness index for reasons)\n`);
  out.write(`took ${r.timings.indexSeconds.toFixed(1)} s to index, ${r.timings.clusterSeconds.toFixed(1)} s to group\n`);
}

export { CLUSTER_USAGE };
