// Runs a classifier network with onnxruntime-node and returns, per image, its penultimate-layer features
// and its class logits. Owns session setup (providers, batch layout checks) and batching of calls.
import * as os from 'node:os';
import * as ort from 'onnxruntime-node';
import type { ModelEntry, ProviderChoice } from '../types';
import { planProviders } from './providers';
import { openSession, usableBackends } from './session';
import type { PreparedGraph } from './surgery';
import { loadPrepared, type GraphInfo } from './prepared-cache';
import type { EmbedderInfo } from './embed-protocol';

export interface EmbedderOptions {
  provider?: ProviderChoice;
  /** Intra-op threads; default: every core. */
  threads?: number;
  /** Largest batch per run when the graph allows batching (default 16). */
  maxBatch?: number;
  /** Where prepared graphs are kept between runs, in order of preference (prepared-cache.ts); none: prepared on every load. */
  cacheDirs?: string[];
}

export interface Embedding {
  /** count × featureDim */
  features: Float32Array;
  /** count × classes */
  logits: Float32Array;
}

/** Batches beyond this gain little on CPU (see the embed timing notes) and cost memory on big models. */
const DEFAULT_MAX_BATCH = 16;

/** Which outputs to fetch; the graph bytes themselves are not kept (hundreds of MB for VGG-16). */
type OutputNames = Pick<PreparedGraph, 'featureOutput' | 'logitsOutput'>;

interface Layout {
  session: ort.InferenceSession;
  provider: string;
  outputs: OutputNames;
  featureDim: number;
  classes: number;
}

/** How every inference session is set up; the bench's onnxruntime floor uses the same, so the two compare alike. */
export function inferenceSessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    logSeverityLevel: 3,
    // Idle inference threads must sleep, not spin: decoding runs on the same cores between batches (and a spinning
    // thread's CPU time would count as work in any measure of it).
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}

export class Embedder implements EmbedderInfo {
  readonly featureDim: number;
  readonly classes: number;
  readonly provider: string;
  readonly providerNotes: string[];
  readonly maxBatch: number;
  /** Set when the graph could not be made to run batched and images go one at a time. */
  readonly batchNote: string | null;

  private readonly session: ort.InferenceSession;
  private readonly outputs: OutputNames;
  private readonly imageSize: number;
  /** Runs go one after another: parallel runs would only fight over the same cores. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    layout: Layout,
    private readonly inputName: string,
    private readonly imageDims: number[],
    notes: string[],
    maxBatch: number,
    batchNote: string | null,
  ) {
    this.session = layout.session;
    this.outputs = layout.outputs;
    this.featureDim = layout.featureDim;
    this.classes = layout.classes;
    this.provider = layout.provider;
    this.providerNotes = notes;
    this.maxBatch = maxBatch;
    this.batchNote = batchNote;
    this.imageSize = imageDims.reduce((a, b) => a * b, 1);
  }

  static async load(modelPath: string, entry: ModelEntry, opts: EmbedderOptions = {}): Promise<Embedder> {
    const plan = planProviders(opts.provider ?? 'auto', process.platform, usableBackends());
    const sessionOptions = inferenceSessionOptions(opts.threads ?? os.availableParallelism());
    const imageDims = imageDimsOf(entry);
    const notes = [...plan.notes];

    const open = async (symbolicBatch: boolean, tryOrder: string[]) => {
      const { model, info: prepared } = await loadPrepared(modelPath, entry, symbolicBatch, opts.cacheDirs);
      const opened = await openSession(model, tryOrder, sessionOptions);
      notes.push(...opened.notes);
      if (!opened.session.inputNames.includes(entry.inputName)) {
        await opened.session.release();
        throw new Error(`model ${entry.id} has no input '${entry.inputName}' (inputs: ${opened.session.inputNames.join(', ')})`);
      }
      return { prepared, session: opened.session, provider: opened.provider };
    };

    let first = await open(true, plan.tryOrder);
    let batchNote: string | null = null;
    if (first.prepared.batch === 'symbolic') {
      try {
        const layout = await probe(first, entry, imageDims, 2);
        return new Embedder(layout, entry.inputName, imageDims, notes, Math.max(1, opts.maxBatch ?? DEFAULT_MAX_BATCH), null);
      } catch (err) {
        batchNote = `batched runs failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); running one image at a time`;
        await first.session.release();
        first = await open(false, plan.tryOrder.slice(plan.tryOrder.indexOf(first.provider)));
      }
    }
    try {
      const layout = await probe(first, entry, imageDims, 1);
      return new Embedder(layout, entry.inputName, imageDims, notes, 1, batchNote);
    } catch (err) {
      await first.session.release();
      throw err;
    }
  }

  /** `input` holds `count` images, NCHW, as written by writeNchw. */
  embed(input: Float32Array, count: number): Promise<Embedding> {
    if (this.closed) return Promise.reject(new Error('embedder is closed'));
    if (!Number.isInteger(count) || count < 0) return Promise.reject(new Error(`bad image count ${count}`));
    if (input.length !== count * this.imageSize) {
      return Promise.reject(new Error(`expected ${count} × ${this.imageDims.join('×')} = ${count * this.imageSize} floats, got ${input.length}`));
    }
    const job = this.queue.then(() => this.runAll(input, count));
    this.queue = job.catch(() => undefined);
    return job;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.session.release();
  }

  private async runAll(input: Float32Array, count: number): Promise<Embedding> {
    const features = new Float32Array(count * this.featureDim);
    const logits = new Float32Array(count * this.classes);
    for (let start = 0; start < count; start += this.maxBatch) {
      const n = Math.min(this.maxBatch, count - start);
      const out = await run(this.session, this.outputs, this.inputName, input.subarray(start * this.imageSize, (start + n) * this.imageSize), [n, ...this.imageDims]);
      features.set(out.features, start * this.featureDim);
      logits.set(out.logits, start * this.classes);
    }
    return { features, logits };
  }
}

/** C, H, W of one image: the published input shape where numeric, else 3 × crop × crop. */
function imageDimsOf(entry: ModelEntry): number[] {
  const crop = entry.preprocess.cropSize;
  const fallback = [3, crop, crop];
  const shape = entry.inputShape.slice(1);
  if (shape.length !== 3) return fallback;
  return shape.map((d, i) => (typeof d === 'number' && d > 0 ? d : fallback[i]));
}

interface RawOutput {
  features: Float32Array;
  logits: Float32Array;
  featureDims: readonly number[];
  logitsDims: readonly number[];
}

async function run(session: ort.InferenceSession, outputs: OutputNames, inputName: string, data: Float32Array, dims: number[], quiet = false): Promise<RawOutput> {
  const feeds = { [inputName]: new ort.Tensor('float32', data, dims) };
  // Probe runs may fail by design (a batch the graph cannot take); that is reported, not logged.
  const options: ort.InferenceSession.RunOptions = quiet ? { logSeverityLevel: 4 } : {};
  const out = await session.run(feeds, [outputs.featureOutput, outputs.logitsOutput], options);
  const f = out[outputs.featureOutput];
  const l = out[outputs.logitsOutput];
  if (f.type !== 'float32' || l.type !== 'float32') throw new Error(`expected float32 outputs, got ${f.type} features and ${l.type} logits`);
  return { features: f.data as Float32Array, logits: l.data as Float32Array, featureDims: f.dims, logitsDims: l.dims };
}

/**
 * One trial run that fixes featureDim/classes and checks the graph does what the surgery meant. With batch 2,
 * the second image must come out as when run alone, which catches a rewritten batch that mixes images.
 */
async function probe(opened: { session: ort.InferenceSession; provider: string; prepared: GraphInfo }, entry: ModelEntry, imageDims: number[], batch: 1 | 2): Promise<Layout> {
  const size = imageDims.reduce((a, b) => a * b, 1);
  const pattern = new Float32Array(size);
  for (let i = 0; i < size; i++) pattern[i] = 1.5 * Math.sin(i * 0.37) + 0.5 * Math.cos(i * 0.011);
  const input = new Float32Array(size * batch);
  input.set(pattern, (batch - 1) * size); // [zeros, pattern] or [pattern]
  const { session, prepared } = opened;
  const out = await run(session, prepared, entry.inputName, input, [batch, ...imageDims], batch > 1);

  if (out.featureDims.length !== 2 || out.featureDims[0] !== batch) throw new Error(`feature output has shape [${out.featureDims}], expected [${batch}, D]`);
  if (out.logitsDims[0] !== batch) throw new Error(`logits output has shape [${out.logitsDims}], expected batch ${batch} first`);
  const featureDim = out.featureDims[1];
  const classes = out.logitsDims.slice(1).reduce((a, b) => a * b, 1);
  if (prepared.featureDim != null && prepared.featureDim !== featureDim) throw new Error(`feature output is ${featureDim} wide but the classifier weight expects ${prepared.featureDim}`);
  if (featureDim !== entry.featureDim) throw new Error(`model ${entry.id}: penultimate layer has ${featureDim} features, the catalog says ${entry.featureDim}`);
  if (classes !== entry.classes) throw new Error(`model ${entry.id}: logits have ${classes} classes, the catalog says ${entry.classes}`);

  if (batch === 2) {
    const alone = await run(session, prepared, entry.inputName, pattern, [1, ...imageDims]);
    assertClose(out.features.subarray(featureDim), alone.features, 'features');
    assertClose(out.logits.subarray(classes), alone.logits, 'logits');
  }
  const outputs = { featureOutput: prepared.featureOutput, logitsOutput: prepared.logitsOutput };
  return { session, provider: opened.provider, outputs, featureDim, classes };
}

function assertClose(a: Float32Array, b: Float32Array, what: string): void {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  const tol = 1e-3 * (1 + scale);
  for (let i = 0; i < b.length; i++) {
    if (!(Math.abs(a[i] - b[i]) <= tol)) throw new Error(`batched ${what} differ from single-image ${what} (index ${i}: ${a[i]} vs ${b[i]})`);
  }
}
