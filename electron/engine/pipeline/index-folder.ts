// Indexing a folder: scan → decide what changed against the library → decode (concurrently) → embed (in batches)
// → store. Decoding and inference overlap through a bounded queue; every batch is committed in one transaction,
// so a cancelled or killed run leaves a consistent index and the next run picks up where this one stopped.
import * as fs from 'node:fs';
import { walkFolder } from '../scan/walk';
import { planProviders } from '../embed/providers';
import { DEFAULT_MODEL_ID, getModel } from '../models/catalog';
import { ensureModel } from '../models/locate';
import { Library, type FileRow } from '../library/library';
import { resolveDataDir, resolveModelsDir, thumbnailPath } from '../paths';
import type { ModelEntry, ProgressListener, ProviderChoice, ScannedFile, SkippedFile } from '../types';
import type { RecoveryNote } from '../../ipc/contract';
import { realFs } from '../organize/file-ops';
import { Journal } from '../organize/journal';
import { recoverJournal } from '../organize/recover';
import { findCompanions, mayStandAlone } from '../scan/companions';
import { isVideoReason } from '../scan/sniff';

export { isVideoReason };
import { emit, IndexWork } from './index-work';
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
  /** Least time between two progress events (default 100 ms, what a UI needs; 0 reports every step). */
  progressIntervalMs?: number;
  /** Images per inference batch (default 16; 4 for models over 200 MB, whose activations are large). */
  batchSize?: number;
  /** Files in flight at once (default: filesInFlight() in index-work.ts, which says why). */
  decodeConcurrency?: number;
  /** onnxruntime intra-op threads (default: the number of cores). */
  inferenceThreads?: number;
  /** Index a HEIC from its thumbnail item when that covers the network's input (default true; see decode.ts). */
  heifThumbnails?: boolean;
}

export interface IndexSummary {
  /** Absolute real path of the folder, the key of its index. */
  folder: string;
  folderId: number;
  dataDir: string;
  /** provider: the one used, or, when nothing needed the network, the one that would have been. */
  model: { id: string; name: string; featureDim: number | null; provider: string; providerNotes: string[] };
  counts: {
    /** Files seen by the scan (photos, skipped files and companions; system files excluded). */
    files: number;
    photos: number;
    /** Files that are not usable photos, videos included. */
    skipped: number;
    /** Of the skipped files, videos: reported apart, as "video (not grouped)". */
    videos: number;
    /** RAWs beside their JPEG, Live Photo movies and edit metadata: they travel with their photo, neither used nor skipped. */
    companions: number;
    /** Files whose size and mtime matched the index: not even read. */
    unchanged: number;
    /** Files read whose content was already known (renamed, moved, copied, touched): not decoded again. */
    recognized: number;
    /** Photos decoded and run through the network in this run. */
    embedded: number;
    removed: number;
  };
  /** Interrupted applies or undos of this folder found and repaired before indexing (see organize/recover.ts). */
  recovered: RecoveryNote[];
  /** embedSeconds includes modelLoadSeconds (0 when the model was not needed), which overlaps decoding. */
  timings: { scanSeconds: number; embedSeconds: number; modelLoadSeconds: number; totalSeconds: number };
}

export async function indexFolder(opts: IndexOptions): Promise<IndexSummary> {
  const t0 = performance.now();
  const signal = opts.signal;
  signal?.throwIfAborted();
  const root = await resolveFolder(opts.folder);
  const entry = opts.model ?? getModel(opts.modelId ?? DEFAULT_MODEL_ID);
  const dataDir = resolveDataDir(opts);
  const modelsDir = resolveModelsDir(opts);
  // The model first: a missing or damaged model is reported before any work, whatever the folder holds.
  const modelPath = await ensureModel(entry, { modelsDir, dataDir, allowDownload: opts.allowDownload ?? true, signal, onProgress: opts.onProgress });
  const lib = Library.open(dataDir);
  try {
    const folderId = lib.folderId(root);
    // A crash in the middle of moving files is repaired before the folder is looked at, or the scan would see it half-moved.
    const recovered = await recoverJournal(new Journal(lib, folderId, root), realFs);
    const known = lib.fileMap(folderId);
    const embedded = lib.embeddedHashes(entry.id);
    const work = new IndexWork(lib, folderId, entry, dataDir, embedded, opts, modelPath);
    // A folder never indexed under this model: nearly every file will need the network, so load it while scanning.
    if (known.size === 0) work.preloadEmbedder();

    let scan: ScanOutcome;
    let scanSeconds = 0;
    try {
      // 1. Scan: stat only. A file whose size and mtime match its row, and whose content has features, is done.
      scan = await scanForChanges(root, { known, embedded, exclude: [dataDir, modelsDir], signal, onProgress: opts.onProgress, progressIntervalMs: opts.progressIntervalMs });
      const walkRows: FileRow[] = [...scan.walkErrors, ...scan.walkSkipped].map((e) => ({ path: e.path, size: 0, mtimeMs: 0, hash: null, status: 'skipped', reason: e.reason }));
      lib.commit(folderId, entry.id, { removed: scan.removed, files: walkRows });
      scanSeconds = (performance.now() - t0) / 1000;

      // 2. Read, recognize, decode and embed what changed.
      await work.run(scan.todo);
      // A RAW or movie whose photo turned out not to be one (a corrupt JPEG beside its RAW) is the photo itself.
      const statusNow = lib.fileMap(folderId);
      const orphans = scan.pending.filter((f) => mayStandAlone(f.path) && statusNow.get(scan.companions.get(f.path) as string)?.status === 'skipped');
      for (const f of orphans) scan.companions.delete(f.path);
      await work.run(orphans);
    } finally {
      await work.close(); // also when the scan failed or was cancelled: a preloaded model must not outlive the run
    }
    const { removed, companions, unchanged, seen, walkErrors, walkSkipped } = scan;
    lib.markIndexed(folderId);
    if (removed.length > 0) await forgetOrphans(lib, dataDir);

    const counts = lib.counts(folderId);
    const videos = lib.skipped(folderId).filter((f) => isVideoReason(f.reason)).length;
    return {
      folder: root,
      folderId,
      dataDir,
      model: {
        id: entry.id,
        name: entry.name,
        featureDim: work.embedder?.featureDim ?? entry.featureDim,
        ...(work.embedder ? { provider: work.embedder.provider, providerNotes: work.embedder.providerNotes } : plannedProvider(opts.provider ?? 'auto')),
      },
      recovered,
      counts: { files: seen.size + walkErrors.length + walkSkipped.length, ...counts, videos, companions: companions.size, unchanged, recognized: work.recognized, embedded: work.embeddedCount, removed: removed.length },
      timings: { scanSeconds, embedSeconds: (performance.now() - t0) / 1000 - scanSeconds, modelLoadSeconds: work.modelLoadSeconds, totalSeconds: (performance.now() - t0) / 1000 },
    };
  } finally {
    lib.close();
  }
}

interface ScanOutcome {
  /** Files to read: new, changed, or not yet embedded. */
  todo: ScannedFile[];
  /** Companions (a RAW beside its JPEG, a Live Photo movie), kept aside in case their photo proves unusable. */
  pending: ScannedFile[];
  companions: Map<string, string>;
  unchanged: number;
  seen: Set<string>;
  walkErrors: SkippedFile[];
  /**
   * Entries the walk does not list on purpose (other names of a file, links it does not follow, pipes, devices,
   * names that are not UTF-8): reported like any file that could not be used.
   */
  walkSkipped: SkippedFile[];
  /** Rows to drop: files gone (not those under a folder that could not be read this time) and companions. */
  removed: string[];
}

interface ScanContext {
  known: Map<string, FileRow>;
  embedded: Set<string>;
  exclude: string[];
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  progressIntervalMs?: number;
}

/** Walks the folder (stat only) and sorts what it finds against the index. */
async function scanForChanges(root: string, c: ScanContext): Promise<ScanOutcome> {
  const scanMeter = new ProgressMeter('scan', null, undefined, c.progressIntervalMs);
  const scanned: ScannedFile[] = [];
  const walkErrors: SkippedFile[] = [];
  const walkSkipped: SkippedFile[] = [];
  const onError = (p: string, reason: string) => walkErrors.push({ path: p, reason });
  const onSkip = (p: string, reason: string) => walkSkipped.push({ path: p, reason });
  for await (const file of walkFolder(root, { signal: c.signal, exclude: c.exclude, onError, onSkip })) {
    scanned.push(file);
    emit(c.onProgress, scanMeter.update(scanned.length, performance.now()));
  }
  emit(c.onProgress, scanMeter.update(scanned.length, performance.now(), true));
  const seen = new Set(scanned.map((f) => f.path));
  // A RAW beside its JPEG, a Live Photo's movie and edit metadata travel with their photo: neither a photo nor a
  // skipped file.
  const companions = findCompanions(seen, (owner) => c.known.get(owner)?.status !== 'skipped');
  const todo: ScannedFile[] = [];
  const pending: ScannedFile[] = [];
  let unchanged = 0;
  for (const file of scanned) {
    if (companions.has(file.path)) {
      pending.push(file);
      continue;
    }
    const row = c.known.get(file.path);
    const done = row?.status === 'skipped' ? isFinalSkip(row.reason) : row?.hash != null && c.embedded.has(row.hash);
    if (row && row.size === file.size && row.mtimeMs === file.mtimeMs && done) unchanged++;
    else todo.push(file);
  }
  // What lies under a folder that could not be read this time (permissions, an unplugged drive behind a link)
  // is unknown, not gone: its rows stay.
  const unreadable = walkErrors.map((e) => e.path);
  const hidden = (p: string) => unreadable.some((u) => p === u || p.startsWith(`${u}/`));
  const reported = new Set(walkSkipped.map((e) => e.path));
  const removed = [...c.known.keys()].filter((p) => (!seen.has(p) && !hidden(p) && !reported.has(p)) || companions.has(p));
  return { todo, pending, companions, unchanged, seen, walkErrors, walkSkipped, removed };
}

/**
 * Skip reasons that depend on the file's bytes alone: the same bytes will fail the same way, so an unchanged
 * file is not read again. Others (permissions, a file vanishing mid-run, a format this build cannot decode)
 * may change without the file changing, so those files are retried on every run.
 */
export function isFinalSkip(reason: string | null): boolean {
  if (reason === null) return false;
  // A decoder that crashed or timed out may have met a passing problem (memory, load): try again next run.
  if (/permission|cannot be read|disappeared|broken link|too large|decoder (crashed|stopped|did not finish)/i.test(reason)) return false;
  return /^(empty file|not an image|video|file is truncated|file is corrupt|unsupported image format|camera RAW)/.test(reason);
}

/** Drops what is known of photos deleted from every folder, thumbnails included. */
async function forgetOrphans(lib: Library, dataDir: string): Promise<void> {
  for (const hash of lib.pruneOrphans()) await fs.promises.rm(thumbnailPath(dataDir, hash), { force: true });
}

/** The provider a run would use, for runs that had nothing new to look at and so never loaded the model. */
function plannedProvider(choice: ProviderChoice): { provider: string; providerNotes: string[] } {
  // Loaded here only: onnxruntime's native binding is the worker's to load, not this thread's, when photos are new.
  const { usableBackends } = require('../embed/session') as typeof import('../embed/session');
  const plan = planProviders(choice, process.platform, usableBackends());
  return { provider: plan.tryOrder[0], providerNotes: [...plan.notes, 'the model was not loaded: nothing new to look at'] };
}

async function resolveFolder(folder: string): Promise<string> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(folder);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') throw new FolderError(`folder cannot be opened (permission denied): ${folder}`);
    throw new FolderError(`folder not found: ${folder}`);
  }
  if (!stat.isDirectory()) throw new FolderError(`not a folder: ${folder}`);
  return fs.promises.realpath(folder);
}

export class FolderError extends Error {}
