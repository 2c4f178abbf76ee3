// Indexing a folder: scan → decide what changed against the library → decode (concurrently) → embed (in batches)
// → store. Decoding and inference overlap through a bounded queue; every batch is committed in one transaction,
// so a cancelled or killed run leaves a consistent index and the next run picks up where this one stopped.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { walkFolder } from '../scan/walk';
import { sniff, SNIFF_BYTES } from '../scan/sniff';
import { decodePhoto, DecodeError, type DecodedPhoto } from '../decode/decode';
import { writeCropTensor } from '../decode/tensor';
import { WorkerEmbedder } from '../embed/worker-embedder';
import { topClasses } from '../embed/classes';
import { DEFAULT_MODEL_ID, getModel } from '../models/catalog';
import { ensureModel } from '../models/locate';
import { Library, type ContentInfo, type EmbeddingInput, type FileRow } from '../library/library';
import { resolveDataDir, resolveModelsDir, thumbnailPath } from '../paths';
import type { ModelEntry, ProgressListener, ProviderChoice, ScannedFile, SkippedFile } from '../types';
import { BoundedQueue } from './bounded-queue';
import { ProgressMeter } from './progress-meter';

export interface IndexOptions {
  folder: string;
  modelId?: string;
  /** A model entry not in the catalog (benchmarks, custom models); takes precedence over modelId. */
  model?: ModelEntry;
  provider?: ProviderChoice;
  modelsDir?: string;
  dataDir?: string;
  /** Download the model when it is not in the models directory (default true). */
  allowDownload?: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Images per inference batch (default 16; 4 for models over 200 MB, whose activations are large). */
  batchSize?: number;
  /** Files decoded at once (default: number of cores + 1, so that reading and hashing never leave a core idle). */
  decodeConcurrency?: number;
  /** onnxruntime intra-op threads (default: see defaultInferenceThreads). */
  inferenceThreads?: number;
}

export interface IndexSummary {
  /** Absolute real path of the folder, the key of its index. */
  folder: string;
  folderId: number;
  dataDir: string;
  model: { id: string; name: string; featureDim: number | null; provider: string | null; providerNotes: string[] };
  counts: {
    /** Files seen by the scan (photos and skipped files, system files excluded). */
    files: number;
    photos: number;
    skipped: number;
    /** Files whose size and mtime matched the index: not even read. */
    unchanged: number;
    /** Files read whose content was already known (renamed, moved, copied, touched): not decoded again. */
    recognized: number;
    /** Photos decoded and run through the network in this run. */
    embedded: number;
    removed: number;
  };
  /** embedSeconds includes modelLoadSeconds (0 when the model was not needed), which overlaps decoding. */
  timings: { scanSeconds: number; embedSeconds: number; modelLoadSeconds: number; totalSeconds: number };
}

export const MAX_PIXELS = 200_000_000; // ~200 MP: larger than any camera, smaller than a decompression bomb
const MAX_FILE_BYTES = 1024 * 1024 * 1024; // a "photo" over 1 GiB is not something a person wants grouped
const THUMB_SIZE = 256;

/** A decoded photo waiting for inference. */
interface Decoded {
  file: ScannedFile;
  hash: string;
  photo: DecodedPhoto;
}

export async function indexFolder(opts: IndexOptions): Promise<IndexSummary> {
  const t0 = performance.now();
  const signal = opts.signal;
  signal?.throwIfAborted();
  const root = await resolveFolder(opts.folder);
  const entry = opts.model ?? getModel(opts.modelId ?? DEFAULT_MODEL_ID);
  const dataDir = resolveDataDir(opts);
  const modelsDir = resolveModelsDir(opts);
  const lib = Library.open(dataDir);
  try {
    const folderId = lib.folderId(root);
    const known = lib.fileMap(folderId);
    const embedded = lib.embeddedHashes(entry.id);

    // 1. Scan: stat only. A file whose size and mtime match its row, and whose content has features, is done.
    const scanMeter = new ProgressMeter('scan', null);
    const seen = new Set<string>();
    const todo: ScannedFile[] = [];
    const walkErrors: SkippedFile[] = [];
    let unchanged = 0;
    for await (const file of walkFolder(root, { signal, onError: (p, reason) => walkErrors.push({ path: p, reason }) })) {
      seen.add(file.path);
      const row = known.get(file.path);
      if (row && row.size === file.size && row.mtimeMs === file.mtimeMs && (row.status === 'skipped' || (row.hash !== null && embedded.has(row.hash)))) {
        unchanged++;
      } else {
        todo.push(file);
      }
      emit(opts.onProgress, scanMeter.update(seen.size, performance.now()));
    }
    emit(opts.onProgress, scanMeter.update(seen.size, performance.now(), true));
    const unreadable = new Set(walkErrors.map((e) => e.path));
    const removed = [...known.keys()].filter((p) => !seen.has(p) && !unreadable.has(p));
    const walkRows: FileRow[] = walkErrors.map((e) => ({ path: e.path, size: 0, mtimeMs: 0, hash: null, status: 'skipped', reason: e.reason }));
    lib.commit(folderId, entry.id, { removed, files: walkRows });
    const scanSeconds = (performance.now() - t0) / 1000;

    // 2. Read, recognize, decode and embed what changed.
    const work = new IndexWork(lib, folderId, entry, dataDir, embedded, opts, () => ensureModel(entry, { modelsDir, dataDir, allowDownload: opts.allowDownload ?? true, signal, onProgress: opts.onProgress }));
    const tEmbed = performance.now();
    try {
      await work.run(todo);
    } finally {
      await work.close();
    }
    lib.markIndexed(folderId);

    const counts = countRows(lib.fileMap(folderId));
    return {
      folder: root,
      folderId,
      dataDir,
      model: {
        id: entry.id,
        name: entry.name,
        featureDim: work.embedder?.featureDim ?? entry.featureDim,
        provider: work.embedder?.provider ?? null,
        providerNotes: work.embedder?.providerNotes ?? [],
      },
      counts: { files: seen.size + walkErrors.length, ...counts, unchanged, recognized: work.recognized, embedded: work.embeddedCount, removed: removed.length },
      timings: { scanSeconds, embedSeconds: (performance.now() - tEmbed) / 1000, modelLoadSeconds: work.modelLoadSeconds, totalSeconds: (performance.now() - t0) / 1000 },
    };
  } finally {
    lib.close();
  }
}

/** The part of a run that reads, decodes and embeds changed files, with its own counters. */
class IndexWork {
  embedder: WorkerEmbedder | null = null;
  modelLoadSeconds = 0;
  recognized = 0;
  embeddedCount = 0;
  private embedderLoading: Promise<WorkerEmbedder> | null = null;
  private done = 0;
  /** Thumbnail shard folders known to exist (256 at most), to save a mkdir per photo. */
  private readonly thumbDirs = new Set<string>();
  private readonly meter: ProgressMeter;
  private readonly batchSize: number;

  constructor(
    private readonly lib: Library,
    private readonly folderId: number,
    private readonly entry: ModelEntry,
    private readonly dataDir: string,
    private readonly embedded: Set<string>,
    private readonly opts: IndexOptions,
    private readonly locateModel: () => Promise<string>,
  ) {
    this.meter = new ProgressMeter('index', 0);
    this.batchSize = Math.max(1, opts.batchSize ?? (entry.bytes > 200 * 1024 * 1024 ? 4 : 16));
  }

  async run(todo: ScannedFile[]): Promise<void> {
    if (todo.length === 0) return;
    this.meter.total = todo.length;
    this.progress(true);
    const queue = new BoundedQueue<Decoded>(this.batchSize * 3);
    const signal = this.opts.signal;
    const concurrency = Math.max(1, this.opts.decodeConcurrency ?? os.availableParallelism() + 1);
    let next = 0;
    let failure: unknown = null;

    const producer = async () => {
      while (next < todo.length && failure === null && !signal?.aborted) {
        const file = todo[next++];
        try {
          const decoded = await this.prepare(file);
          if (decoded) await queue.push(decoded);
        } catch (err) {
          failure ??= err;
        }
      }
    };
    const producers = Promise.all(Array.from({ length: concurrency }, producer)).finally(() => queue.close());

    // Two batches in flight: while the network runs one, the next is laid out and queued behind it,
    // so inference never waits on this thread.
    const inflight = new Set<Promise<void>>();
    const consumer = async () => {
      for (;;) {
        const batch = await queue.take(this.batchSize);
        if (batch.length === 0) break;
        if (failure !== null || signal?.aborted) continue; // drain so producers never wait on a full queue
        const job: Promise<void> = this.embedBatch(batch)
          .catch((err: unknown) => {
            failure ??= err;
          })
          .finally(() => inflight.delete(job));
        inflight.add(job);
        if (inflight.size >= 2) await Promise.race(inflight);
      }
      await Promise.all(inflight);
    };
    await Promise.all([producers, consumer()]);
    if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
    if (failure !== null) throw failure;
  }

  /** Reads one file; records it directly when it is not a photo or its content is known, else decodes it. */
  private async prepare(file: ScannedFile): Promise<Decoded | null> {
    const skip = (reason: string, hash: string | null = null) => {
      this.lib.commit(this.folderId, this.entry.id, { files: [{ path: file.path, size: file.size, mtimeMs: file.mtimeMs, hash, status: 'skipped', reason }] });
      this.advance();
      return null;
    };
    if (file.size === 0) return skip('empty file');
    if (file.size > MAX_FILE_BYTES) return skip(`file is too large (${Math.round(file.size / 1048576)} MB)`);
    let bytes: Buffer;
    try {
      const read = await readIfImage(file.absPath, file.size);
      if (typeof read === 'string') return skip(read);
      bytes = read;
    } catch (err) {
      return skip(readFailure(err));
    }
    if (bytes.length === 0) return skip('empty file');
    const hash = createHash('sha256').update(bytes).digest('hex');
    if (this.embedded.has(hash) && this.lib.content(hash)) {
      this.lib.commit(this.folderId, this.entry.id, { files: [{ path: file.path, size: file.size, mtimeMs: file.mtimeMs, hash, status: 'photo', reason: null }] });
      this.recognized++;
      this.advance();
      return null;
    }
    // New content needs the network: start loading it now so that it is ready when the first batch is.
    this.loadEmbedder().catch(() => undefined); // the failure surfaces where the batch awaits it
    try {
      const photo = await decodePhoto(bytes, this.entry.preprocess, { thumbSize: THUMB_SIZE, maxPixels: MAX_PIXELS });
      return { file, hash, photo };
    } catch (err) {
      if (err instanceof DecodeError) return skip(err.reason, hash);
      throw err;
    }
  }

  private async embedBatch(batch: Decoded[]): Promise<void> {
    const embedder = await this.loadEmbedder();
    const spec = this.entry.preprocess;
    const per = 3 * spec.cropSize * spec.cropSize;
    const input = new Float32Array(per * batch.length);
    batch.forEach((d, i) => writeCropTensor(d.photo.crop, spec, input, i * per));
    // Thumbnails are written while the network runs; both must be done before the batch's rows are committed.
    const [{ features, logits }] = await Promise.all([embedder.embed(input, batch.length), Promise.all(batch.map((d) => this.writeThumbnail(d)))]);
    const dim = embedder.featureDim;
    const classes = embedder.classes;
    const contents: ContentInfo[] = [];
    const embeddings: EmbeddingInput[] = [];
    const files: FileRow[] = [];
    batch.forEach((d, i) => {
      contents.push({ hash: d.hash, width: d.photo.width, height: d.photo.height, format: d.photo.format });
      embeddings.push({
        hash: d.hash,
        features: features.subarray(i * dim, (i + 1) * dim),
        top: topClasses(logits.subarray(i * classes, (i + 1) * classes), 5, this.entry.outputIsProbability).map(([c, p]) => [c, round4(p)] as [number, number]),
      });
      files.push({ path: d.file.path, size: d.file.size, mtimeMs: d.file.mtimeMs, hash: d.hash, status: 'photo', reason: null });
    });
    this.lib.commit(this.folderId, this.entry.id, { contents, embeddings, files });
    for (const d of batch) this.embedded.add(d.hash);
    this.embeddedCount += batch.length;
    this.advance(batch.length);
  }

  async close(): Promise<void> {
    const loading = this.embedderLoading;
    if (loading) await loading.then((e) => e.close(), () => undefined);
  }

  private loadEmbedder(): Promise<WorkerEmbedder> {
    this.embedderLoading ??= (async () => {
      const modelPath = await this.locateModel();
      const t = performance.now();
      this.embedder = await WorkerEmbedder.load(modelPath, this.entry, { provider: this.opts.provider ?? 'auto', threads: this.opts.inferenceThreads ?? os.availableParallelism() });
      this.modelLoadSeconds = (performance.now() - t) / 1000;
      return this.embedder;
    })();
    return this.embedderLoading;
  }

  private async writeThumbnail(d: Decoded): Promise<void> {
    const target = thumbnailPath(this.dataDir, d.hash);
    if (fs.existsSync(target)) return;
    const dir = path.dirname(target);
    if (!this.thumbDirs.has(dir)) {
      await fs.promises.mkdir(dir, { recursive: true });
      this.thumbDirs.add(dir);
    }
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fs.promises.writeFile(tmp, d.photo.thumbnail);
    await fs.promises.rename(tmp, target); // readers never see half a thumbnail
  }

  private advance(n = 1): void {
    this.done += n;
    this.progress();
  }

  private progress(force = false): void {
    emit(this.opts.onProgress, this.meter.update(this.done, performance.now(), force));
  }
}

async function resolveFolder(folder: string): Promise<string> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(folder);
  } catch {
    throw new FolderError(`folder not found: ${folder}`);
  }
  if (!stat.isDirectory()) throw new FolderError(`not a folder: ${folder}`);
  return fs.promises.realpath(folder);
}

export class FolderError extends Error {}

/**
 * Reads a file whole when its first bytes say it is an image, else returns why it is not one: a video or an
 * archive costs one small read, not gigabytes. One open for both reads.
 */
async function readIfImage(absPath: string, size: number): Promise<Buffer | string> {
  const fh = await fs.promises.open(absPath, 'r');
  try {
    const head = Buffer.allocUnsafe(Math.min(size, SNIFF_BYTES));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const kind = sniff(head.subarray(0, bytesRead), size);
    if (!kind.image) return kind.reason;
    const buf = Buffer.allocUnsafe(size);
    head.copy(buf, 0, 0, bytesRead);
    let filled = bytesRead;
    while (filled < size) {
      const { bytesRead: n } = await fh.read(buf, filled, size - filled, filled);
      if (n === 0) break; // the file shrank since the scan: decode what is there, truncation will show
      filled += n;
    }
    return filled === size ? buf : buf.subarray(0, filled);
  } finally {
    await fh.close();
  }
}

function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'file cannot be read (permission denied)';
  if (code === 'ENOENT') return 'file disappeared while indexing';
  if (code === 'EISDIR') return 'not a file';
  return `file cannot be read (${code ?? (err as Error).message})`;
}

function countRows(rows: Map<string, FileRow>): { photos: number; skipped: number } {
  let photos = 0;
  let skipped = 0;
  for (const r of rows.values()) r.status === 'photo' ? photos++ : skipped++;
  return { photos, skipped };
}

function emit(listener: ProgressListener | undefined, p: ReturnType<ProgressMeter['update']>): void {
  if (listener && p) listener(p);
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
