// LikenessService: the application behind the contract (electron/ipc/contract.ts), plain Node. Both transports
// (the Electron engine process and the WebSocket host) hand it validated calls and forward its events; it owns
// the jobs (open = index + group, model download, apply — rolled back when cancelled — and undo of an apply), the
// opened folders' state (prepared grouping, edits and slider moves, previewed plans), what the app asks about photos
// (why one is in its group, search, duplicate sets), settings and recent folders.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ContractError,
  parseCall,
  type ApplyResult,
  type AppInfo,
  type Args,
  type CallFailure,
  type CallName,
  type GroupsView,
  type LikenessEvent,
  type ModelInfo,
  type OpenResult,
  type Results,
} from '../../ipc/contract';
import { DEFAULT_MODEL_ID, getModel, listModels, UnknownModelError } from '../models/catalog';
import { ensureModel, modelStatus } from '../models/locate';
import { EditError } from '../session';
import { Library } from '../library/library';
import { appRoot, resolveDataDir, resolveModelsDir, typedFolderPath } from '../paths';
import { indexFolder, type IndexOptions } from '../pipeline/index-folder';
import { errorMessage, JobCancelledError, Jobs, type JobContext } from './jobs';
import { fullMediaPath, MediaRoots, thumbMediaPath, type MediaUrl } from './media';
import { OpenedFolder, type FolderUrls } from './opened-folder';
import { organizeEngine, type OrganizeEngine, type PlanHandle } from './organize';
import { SettingsStore } from './settings-store';

export interface ServiceOptions {
  dataDir?: string;
  modelsDir?: string;
  transport: AppInfo['transport'];
  /** Turns a media path (see media.ts) into a URL of the transport: /media/… on the host, likeness://… in Electron. */
  mediaUrl: MediaUrl;
  /** Extra indexing options (tests: provider, no download). */
  indexOptions?: Partial<Pick<IndexOptions, 'provider' | 'allowDownload' | 'batchSize' | 'decodeConcurrency' | 'inferenceThreads'>>;
  /** The organize engine (tests may pass a fake). */
  organize?: OrganizeEngine;
}

type Handler<C extends CallName> = (args: Args<C>) => Promise<Results[C]> | Results[C];

export class LikenessService {
  readonly dataDir: string;
  readonly modelsDir: string;
  /** Roots the media resolver may serve from; the web host resolves through this. */
  readonly media: MediaRoots;
  private readonly settings: SettingsStore;
  private readonly jobs: Jobs;
  private readonly listeners = new Set<(e: LikenessEvent) => void>();
  private readonly folders = new Map<string, OpenedFolder>();
  /** The running open job of each folder: opening again cancels the older one. */
  private readonly openJobs = new Map<string, string>();
  /** The running apply or undo of an apply of each folder: nothing else may touch its files meanwhile. */
  private readonly moveJobs = new Map<string, string>();
  /**
   * Each folder's state count: an edit, a knob move, a reload or a file move bumps it. A plan is the latest preview
   * of its folder, at the count it was made at; any other count means it describes a state that is gone.
   */
  private readonly generations = new Map<string, number>();
  private readonly plans = new Map<string, { plan: PlanHandle; generation: number; request: number }>();
  /** Numbers the preview requests: of two in flight, the one asked for last is the one kept, whichever ends last. */
  private planRequests = 0;
  private readonly organize: OrganizeEngine;
  private readonly urls: FolderUrls;
  private library: Library | null = null;

  constructor(private readonly opts: ServiceOptions) {
    this.dataDir = resolveDataDir({ dataDir: opts.dataDir });
    this.modelsDir = resolveModelsDir({ dataDir: this.dataDir, modelsDir: opts.modelsDir });
    this.media = new MediaRoots(this.dataDir);
    this.settings = new SettingsStore(this.dataDir);
    this.jobs = new Jobs((e) => this.emit(e));
    this.organize = opts.organize ?? organizeEngine;
    this.urls = {
      thumbUrl: (hash) => opts.mediaUrl(thumbMediaPath(hash)),
      fullUrl: (root, rel) => opts.mediaUrl(fullMediaPath(root, rel)),
    };
  }

  /** Subscribes to every event; returns the unsubscribe function. */
  onEvent(listener: (e: LikenessEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Validates and runs one call, never throwing: what a transport sends back. Arguments are checked here too,
   * whatever the transport checked, so nothing malformed reaches the engine.
   */
  async handle(name: unknown, args: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: CallFailure }> {
    try {
      const call = parseCall(name, args);
      return { ok: true, result: await this.call(call.name, call.args as never) };
    } catch (err) {
      return { ok: false, error: toCallFailure(err) };
    }
  }

  /** Runs one already validated call. */
  async call<C extends CallName>(name: C, args: Args<C>): Promise<Results[C]> {
    const handler = this.handlers[name] as Handler<C>;
    return handler(args);
  }

  /** Cancels every job and closes the library (the app is quitting). */
  close(): void {
    this.jobs.cancelAll();
    this.library?.close();
    this.library = null;
  }

  private readonly handlers: { [C in CallName]: Handler<C> } = {
    'app.info': () => ({
      version: packageVersion(),
      platform: process.platform,
      dataDir: this.dataDir,
      modelsDir: this.modelsDir,
      transport: this.opts.transport,
    }),
    'settings.get': () => this.settings.get(),
    'settings.set': (patch) => {
      if (patch.modelId !== undefined) getModel(patch.modelId); // unknown ids fail here, not at the next open
      return this.settings.set(patch);
    },
    'models.list': () => this.modelList(),
    'models.download': ({ modelId }) => {
      const entry = getModel(modelId);
      const jobId = this.jobs.start('download', async (ctx) => {
        const file = await ensureModel(entry, { modelsDir: this.modelsDir, dataDir: this.dataDir, allowDownload: true, signal: ctx.signal, onProgress: ctx.progress });
        return { modelId, path: file };
      });
      return { jobId };
    },
    'folders.recent': () => this.settings.recent().filter((f) => isDirectory(f)),
    // Only Electron has a native dialog; its main process answers this call itself.
    'folders.choose': () => null,
    'folders.open': ({ folder }) => this.open(folder),
    'folders.close': ({ folder }) => this.closeFolder(folder),
    'jobs.cancel': ({ jobId }) => this.jobs.cancel(jobId),
    'groups.get': ({ folder }) => {
      const f = this.findFolder(folder);
      return f ? f.view(this.urls) : null;
    },
    'groups.regroup': ({ folder, granularity }) => this.changeView(folder, (f) => f.regroup(granularity)),
    'photos.explain': ({ folder, key }) => this.folder(folder).explain(key),
    'photos.search': ({ folder, query }) => ({ keys: this.folder(folder).search(query) }),
    'duplicates.list': ({ folder }) => this.folder(folder).duplicateSets(this.urls),
    'edits.apply': ({ folder, edit }) => this.changeView(folder, (f) => f.edit(edit)),
    'edits.undo': ({ folder }) => this.changeView(folder, (f) => f.undo()),
    'edits.redo': ({ folder }) => this.changeView(folder, (f) => f.redo()),
    'organize.plan': async ({ folder, target, mode }) => {
      const f = this.folder(folder);
      this.refuseWhileMoving(f.root);
      const generation = this.generation(f.root);
      const request = ++this.planRequests;
      const plan = await this.organize.plan({ folder: f.root, dataDir: this.dataDir, groups: f.planGroups(), target: target === null ? null : completePath(target), mode });
      // An edit (or a reload) while the plan was being made: it describes groups the user no longer sees.
      if (this.generation(f.root) !== generation) throw new ContractError('the groups changed while the preview was being made; preview again');
      const kept = this.plans.get(f.root);
      if (!kept || kept.request < request) this.plans.set(f.root, { plan, generation, request });
      return plan.preview;
    },
    'organize.apply': ({ folder, planId }) => {
      const f = this.folder(folder);
      this.refuseWhileBusy(f.root);
      const entry = this.plans.get(f.root);
      if (!entry || entry.plan.id !== planId || entry.generation !== this.generation(f.root)) {
        throw new ContractError(`no previewed plan ${planId} for this folder as it is now; preview again`);
      }
      // A plan describes the disk as it was: once applied (or not), it must not run a second time.
      this.changed(f.root);
      // A copy into another folder leaves this one as it was: its index and view need no refresh.
      const outside = entry.plan.preview.mode === 'copy' && !isInside(entry.plan.preview.target, f.root);
      return { jobId: this.moveJob('apply', f.root, (ctx) => this.applyOrRollBack(entry.plan, f.root, ctx), !outside) };
    },
    'organize.undo': ({ folder, leaveRest }) => {
      const f = this.folder(folder);
      this.refuseWhileBusy(f.root);
      this.changed(f.root);
      return { jobId: this.moveJob('undo-apply', f.root, (ctx) => this.organize.undo({ folder: f.root, dataDir: this.dataDir, leaveRest, onProgress: ctx.progress, signal: ctx.signal })) };
    },
    'organize.canUndo': ({ folder }) => this.organize.canUndo({ folder: this.folder(folder).root, dataDir: this.dataDir }),
    // Only Electron can reveal a file; its main process answers this call itself.
    'shell.showInFolder': () => false,
  };

  private async open(folder: string): Promise<OpenResult> {
    const root = await realFolder(folder);
    this.refuseWhileMoving(root);
    const recovered = await this.organize.recover({ folder: root, dataDir: this.dataDir });
    this.refuseWhileMoving(root); // an apply may have started while recovery looked
    this.settings.addRecent(root);
    this.media.allowFolder(root);
    const previous = this.openJobs.get(root);
    if (previous) this.jobs.cancel(previous);
    const jobId = this.jobs.start('open', async (ctx) => {
      try {
        const view = await this.load(root, ctx, this.settings.get().granularity, ctx.signal);
        return { folder: root, photos: view.groups.reduce((n, g) => n + g.photos.length, 0) + view.unsorted.length + view.excluded.length, groups: view.groups.length, skipped: view.skipped.length };
      } finally {
        if (this.openJobs.get(root) === ctx.jobId) this.openJobs.delete(root);
      }
    });
    this.openJobs.set(root, jobId);
    return { jobId, folder: root, recovered };
  }

  /** Indexes the folder (only what changed), prepares its grouping, and announces the view. `cancel` null: runs to the end. */
  private async load(root: string, ctx: JobContext, granularity: number, cancel: AbortSignal | null): Promise<GroupsView> {
    const signal = cancel ?? undefined;
    const summary = await indexFolder({
      ...this.opts.indexOptions,
      folder: root,
      modelId: this.settings.get().modelId,
      dataDir: this.dataDir,
      modelsDir: this.modelsDir,
      signal,
      onProgress: ctx.progress,
    });
    ctx.progress({ stage: 'cluster', done: 0, total: 1, rate: 0, etaSeconds: null, detail: 'arranging photos by similarity' });
    const opened = await OpenedFolder.load(this.lib(), summary.folder, summary.folderId, summary.model.id, granularity, signal);
    signal?.throwIfAborted();
    this.folders.set(summary.folder, opened);
    this.changed(summary.folder);
    ctx.progress({ stage: 'cluster', done: 1, total: 1, rate: 0, etaSeconds: 0 });
    const view = opened.view(this.urls);
    this.emit({ type: 'groups', jobId: ctx.jobId, view });
    return view;
  }

  /** After files moved (apply, undo): the index follows them and the view is rebuilt, at the same knob position. */
  private async refresh(root: string, ctx: JobContext): Promise<void> {
    const granularity = this.folders.get(root)?.granularity ?? this.settings.get().granularity;
    // The files have moved already: cancelling now would only leave the view stale, so this part runs to the end.
    await this.load(root, ctx, granularity, null);
  }

  /** Changes an opened folder's groups (an edit, a knob move) and returns the new view. */
  private changeView(folder: string, change: (f: OpenedFolder) => void): GroupsView {
    const f = this.folder(folder);
    change(f);
    this.changed(f.root);
    return f.view(this.urls);
  }

  /**
   * Runs a plan. Cancelled (jobs.cancel), it stops between two files and undoes what it had done, so that a cancel
   * leaves the folder as it was; the result then says so (`cancelled`) instead of failing.
   */
  private async applyOrRollBack(plan: PlanHandle, root: string, ctx: JobContext): Promise<ApplyResult> {
    const before = this.organize.latestApply({ folder: root, dataDir: this.dataDir });
    try {
      return await this.organize.apply(plan, { dataDir: this.dataDir, onProgress: ctx.progress, signal: ctx.signal });
    } catch (err) {
      if (!ctx.signal.aborted) throw err;
      const latest = this.organize.latestApply({ folder: root, dataDir: this.dataDir });
      const undone = latest !== null && latest.id !== before?.id && latest.state === 'applied';
      // Not cancellable itself: stopping a rollback half way would leave the folder in neither state.
      const undo = undone ? await this.organize.undo({ folder: root, dataDir: this.dataDir }) : null;
      const p = plan.preview;
      // Everything done was undone: every photo of the plan is where it was, not tried as far as the result goes.
      const photos = p.operations.filter((o) => o.companionOf === undefined).map((o) => o.from);
      return {
        applyId: latest?.id ?? 0,
        mode: p.mode,
        target: p.target,
        done: 0,
        photos: { inPlan: photos.length, placed: 0, alreadyThere: 0, failed: 0, notTried: photos.length },
        failed: [],
        notTried: photos.map((path) => ({ path, reason: 'cancelled: put back where it was' })),
        undoable: false,
        showPath: p.target,
        recovered: [],
        cancelled: { restored: undo?.restored ?? 0, failed: undo?.failed ?? [] },
      };
    }
  }

  /**
   * Runs an apply or an undo of one as a job. Whatever its end (done, failed, cancelled half way), files may have
   * moved: the index follows them and the view is rebuilt before the job reports (unless `refresh` is false: a
   * copy into another folder moves nothing here).
   */
  private moveJob<T>(kind: 'apply' | 'undo-apply', root: string, run: (ctx: JobContext) => Promise<T>, refresh = true): string {
    const jobId = this.jobs.start(kind, async (ctx) => {
      try {
        let result: T;
        try {
          result = await run(ctx);
        } catch (err) {
          if (refresh) await this.refresh(root, ctx).catch(() => undefined); // the move's own error is the one to report
          throw err;
        }
        if (refresh) await this.refresh(root, ctx);
        return result;
      } finally {
        if (this.moveJobs.get(root) === ctx.jobId) this.moveJobs.delete(root);
        this.changed(root);
      }
    });
    this.moveJobs.set(root, jobId);
    return jobId;
  }

  /** The folder's state changed: its previewed plan, made from the state before, is dropped. */
  private changed(root: string): void {
    this.generations.set(root, this.generation(root) + 1);
    this.plans.delete(root);
  }

  private generation(root: string): number {
    return this.generations.get(root) ?? 0;
  }

  /**
   * Releases a folder's state (features, neighbour graph, plans: hundreds of MB at 50,000 photos) and stops serving
   * its photos. Files being moved cannot be left half-way, so a folder cannot be closed during an apply or undo.
   */
  private closeFolder(folder: string): boolean {
    let root: string;
    try {
      root = fs.realpathSync(folder);
    } catch {
      root = folder;
    }
    this.refuseWhileMoving(root);
    const opening = this.openJobs.get(root);
    if (opening) this.jobs.cancel(opening);
    const known = this.folders.delete(root) || opening !== undefined;
    this.plans.delete(root);
    this.media.forgetFolder(root);
    return known;
  }

  private refuseWhileMoving(root: string): void {
    if (this.moveJobs.has(root)) throw new ContractError('files are moving in this folder right now (apply or undo); wait for it to finish');
  }

  /** Files must not move while the folder is being indexed (the index would describe neither state) or already moving. */
  private refuseWhileBusy(root: string): void {
    this.refuseWhileMoving(root);
    if (this.openJobs.has(root)) throw new ContractError('the folder is still being looked at; wait for it to finish');
  }

  private findFolder(folder: string): OpenedFolder | undefined {
    const direct = this.folders.get(folder);
    if (direct) return direct;
    try {
      return this.folders.get(fs.realpathSync(folder));
    } catch {
      return undefined;
    }
  }

  private folder(folder: string): OpenedFolder {
    const f = this.findFolder(folder);
    if (!f) throw new ContractError(`folder is not open (or still being looked at): ${folder}`);
    return f;
  }

  private modelList(): ModelInfo[] {
    return listModels().map((m) => {
      const status = modelStatus(m, this.modelsDir);
      return {
        id: m.id,
        name: m.name,
        bytes: m.bytes,
        featureDim: m.featureDim,
        quantized: m.quantized,
        present: status.present && status.bytesOnDisk === m.bytes,
        isDefault: m.id === DEFAULT_MODEL_ID,
        path: status.path,
        license: m.license,
      };
    });
  }

  private lib(): Library {
    this.library ??= Library.open(this.dataDir);
    return this.library;
  }

  private emit(e: LikenessEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A transport's failure to deliver (a closed socket) must not break the job or the other listeners.
      }
    }
  }
}

/** The failure a transport sends back: the caller's mistake, a cancelled job, or the engine failing. */
export function toCallFailure(err: unknown): CallFailure {
  // An edit that does not fit the current view, or a model id the catalog lacks, is the caller's mistake too.
  if (err instanceof ContractError || err instanceof EditError || err instanceof UnknownModelError) return { message: err.message, code: 'bad-request' };
  if (err instanceof JobCancelledError) return { message: err.message, code: 'cancelled' };
  return { message: errorMessage(err), code: 'failed' };
}

/** A typed folder path made complete ("~" expanded), or the caller's mistake, said with an example of a good one. */
function completePath(typed: string): string {
  const full = typedFolderPath(typed);
  if (full === null) throw new ContractError(`not a complete folder path: ${typed} (give it from the top, like ${path.join(os.homedir(), 'Pictures')}, or from your home folder, like ~/Pictures)`);
  return full;
}

async function realFolder(typed: string): Promise<string> {
  const folder = completePath(typed);
  let st: fs.Stats;
  try {
    st = await fs.promises.stat(folder);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(code === 'EACCES' || code === 'EPERM' ? `folder cannot be opened (permission denied): ${folder}` : `folder not found: ${folder}`);
  }
  if (!st.isDirectory()) throw new Error(`not a folder: ${folder}`);
  return fs.promises.realpath(folder);
}

/** Whether `p` is `root` or below it. */
function isInside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

let version: string | null = null;
function packageVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.join(appRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}
