// One indexing run in its own process, so that each benchmark phase has a clean heap and its own peak memory.
// Usage: node dist/bench/index-once.js <folder> <dataDir> <modelsDir> [modelEntryJson]
// Prints one JSON line: the run's summary, its peak RSS and the RSS sampled as it went.
import { indexFolder } from '../electron/engine/pipeline/index-folder';
import type { ModelEntry } from '../electron/engine/types';
import { peakRssMonitor } from './floors';

async function run(): Promise<void> {
  const [folder, dataDir, modelsDir, entryJson] = process.argv.slice(2);
  const model = entryJson ? (JSON.parse(entryJson) as ModelEntry) : undefined;
  const rss = peakRssMonitor();
  const trace: Array<[number, number]> = [];
  let lastTrace = 0;
  const summary = await indexFolder({
    folder, dataDir, modelsDir, model, allowDownload: false,
    onProgress: (p) => {
      if (p.stage === 'index' && p.done - lastTrace >= 10000) {
        lastTrace = p.done;
        trace.push([p.done, process.memoryUsage.rss()]);
      }
    },
  });
  const peak = rss.stop();
  process.stdout.write(JSON.stringify({ summary, peakRss: Math.max(peak, rss.processMaxRss()), trace }) + '\n');
}

run().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
