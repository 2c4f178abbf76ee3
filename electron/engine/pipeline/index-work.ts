// The part of an indexing run that reads, recognizes, decodes and embeds the files the scan found changed.
// Decoding (libuv threads) and inference (a worker thread) overlap through a bounded queue; each batch is
// committed in one transaction, so a cancelled or killed run leaves a consistent index.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sniff, SNIFF_BYTES } from '../scan/sniff';
import { decodePhoto, DecodeError, type DecodedPhoto, type DecodeOptions } from '../decode/decode';
import { writeCropTensor } from '../decode/tensor';
import { WorkerEmbedder } from '../embed/worker-embedder';
import { topClasses } from '../embed/classes';
import { Library, type ContentInfo, type EmbeddingInput, type FileRow } from '../library/library';
import { preparedModelsDirs, thumbnailPath } from '../paths';
import type { ModelEntry, ProgressListener, ScannedFile } from '../types';
import { BoundedQueue } from './bounded-queue';
import { ByteBudget } from './byte-budget';
import { ReadBuffers } from './read-buffers';
import { ProgressMeter } from './progress-meter';
import type { IndexOptions } from './index-folder';
import { makeDirs } from '../make-dirs';

const MAX_PIXELS = 200_000_000; // ~200 MP: larger than any camera, smaller than a decompression bomb
const MAX_FILE_BYTES = 1024 * 1024 * 1024; // a "photo" over 1 GiB is not something a person wants grouped
const THUMB_SIZE = 256;
const FILE_BYTES_IN_FLIGHT = 256 * 1024 * 1024;

/**
 * Files read and decoded at once by default: twice the cores plus one, since each file also spends time being read,
 * hashed and waiting for a libuv thread, and the decoder's threads must never wait for the next file (with cores + 1
 * in flight, a first index of 12 MP photos took 2% longer). The bench's sharp floor keeps as many.
 */
export function filesInFlight(): number {
  return 2 * os.availableParallelism() + 1;
}

/** How indexing decodes a photo (the bench's measure of the per-photo work uses the same). */
export function indexDecodeOptions(heifThumbnails?: boolean): DecodeOptions {
  return { thumbSize: THUMB_SIZE, maxPixels: MAX_PIXELS, heifThumbnails };
}

/** A decoded photo waiting for inference. */
interface Decoded {
  file: ScannedFile;
  hash: string;
  photo: DecodedPhoto;
}

/** The part of a run that reads, decodes and embeds changed files, with its own counters. */
export class IndexWork {
  embedder: WorkerEmbedder | null = null;
  modelLoadSeconds = 0;
  recognized = 0;
  embeddedCount = 0;
  private embedderLoading: Promise<WorkerEmbedder> | null = null;
  private done = 0;
  /** Bytes of files read but not yet decoded, across the concurrent decoders. */
  private readonly budget = new ByteBudget(FILE_BYTES_IN_FLIGHT);
  /** The memory files are read into, one buffer per file in flight, reused. */
  private readonly buffers = new ReadBuffers(filesInFlight());
  /** Input tensors the worker handed back, written again by later batches (at most the two batches in flight). */
  private readonly spareInputs: Float32Array[] = [];
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
    private readonly modelPath: string,
  ) {
    this.meter = new ProgressMeter('index', 0, undefined, opts.progressIntervalMs);
    this.batchSize = Math.max(1, opts.batchSize ?? (entry.bytes > 200 * 1024 * 1024 ? 4 : 16));
  }

  async run(todo: ScannedFile[]): Promise<void> {
    if (todo.length === 0) return;
    this.meter.total = todo.length;
    this.progress(true);
    const queue = new BoundedQueue<Decoded>(this.batchSize * 3);
    const signal = this.opts.signal;
    const concurrency = Math.max(1, this.opts.decodeConcurrency ?? filesInFlight());
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
    await this.budget.acquire(file.size);
    try {
      return await this.readAndDecode(file, skip);
    } finally {
      this.budget.release(file.size);
    }
  }

  private async readAndDecode(file: ScannedFile, skip: (reason: string, hash?: string | null) => null): Promise<Decoded | null> {
    let bytes: Buffer;
    let hash: string;
    try {
      const read = await readIfImage(file.absPath, file.size, this.buffers);
      if (typeof read === 'string') return skip(read);
      ({ bytes, hash } = read);
    } catch (err) {
      return skip(readFailure(err));
    }
    try {
      return await this.recognizeOrDecode(file, bytes, hash, skip);
    } finally {
      this.buffers.give(bytes); // nothing reads the bytes once the decode is done
    }
  }

  private async recognizeOrDecode(file: ScannedFile, bytes: Buffer, hash: string, skip: (reason: string, hash?: string | null) => null): Promise<Decoded | null> {
    if (bytes.length === 0) return skip('empty file');
    if (this.embedded.has(hash) && this.lib.content(hash)) {
      this.lib.commit(this.folderId, this.entry.id, { files: [{ path: file.path, size: file.size, mtimeMs: file.mtimeMs, hash, status: 'photo', reason: null }] });
      this.recognized++;
      this.advance();
      return null;
    }
    // New content needs the network: start loading it now so that it is ready when the first batch is.
    this.loadEmbedder().catch(() => undefined); // the failure surfaces where the batch awaits it
    try {
      const photo = await decodePhoto(bytes, this.entry.preprocess, indexDecodeOptions(this.opts.heifThumbnails));
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
    const input = this.inputFor(per, batch.length);
    batch.forEach((d, i) => writeCropTensor(d.photo.crop, spec, input, i * per));
    // Thumbnails are written while the network runs; both must be done before the batch's rows are committed.
    const [{ features, logits, input: spent }] = await Promise.all([embedder.embed(input, batch.length), Promise.all(batch.map((d) => this.writeThumbnail(d)))]);
    this.spareInputs.push(new Float32Array(spent.buffer));
    const dim = embedder.featureDim;
    const classes = embedder.classes;
    const contents: ContentInfo[] = [];
    const embeddings: EmbeddingInput[] = [];
    const files: FileRow[] = [];
    batch.forEach((d, i) => {
      contents.push({ hash: d.hash, width: d.photo.width, height: d.photo.height, format: d.photo.format, signature: d.photo.signature });
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

  /** Room for `count` images of `per` floats, on the memory of an earlier batch where the worker handed one back. */
  private inputFor(per: number, count: number): Float32Array {
    const spare = this.spareInputs.pop();
    const memory = spare && spare.length >= per * count ? spare : new Float32Array(per * Math.max(count, this.batchSize));
    return memory.subarray(0, per * count);
  }

  async close(): Promise<void> {
    const loading = this.embedderLoading;
    if (loading) await loading.then((e) => e.close(), () => undefined);
  }

  /**
   * Starts loading the model now, before any photo asks for it: on a folder's first index every photo will, and the
   * load (a worker thread, onnxruntime, the session) then runs on the other core while this one scans.
   */
  preloadEmbedder(): void {
    this.loadEmbedder().catch(() => undefined); // a failure surfaces where a batch awaits it, if any photo needs it
  }

  private loadEmbedder(): Promise<WorkerEmbedder> {
    this.embedderLoading ??= (async () => {
      const t = performance.now();
      const options = { provider: this.opts.provider ?? 'auto', threads: this.opts.inferenceThreads ?? os.availableParallelism(), cacheDirs: preparedModelsDirs(this.dataDir) };
      this.embedder = await WorkerEmbedder.load(this.modelPath, this.entry, options, this.opts.signal);
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
      await makeDirs(dir);
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

/** Bytes of a file read (and hashed) at a time: a chunk's SHA-256 takes about 2 ms of this thread. */
const READ_CHUNK = 4 * 1024 * 1024;

/**
 * Reads a file whole, with its SHA-256, when its first bytes say it is an image, else returns why it is not one: a
 * video or an archive costs one small read, not gigabytes. One open for both reads. Each chunk is hashed as it
 * arrives, on this thread: handing the whole file to WebCrypto instead would copy it first, which cost more than
 * the hashing gained from running on libuv's threads, and a chunk never stalls the decoders' dispatch for long.
 * With `buffers`, the bytes are read into memory taken from them, for the caller to give back when done.
 */
export async function readIfImage(absPath: string, size: number, buffers?: ReadBuffers): Promise<{ bytes: Buffer; hash: string } | string> {
  const fh = await fs.promises.open(absPath, 'r');
  try {
    const head = Buffer.allocUnsafe(Math.min(size, SNIFF_BYTES));
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    const kind = sniff(head.subarray(0, bytesRead), size);
    if (!kind.image) return kind.reason;
    const buf = buffers ? buffers.take(size) : Buffer.allocUnsafe(size);
    try {
      head.copy(buf, 0, 0, bytesRead);
      const sha = createHash('sha256').update(head.subarray(0, bytesRead));
      let filled = bytesRead;
      while (filled < size) {
        const { bytesRead: n } = await fh.read(buf, filled, Math.min(READ_CHUNK, size - filled), filled);
        if (n === 0) break; // the file shrank since the scan: decode what is there, truncation will show
        sha.update(buf.subarray(filled, filled + n));
        filled += n;
      }
      return { bytes: filled === size ? buf : buf.subarray(0, filled), hash: sha.digest('hex') };
    } catch (err) {
      buffers?.give(buf);
      throw err;
    }
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

export function emit(listener: ProgressListener | undefined, p: ReturnType<ProgressMeter['update']>): void {
  if (listener && p) listener(p);
}

function round4(x: number): number {
  return Math.round(x * 10000) / 10000;
}
