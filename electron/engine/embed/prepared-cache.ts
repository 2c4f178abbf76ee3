// Prepared graphs kept between runs. The surgery (surgery.ts) decodes and re-encodes the whole ONNX protobuf: a
// few hundredths of a second for MobileNet, seconds for VGG-16's 553 MB, on every run. Its result depends only on
// the model's bytes, the surgery's options and the surgery code itself, so it is kept under the model's sha256
// (which ensureModel has checked) in the per-user cache folder, which outlives any one library, else in the data
// folder (paths.preparedModelsDirs); onnxruntime then opens that file itself.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelEntry } from '../types';
import type { PreparedGraph } from './surgery';
import { SURGERY_VERSION } from './surgery-version';
import { makeDirs } from '../make-dirs';
// The surgery (and the ONNX protobuf code under it) loads only when a graph is prepared: not on a cache hit.
const surgery = () => require('./surgery') as typeof import('./surgery');

export type GraphInfo = Omit<PreparedGraph, 'bytes'>;

/** What onnxruntime opens: the prepared graph's file in the cache, or its bytes when it could not be cached. */
export interface Prepared {
  model: string | Uint8Array;
  info: GraphInfo;
  /** True when the surgery was skipped: the graph came from the cache. */
  cached: boolean;
}

interface Record {
  info: GraphInfo;
  modelSize: number;
  modelMtimeMs: number;
}

/**
 * The graph `entry`'s model (at `modelPath`) runs as: from the first of `cacheDirs` that holds it when it was
 * prepared before, else prepared now and kept in the first of them that takes it.
 */
export async function loadPrepared(modelPath: string, entry: ModelEntry, symbolicBatch: boolean, cacheDirs: readonly string[] = []): Promise<Prepared> {
  const st = await fs.promises.stat(modelPath);
  const name = `${entry.sha256}-v${SURGERY_VERSION}-${symbolicBatch ? 'batched' : 'single'}-${safe(entry.outputName)}`;
  const bases = /^[0-9a-f]{64}$/.test(entry.sha256) ? cacheDirs.map((dir) => path.join(dir, name)) : [];
  for (const base of bases) {
    const record = readRecord(`${base}.json`);
    // The same file the graph was made from (size and time), and the graph still there.
    if (record && record.modelSize === st.size && record.modelMtimeMs === st.mtimeMs && fs.existsSync(`${base}.onnx`)) {
      return { model: `${base}.onnx`, info: record.info, cached: true };
    }
  }
  const { bytes, ...info } = surgery().prepareGraph(await fs.promises.readFile(modelPath), { logitsOutput: entry.outputName, symbolicBatch });
  for (const base of bases) if (await store(base, bytes, { info, modelSize: st.size, modelMtimeMs: st.mtimeMs })) break;
  return { model: bytes, info, cached: false };
}

function readRecord(file: string): Record | null {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Record>;
    const i = r.info;
    if (!i || typeof i.featureOutput !== 'string' || typeof i.logitsOutput !== 'string' || (i.batch !== 'symbolic' && i.batch !== 'static')) return null;
    if (typeof r.modelSize !== 'number' || typeof r.modelMtimeMs !== 'number') return null;
    return r as Record;
  } catch {
    return null;
  }
}

/** Graph first, record last, each written whole under a temporary name: a half-written cache is never used. */
async function store(base: string, bytes: Uint8Array, record: Record): Promise<boolean> {
  try {
    await makeDirs(path.dirname(base));
    for (const [file, data] of [[`${base}.onnx`, bytes], [`${base}.json`, JSON.stringify(record)]] as const) {
      const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await fs.promises.writeFile(tmp, data);
      await fs.promises.rename(tmp, file);
    }
    return true;
  } catch {
    // A read-only or full folder: the next one is tried, and at worst the surgery runs again next time.
    return false;
  }
}

function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
}
