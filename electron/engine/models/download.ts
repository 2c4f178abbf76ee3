// Downloads a model file into the models dir: resumable (<file>.part + HTTP Range), retried when the
// connection drops, redirect-following, sha256-checked while streaming, and moved into place atomically.
import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ModelEntry, Progress } from '../types';
import { makeDirs } from '../make-dirs';

export interface DownloadOptions {
  /** Fetch from here instead of entry.url (mirrors, tests). */
  url?: string;
  /** Aborting leaves <file>.part in place so a later call resumes from it. */
  signal?: AbortSignal;
  /** stage 'download'; done/total in bytes; rate in bytes/s. */
  onProgress?: (p: Progress) => void;
  /** Retries after failed attempts in a row; an attempt that received data resets the count. Default 5. */
  retries?: number;
}

/** The downloaded bytes are not the catalog's file (wrong sha256 or size). Nothing is left on disk. */
export class ModelChecksumError extends Error {
  override readonly name = 'ModelChecksumError';
  constructor(readonly expected: string, readonly actual: string) {
    super(`downloaded file does not match its checksum: expected ${expected}, got ${actual}`);
  }
}

/** The server refused the file (HTTP error, bad redirect) or the network kept failing. */
export class ModelDownloadError extends Error {
  override readonly name = 'ModelDownloadError';
  constructor(message: string, readonly status?: number, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A failure worth retrying: dropped connection, timeout, 5xx... */
class TransientError extends Error {
  override readonly name = 'TransientError';
}

const DEFAULT_RETRIES = 5;
const MAX_REDIRECTS = 10;
const IDLE_TIMEOUT_MS = 30_000;
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 10_000;
const HEADERS = { 'user-agent': 'Likeness model downloader', 'accept-encoding': 'identity' };

export async function downloadModel(entry: ModelEntry, modelsDir: string, opts: DownloadOptions = {}): Promise<string> {
  const { signal } = opts;
  const url = opts.url ?? entry.url;
  const retries = opts.retries ?? DEFAULT_RETRIES;
  signal?.throwIfAborted();
  await makeDirs(modelsDir);
  const finalPath = path.join(modelsDir, entry.file);
  const partPath = `${finalPath}.part`;

  const part = await PartFile.open(partPath, entry.bytes, signal);
  const meter = new Meter(entry.bytes, entry.file, opts.onProgress);
  try {
    meter.report(part.size, true);
    let failures = 0;
    while (part.size < entry.bytes) {
      const before = part.size;
      try {
        await fetchInto(url, entry, part, meter, signal);
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        if (!(err instanceof TransientError)) throw err;
        if (part.size > before) failures = 0;
        if (failures >= retries) {
          const tries = failures + 1;
          throw new ModelDownloadError(`could not download ${entry.file} from ${url} (${tries} ${tries === 1 ? 'attempt' : 'attempts'}): ${err.message}`, undefined, { cause: err });
        }
        // Exponential backoff, with jitter so many clients do not retry in step.
        const wait = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** failures) * (0.75 + Math.random() * 0.5);
        failures++;
        await sleep(wait, undefined, { signal }).catch(() => {
          throw signal?.reason;
        });
      }
    }
    const actual = await part.finish();
    if (actual !== entry.sha256) throw new ModelChecksumError(entry.sha256, actual);
    await fsp.rename(partPath, finalPath);
    await syncDir(modelsDir);
    meter.report(part.size, true);
    return finalPath;
  } catch (err) {
    await part.close();
    // A wrong file is useless for resuming: leave nothing behind. Anything else keeps the .part.
    if (err instanceof ModelChecksumError) await fsp.rm(partPath, { force: true });
    throw err;
  }
}

/** One GET (following redirects) that appends what it receives to `part`. Throws TransientError for retryable trouble. */
async function fetchInto(url: string, entry: ModelEntry, part: PartFile, meter: Meter, signal?: AbortSignal): Promise<void> {
  const offset = part.size;
  const headers: Record<string, string> = { ...HEADERS };
  if (offset > 0) headers.range = `bytes=${offset}-`;
  const res = await getFollowingRedirects(url, headers, signal);
  try {
    const status = res.statusCode ?? 0;
    if (status === 206) {
      const range = parseContentRange(res.headers['content-range']);
      if (range && range.total !== null && range.total !== entry.bytes) throw new ModelChecksumError(`${entry.bytes} bytes`, `${range.total} bytes`);
      if (!range || range.start !== offset) {
        await part.reset();
        throw new TransientError(`server answered a different range (${res.headers['content-range'] ?? 'none'}); starting over`);
      }
    } else if (status === 200) {
      // The server ignored our Range (or there was none): the whole file follows.
      if (offset > 0) await part.reset();
      const length = Number(res.headers['content-length']);
      if (res.headers['content-length'] !== undefined && length !== entry.bytes) throw new ModelChecksumError(`${entry.bytes} bytes`, `${length} bytes`);
    } else if (status === 416) {
      // Our partial file no longer fits what the server has.
      await part.reset();
      throw new TransientError('server refused to resume (HTTP 416); starting over');
    } else if (status === 408 || status === 429 || status >= 500) {
      throw new TransientError(`HTTP ${status} from ${url}`);
    } else {
      throw new ModelDownloadError(`could not download ${entry.file}: HTTP ${status} ${res.statusMessage ?? ''} from ${url}`.trim(), status);
    }
    meter.restartIfBelow(part.size);

    for await (const chunk of networkChunks(res)) {
      if (part.size + chunk.length > entry.bytes) throw new ModelChecksumError(`${entry.bytes} bytes`, `more than ${entry.bytes} bytes`);
      await part.append(chunk);
      meter.report(part.size);
    }
    if (part.size < entry.bytes) throw new TransientError(`connection closed after ${part.size} of ${entry.bytes} bytes`);
  } finally {
    if (!res.complete) res.destroy();
  }
}

/** The body's chunks; errors of the connection itself become retryable. */
async function* networkChunks(res: http.IncomingMessage): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of res) yield chunk as Buffer;
  } catch (err) {
    throw new TransientError(`connection lost: ${(err as Error).message}`, { cause: err });
  }
}

async function getFollowingRedirects(start: string, headers: Record<string, string>, signal?: AbortSignal): Promise<http.IncomingMessage> {
  let url = new URL(start);
  for (let hop = 0; ; hop++) {
    const res = await get(url, headers, signal);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (![301, 302, 303, 307, 308].includes(status) || !location) return res;
    res.resume(); // drain the redirect body so the socket can be reused
    if (hop >= MAX_REDIRECTS) throw new ModelDownloadError(`too many redirects downloading ${start}`, status);
    url = new URL(location, url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ModelDownloadError(`refusing redirect to ${url.protocol} URL from ${start}`, status);
  }
}

function get(url: URL, headers: Record<string, string>, signal?: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (!client) return reject(new ModelDownloadError(`unsupported URL ${url.href}`));
    const req = client.get(url, { headers, signal }, (res) => {
      // Errors surface through the body iterator; this keeps one between reads from being "unhandled".
      res.on('error', () => {});
      resolve(res);
    });
    req.on('error', (err) => reject(signal?.aborted ? signal.reason : new TransientError(networkProblem(url.host, err), { cause: err })));
    // A stalled connection would otherwise hang forever; this covers the body too (socket idle time).
    req.setTimeout(IDLE_TIMEOUT_MS, () => req.destroy(new Error(`no data for ${IDLE_TIMEOUT_MS / 1000} s`)));
  });
}

/** A failed connection in a person's words, the system's code kept for whoever needs it ("getaddrinfo ENOTFOUND"). */
export function networkProblem(host: string, err: Error): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${host} could not be found: is this computer offline? (${code})`;
  if (code === 'ECONNREFUSED') return `${host} refused the connection (${code})`;
  if (code === 'ETIMEDOUT' || code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return `${host} could not be reached (${code})`;
  if (code === 'ECONNRESET') return `the connection to ${host} was cut (${code})`;
  if (/CERT|^UNABLE_TO_(GET|VERIFY)|SELF_SIGNED/.test(code)) return `${host}'s certificate could not be trusted (${code}): a proxy or the system clock may be at fault`;
  // Node 20 reports a failure on every address tried as an AggregateError, whose own message is empty.
  return `${host}: ${err.message || code || 'the connection failed'}`;
}

/** "bytes 100-199/5000" → start and total (null when "*"). */
function parseContentRange(value: string | undefined): { start: number; total: number | null } | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (!m) return null;
  return { start: Number(m[1]), total: m[3] === '*' ? null : Number(m[3]) };
}

/** <file>.part with a running sha256 of exactly the bytes it holds. */
class PartFile {
  private closed = false;
  private constructor(private readonly fh: fsp.FileHandle, private hash: Hash, public size: number) {}

  /** Opens (or creates) the part file and hashes what is already there, so resuming needs no second pass. */
  static async open(file: string, expectedBytes: number, signal?: AbortSignal): Promise<PartFile> {
    const fh = await fsp.open(file, fs.constants.O_RDWR | fs.constants.O_CREAT);
    try {
      const part = new PartFile(fh, createHash('sha256'), 0);
      const existing = (await fh.stat()).size;
      // Longer than the real file: not something we can resume.
      if (existing > expectedBytes) await part.reset();
      else await part.hashExisting(existing, signal);
      return part;
    } catch (err) {
      await fh.close();
      throw err;
    }
  }

  private async hashExisting(length: number, signal?: AbortSignal): Promise<void> {
    const buf = Buffer.allocUnsafe(1 << 20);
    while (this.size < length) {
      signal?.throwIfAborted();
      const { bytesRead } = await this.fh.read(buf, 0, Math.min(buf.length, length - this.size), this.size);
      if (bytesRead === 0) break;
      this.hash.update(buf.subarray(0, bytesRead));
      this.size += bytesRead;
    }
  }

  /** Writes, then hashes: the hash never covers bytes that are not on disk. */
  async append(chunk: Buffer): Promise<void> {
    let written = 0;
    while (written < chunk.length) {
      const r = await this.fh.write(chunk, written, chunk.length - written, this.size + written);
      written += r.bytesWritten;
    }
    this.hash.update(chunk);
    this.size += chunk.length;
  }

  async reset(): Promise<void> {
    await this.fh.truncate(0);
    this.hash = createHash('sha256');
    this.size = 0;
  }

  /** Flushes to disk, closes, and returns the hex sha256. */
  async finish(): Promise<string> {
    await this.fh.sync();
    await this.close();
    return this.hash.digest('hex');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.fh.close();
  }
}

/** Turns byte counts into throttled Progress events with a rate over the last few seconds. */
class Meter {
  private samples: Array<{ t: number; done: number }> = [];
  private lastAt = -Infinity;
  private lastDone = -1;
  private readonly step: number;

  constructor(private readonly total: number, private readonly detail: string, private readonly listener?: (p: Progress) => void) {
    // Enough events for a smooth bar without flooding the UI on a fast link.
    this.step = Math.max(256 * 1024, Math.floor(total / 100));
  }

  /** After the part file was reset, the rate window must not mix old and new counts. */
  restartIfBelow(done: number): void {
    if (this.samples.length && done < this.samples[this.samples.length - 1].done) {
      this.samples = [];
      this.lastDone = -1;
    }
  }

  report(done: number, force = false): void {
    if (!this.listener) return;
    const now = performance.now();
    // Forced reports (start, end) still skip an exact repeat, so `done` only ever moves on.
    if (done === this.lastDone || (!force && done - this.lastDone < this.step && now - this.lastAt < 250)) return;
    this.samples.push({ t: now, done });
    while (this.samples.length > 2 && now - this.samples[1].t > 5000) this.samples.shift();
    const first = this.samples[0];
    const seconds = (now - first.t) / 1000;
    const rate = seconds > 0 ? Math.max(0, (done - first.done) / seconds) : 0;
    this.lastAt = now;
    this.lastDone = done;
    this.listener({
      stage: 'download',
      done,
      total: this.total,
      rate,
      etaSeconds: rate > 0 ? (this.total - done) / rate : done >= this.total ? 0 : null,
      detail: this.detail,
    });
  }
}

/** Makes the rename itself durable; not possible (nor needed) on Windows. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(dir, 'r');
    await fh.sync();
  } catch {
    // Best effort: some file systems refuse fsync on directories.
  } finally {
    await fh?.close();
  }
}
