// The one contract between the user interface and the engine. Everything that crosses a process boundary is
// declared here: request/response calls with runtime schemas for their arguments (validated by Electron's main
// process and by the WebSocket host before anything runs), their result types, and the events the engine streams.
// Two transports carry it: the Electron preload bridge (electron/shell) and the WebSocket host (electron/host);
// the renderer sees only `LikenessApi` and never knows which one it talks to.
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------------------------
// Shared value schemas

/** A content hash (sha256 hex) naming one photo's bytes: edits refer to photos by it, so they survive renames. */
export const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'a content hash is 64 hex digits');
/**
 * A photo as edits name it: its content hash, or for one of several exact copies (same bytes, different files)
 * `hash:path`, the path relative to the opened folder, so that an edit of one copy leaves the others alone.
 * `Photo.key` of the groups view is the key to send.
 */
export const PhotoKey = z
  .string()
  .max(4200)
  .regex(/^[0-9a-f]{64}(:[^\0]+)?$/, 'a photo key is a content hash, or a content hash, a colon and a path');
/** A stable group id as issued by the engine ("g-3f9a" suggested, "u-…" made by the user). */
export const GroupId = z.string().regex(/^[gu]-[0-9a-z]{2,16}$/, 'not a group id');
/** A folder path chosen by the user (dialog, drop, recent list, or typed: "~/…" is the home folder; the engine refuses relative ones). */
export const FolderPath = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'path contains a NUL character');
export const GroupName = z.string().trim().min(1, 'a group name cannot be empty').max(200);
export const Granularity = z.number().min(0).max(1);
export const JobId = z.string().min(1).max(64);

/** One edit of the suggested grouping. Photos are photo keys (content hashes); groups are stable ids. */
export const Edit = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rename'), group: GroupId, name: GroupName }),
  /** The first group keeps its id and name (unless `name` is given); the others' photos join it. */
  z.object({ kind: z.literal('merge'), groups: z.array(GroupId).min(2).max(10_000), name: GroupName.optional() }),
  /** The photos leave their groups and form a new group; `group` is the new id (the session fills it in). */
  z.object({ kind: z.literal('split'), photos: z.array(PhotoKey).min(1).max(200_000), name: GroupName.optional(), group: GroupId.optional() }),
  /** The photos go to a group, or to Unsorted when `to` is null. */
  z.object({ kind: z.literal('move'), photos: z.array(PhotoKey).min(1).max(200_000), to: GroupId.nullable() }),
  /** Excluded photos (or a whole group) are set aside: apply leaves them where they are. */
  z.object({ kind: z.literal('exclude'), photos: z.array(PhotoKey).min(1).max(200_000) }),
  z.object({ kind: z.literal('exclude-group'), group: GroupId }),
  /** Excluded photos come back to where the grouping puts them. */
  z.object({ kind: z.literal('include'), photos: z.array(PhotoKey).min(1).max(200_000) }),
  /** A suggested member becomes a firm member of the group it was suggested for. */
  z.object({ kind: z.literal('accept'), photos: z.array(PhotoKey).min(1).max(200_000) }),
  /** A suggested member goes to Unsorted. */
  z.object({ kind: z.literal('reject'), photos: z.array(PhotoKey).min(1).max(200_000) }),
]);
export type Edit = z.infer<typeof Edit>;

export const ApplyMode = z.enum(['move', 'copy']);
export type ApplyMode = z.infer<typeof ApplyMode>;

export const Theme = z.enum(['system', 'light', 'dark']);

export const Settings = z.object({
  modelId: z.string().min(1).max(64),
  granularity: Granularity,
  theme: Theme,
});
export type Settings = z.infer<typeof Settings>;

// ---------------------------------------------------------------------------------------------------------------
// Results (engine → UI). Plain data; the engine builds them, the UI only reads them.

export interface ModelInfo {
  id: string;
  name: string;
  bytes: number;
  featureDim: number;
  quantized: boolean;
  /** Whether the file is present (and verified) in the models folder. */
  present: boolean;
  isDefault: boolean;
  /** Where the model is (or would be) kept on disk. */
  path: string;
  license: string;
}

export interface AppInfo {
  version: string;
  platform: string;
  dataDir: string;
  modelsDir: string;
  /** 'electron' or 'web': only for wording ("Show in folder" is unavailable in a browser). */
  transport: 'electron' | 'web';
}

export interface Photo {
  path: string;
  hash: string;
  /** What edits name this photo by (see PhotoKey): the hash, or hash:path when the folder holds copies of it. */
  key: string;
  width: number;
  height: number;
  /** URL of the cached thumbnail (the transport's protocol: likeness://… in Electron, /media/… on the host). */
  thumb: string;
  /** URL of the full photo, for the large preview. */
  full: string;
  /** Top ImageNet class name, for a tooltip. */
  label: string;
  /** Only suggested for its group (placed by its neighbours, or odd) and not yet accepted: share of neighbours agreeing. */
  suggested?: number;
  /** Why a suggested photo is odd in its group, for the person to read ("looks like: bald eagle"). */
  reason?: string;
  /** Index into `GroupsView.duplicates` when the photo has exact or near copies. */
  duplicate?: number;
}

/** Why a photo is where it is: what the network sees in it and how close it is to its group (`photos.explain`). */
export interface PhotoExplanation {
  key: string;
  path: string;
  /** Where the photo is shown. */
  place: 'group' | 'unsorted' | 'excluded';
  group: {
    id: string;
    name: string;
    /** The group's concept, when the grouping names one. */
    concept?: string;
    size: number;
    /** The group's most common ImageNet classes among its photos' top classes, with the share of photos. */
    classes: Array<{ name: string; share: number }>;
  } | null;
  /** The photo's top ImageNet classes with the network's probability. */
  top: Array<{ name: string; probability: number }>;
  /** Only suggested for the group: the share of its neighbours that agree. */
  suggested?: number;
  /** Cosine similarity to the group's mean photo, and how many of the group's photos are closer. */
  closeness?: { similarity: number; closerMembers: number };
  /** Set by the user: moved, accepted, rejected, excluded, or in a group the user kept. */
  placedByUser: boolean;
}

/** One set of exact or near copies, every file with what tells them apart (`duplicates.list`). */
export interface DuplicateSetView {
  kind: 'exact' | 'near';
  photos: Array<{
    key: string;
    path: string;
    thumb: string;
    bytes: number;
    width: number;
    height: number;
    /** Modification time of the file, ms since the epoch. */
    modified: number;
    /** Where it is shown now: a group's name, Unsorted or Excluded. */
    place: string;
    excluded: boolean;
    /** In a set of near copies: the path of an earlier file of the set with the very same bytes, if any. */
    sameAs?: string;
  }>;
}

export interface GroupView {
  id: string;
  /** As a person would label the folder ("Golden retrievers", "Mixed: shoes, bottles"), or the name the user typed. */
  name: string;
  /** The user renamed it (its name no longer follows the photos). */
  renamed: boolean;
  /** Made by the user (split), not suggested by the engine. */
  userMade: boolean;
  /** The user's group (renamed, merged, made, or photos moved or accepted into it): it keeps its photos when the slider moves. */
  kept: boolean;
  /** Most typical first (the first row shows what the group is), suggested photos last. */
  photos: Photo[];
}

export interface GroupsView {
  folder: string;
  modelId: string;
  granularity: number;
  groups: GroupView[];
  unsorted: Photo[];
  excluded: Photo[];
  duplicates: Array<{ kind: 'exact' | 'near'; files: string[] }>;
  /** Files that are not usable photos, with the reason; videos are listed apart, in `videos`. */
  skipped: Array<{ path: string; reason: string }>;
  /** Videos found in the folder: they are not grouped, and not a problem. */
  videos: string[];
  canUndo: boolean;
  canRedo: boolean;
  /** Short description of the edit an undo (redo) would revert (make again), for the button's tooltip. */
  undoLabel?: string;
  redoLabel?: string;
}

export interface PlannedOperation {
  /** Paths relative to the opened folder when inside it, else absolute. */
  from: string;
  to: string;
  /** A sidecar (.xmp, .aae, RAW pair, Live Photo .mov…) that travels with `companionOf`. */
  companionOf?: string;
  /** The file name was changed to avoid overwriting an existing file. */
  renamed?: boolean;
}

export interface PlanPreview {
  planId: string;
  mode: ApplyMode;
  target: string;
  operations: PlannedOperation[];
  /** Files per destination folder, as a person reviews it. */
  folders: Array<{ folder: string; count: number }>;
  /** Photos left in place (Unsorted, excluded) and why nothing happens to them. */
  untouched: number;
  problems: string[];
  /** Interrupted applies of this folder repaired before the plan was made (a person must be told). */
  recovered: RecoveryNote[];
}

export interface ApplyResult {
  applyId: number;
  /**
   * The person cancelled: the apply stopped between two files and what it had done was undone. `restored` files
   * went back (or, for a copy, copies removed); `failed` could not.
   */
  cancelled?: { restored: number; failed: Array<{ path: string; reason: string }> };
  mode: ApplyMode;
  target: string;
  /** Files now at their place: photos and the companions (sidecars) that travel with them. */
  done: number;
  /**
   * Every photo the plan named, by what became of it: inPlan = placed + alreadyThere + failed + notTried. All of
   * them reached their place only when failed and notTried are 0.
   */
  photos: { inPlan: number; placed: number; alreadyThere: number; failed: number; notTried: number };
  /** Files tried that did not reach their place, with the reason; a companion names the photo it belongs with. */
  failed: Array<{ path: string; reason: string; companionOf?: string }>;
  /**
   * Photos not tried, with why: left out when the plan was made (gone, changed since they were grouped) or after
   * a failure that stops every file after it (a full or read-only disk), or a cancel.
   */
  notTried: Array<{ path: string; reason: string }>;
  /** Whether undo can revert this apply: false when nothing moved (then there is nothing to undo). */
  undoable: boolean;
  /** Where to point "Show in folder". */
  showPath: string;
  /** Interrupted applies repaired before this one started. */
  recovered: RecoveryNote[];
}

export interface UndoResult {
  /** The apply undone; null when the undo found an interrupted apply instead and rolled it back (see recovered). */
  applyId: number | null;
  /** Whether that apply moved or copied (its undo removes copies). */
  mode?: ApplyMode;
  restored: number;
  /**
   * Files that did not go back, with why; `backTo` is where each belongs (moving it there by hand, or clearing
   * the way, finishes the undo).
   */
  failed: Array<{ path: string; reason: string; backTo?: string }>;
  /**
   * Of them, files that may still go back (taken place, gone, open elsewhere): the apply stays undoable and the
   * next undo retries them. 0 once every file is back, or when they were left where they are (`leaveRest`).
   */
  notBack: number;
  removedFolders: number;
  /**
   * Interrupted applies or undos repaired first. When there were any, that repair was the undo: the folder is back
   * as it was before the interrupted apply, and no earlier apply is undone on top of it.
   */
  recovered: RecoveryNote[];
}

export interface RecoveryNote {
  applyId: number;
  action: 'finished' | 'rolled-back';
  message: string;
  /** Files the repair could not put back yet: the apply stays undoable, and undo retries them. */
  notBack?: number;
}

export interface OpenResult {
  jobId: string;
  folder: string;
  /** What an interrupted apply of this folder needed, found and fixed on opening. */
  recovered: RecoveryNote[];
}

// ---------------------------------------------------------------------------------------------------------------
// Events (engine → UI), streamed while a job runs. Progress is throttled by the engine to a few per second.

export type JobKind = 'open' | 'download' | 'apply' | 'undo-apply';

export type LikenessEvent =
  | { type: 'progress'; jobId: string; job: JobKind; stage: 'scan' | 'index' | 'download' | 'cluster' | 'apply'; done: number; total: number | null; rate: number; etaSeconds: number | null; detail?: string }
  | { type: 'groups'; jobId: string; view: GroupsView }
  | { type: 'done'; jobId: string; job: JobKind; result: unknown }
  | { type: 'error'; jobId: string; job: JobKind; message: string; cancelled: boolean };

// ---------------------------------------------------------------------------------------------------------------
// Calls (UI → engine). Argument schemas are the runtime check; `Results` gives each call's result type.

export const CallArgs = {
  'app.info': z.object({}),
  'settings.get': z.object({}),
  'settings.set': Settings.partial(),
  'models.list': z.object({}),
  /** Starts a download job; progress and done arrive as events. */
  'models.download': z.object({ modelId: z.string().min(1).max(64) }),
  'folders.recent': z.object({}),
  /** Electron: the native folder dialog; web host: not available (returns null, the UI asks for a typed path). */
  'folders.choose': z.object({}),
  /** Starts indexing then grouping the folder: progress, then a `groups` event and `done`. */
  'folders.open': z.object({ folder: FolderPath }),
  /** Leaves a folder: its opening is cancelled, its state released, its photos no longer served. */
  'folders.close': z.object({ folder: FolderPath }),
  'jobs.cancel': z.object({ jobId: JobId }),
  'groups.get': z.object({ folder: FolderPath }),
  /** Re-groups from cached features at another knob position, keeping the user's edits; undoable like an edit. */
  'groups.regroup': z.object({ folder: FolderPath, granularity: Granularity }),
  /** Why a photo is in its group (or not in one). */
  'photos.explain': z.object({ folder: FolderPath, key: PhotoKey }),
  /** Keys of the photos whose file name or top classes (what they show) contain every word of the query. */
  'photos.search': z.object({ folder: FolderPath, query: z.string().max(200) }),
  /** Every set of exact and near copies with sizes, resolutions, dates and places. */
  'duplicates.list': z.object({ folder: FolderPath }),
  'edits.apply': z.object({ folder: FolderPath, edit: Edit }),
  'edits.undo': z.object({ folder: FolderPath }),
  'edits.redo': z.object({ folder: FolderPath }),
  /** The operations an apply would make; nothing changes on disk. */
  'organize.plan': z.object({ folder: FolderPath, target: FolderPath.nullable(), mode: ApplyMode }),
  /**
   * Runs a previewed plan as a job (progress events, then done with an ApplyResult). jobs.cancel stops it between
   * two files and undoes what it did; the job then ends done, its result saying `cancelled`.
   */
  'organize.apply': z.object({ folder: FolderPath, planId: z.string().min(1).max(64) }),
  /**
   * Undoes the folder's most recent apply as a job (done with an UndoResult). `leaveRest`: files of it that still
   * cannot go back are left where they are and the apply is closed, so that the next undo reaches the one before.
   */
  'organize.undo': z.object({ folder: FolderPath, leaveRest: z.boolean().optional() }),
  'organize.canUndo': z.object({ folder: FolderPath }),
  /** Reveals a file in the OS file manager (Electron only; the web host answers false). */
  'shell.showInFolder': z.object({ path: FolderPath }),
} as const;

export type CallName = keyof typeof CallArgs;
export type Args<C extends CallName> = z.infer<(typeof CallArgs)[C]>;

export interface Results {
  'app.info': AppInfo;
  'settings.get': Settings;
  'settings.set': Settings;
  'models.list': ModelInfo[];
  'models.download': { jobId: string };
  'folders.recent': string[];
  'folders.choose': string | null;
  'folders.open': OpenResult;
  'folders.close': boolean;
  'jobs.cancel': boolean;
  'groups.get': GroupsView | null;
  'groups.regroup': GroupsView;
  'photos.explain': PhotoExplanation;
  'photos.search': { keys: string[] };
  'duplicates.list': DuplicateSetView[];
  'edits.apply': GroupsView;
  'edits.undo': GroupsView;
  'edits.redo': GroupsView;
  'organize.plan': PlanPreview;
  'organize.apply': { jobId: string };
  'organize.undo': { jobId: string };
  'organize.canUndo': boolean;
  'shell.showInFolder': boolean;
}

/** What the renderer holds: one call function and one event subscription, whatever the transport. */
export interface LikenessApi {
  call<C extends CallName>(name: C, args: Args<C>): Promise<Results[C]>;
  /** Returns an unsubscribe function. */
  onEvent(listener: (event: LikenessEvent) => void): () => void;
}

/** Validates a call's name and arguments; throws a readable error for anything malformed. */
export function parseCall(name: unknown, args: unknown): { name: CallName; args: Args<CallName> } {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(CallArgs, name)) {
    throw new ContractError(`unknown call ${JSON.stringify(name)}`);
  }
  const schema = CallArgs[name as CallName];
  const parsed = schema.safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ContractError(`bad arguments for ${name}: ${issue.path.join('.') || 'value'}: ${issue.message}`);
  }
  return { name: name as CallName, args: parsed.data as Args<CallName> };
}

export class ContractError extends Error {
  override name = 'ContractError';
}

/** The error shape a transport sends back for a failed call. */
export interface CallFailure {
  message: string;
  code: 'bad-request' | 'failed' | 'cancelled';
}
