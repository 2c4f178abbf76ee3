// `likeness models list|download [ID...]`: what models exist, which are here, and fetching them with progress.
import { MODELS_USAGE } from './usage';
import { DEFAULT_MODEL_ID, getModel, listModels } from '../engine/models/catalog';
import { ensureModel, modelStatus } from '../engine/models/locate';
import { resolveDataDir, resolveModelsDir } from '../engine/paths';
import { UsageError, type CommonArgs } from './args';
import { TerminalProgress } from './progress-bar';
// The app's own wording of sizes (decimal units, as file managers show them), so both say "553 MB" for VGG-16.
import { formatBytes } from '../../renderer/src/logic/format';
import { writeJsonFile } from './write-json';


export async function runModels(args: CommonArgs, out: NodeJS.WritableStream, signal: AbortSignal): Promise<void> {
  const [verb, ...ids] = args.positionals;
  const modelsDir = resolveModelsDir(args);
  const dataDir = resolveDataDir(args);
  if (verb === 'list' || verb === undefined) {
    const rows = listModels().map((m) => ({ ...m, ...modelStatus(m, modelsDir), default: m.id === DEFAULT_MODEL_ID }));
    out.write(`Models (folder: ${modelsDir})\n`);
    for (const r of rows) {
      const mark = r.present ? 'present   ' : 'not here  ';
      out.write(`  ${r.default ? '*' : ' '} ${r.id.padEnd(16)} ${mark} ${formatBytes(r.bytes).padStart(7)}  ${r.featureDim}-d  ${r.name}\n`);
    }
    out.write('  * default\n');
    if (args.json) await writeJsonFile(args.json, { modelsDir, models: rows });
    return;
  }
  if (verb === 'download') {
    const entries = (ids.length ? ids : [args.model ?? DEFAULT_MODEL_ID]).map(getModel);
    for (const entry of entries) {
      const bar = new TerminalProgress();
      let file: string;
      try {
        file = await ensureModel(entry, { modelsDir, dataDir, allowDownload: true, signal, onProgress: bar.update });
      } finally {
        bar.clear();
      }
      out.write(`${entry.id}: ${file} (sha256 verified)\n`);
    }
    return;
  }
  throw new UsageError(`unknown models command "${verb}" (use list or download)`);
}

export { MODELS_USAGE };
