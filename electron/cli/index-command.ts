// `likeness index <folder>`: index a folder and report what was used and what was skipped, and why.
import { INDEX_USAGE } from './usage';
import { indexFolder, isVideoReason, type IndexSummary } from '../engine/pipeline/index-folder';
import { buildIndexReport, listSkipped } from '../engine/pipeline/index-report';
import { formatDuration, TerminalProgress } from './progress-bar';
import { indexOptionsFrom, UsageError, type CommonArgs } from './args';
import { oneLine, plural } from './printable';
import { printRecovered } from './recovered';
import { writeJsonFile } from './write-json';

export async function runIndex(args: CommonArgs, out: NodeJS.WritableStream, signal: AbortSignal): Promise<IndexSummary> {
  if (args.positionals.length !== 1) throw new UsageError(`expected one folder (usage: ${INDEX_USAGE})`);
  const bar = new TerminalProgress();
  let summary: IndexSummary;
  try {
    summary = await indexFolder({ ...indexOptionsFrom(args), signal, onProgress: bar.update });
  } finally {
    bar.clear();
  }
  if (args.json) {
    const report = buildIndexReport(summary);
    printSummary(summary, report.skipped, out);
    await writeJsonFile(args.json, report);
  } else {
    printSummary(summary, listSkipped(summary), out);
  }
  return summary;
}

function printSummary(s: IndexSummary, skipped: Array<{ path: string; reason: string }>, out: NodeJS.WritableStream): void {
  const c = s.counts;
  printRecovered(s.recovered, out);
  out.write(`${oneLine(`Indexed ${s.folder} with ${s.model.name} on ${s.model.provider}`)}\n`);
  for (const note of s.model.providerNotes) out.write(`  note: ${note}\n`);
  const travelling = c.companions ? `, ${plural(c.companions, 'companion file')} kept with ${c.companions === 1 ? 'its' : 'their'} photo (RAW of a RAW+JPEG pair, Live Photo movie, edit metadata)` : '';
  out.write(`  ${plural(c.photos, 'photo')} (${c.embedded} looked at now, ${c.recognized} recognized by content, ${c.unchanged} unchanged), ${plural(c.videos, 'video')} (not grouped), ${c.skipped - c.videos} skipped${travelling}, ${c.removed} removed from the index\n`);
  out.write(`  took ${s.timings.totalSeconds < 60 ? `${s.timings.totalSeconds.toFixed(1)} s` : formatDuration(s.timings.totalSeconds)} (scan ${s.timings.scanSeconds.toFixed(2)} s)\n`);
  const videos = skipped.filter((f) => isVideoReason(f.reason));
  const others = skipped.filter((f) => !isVideoReason(f.reason));
  if (others.length) {
    out.write(`Skipped ${plural(others.length, 'file')}:\n`);
    for (const f of others) out.write(`${oneLine(`  ${f.path}: ${f.reason}`)}\n`);
  }
  if (videos.length) {
    out.write(`${plural(videos.length, 'video')}, not grouped:\n`);
    for (const f of videos) out.write(`${oneLine(`  ${f.path}`)}\n`);
  }
}

export { INDEX_USAGE };
