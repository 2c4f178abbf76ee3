// Turns the grouping the user sees (suggested groups with the user's edits replayed) into the contract's
// GroupsView: every photo with its thumbnail and full-size URLs, its top class, its suggestion share (and why it is
// odd, when it is) and its duplicate set. Pure: photos, duplicates and URL building come in as arguments.
import { isVideoReason } from '../scan/sniff';
import type { GroupsView, Photo } from '../../ipc/contract';
import type { PhotoListing } from '../library/library';
import type { EditedGrouping } from '../session/types';

export interface ViewInputs {
  folder: string;
  modelId: string;
  granularity: number;
  photos: Map<string, PhotoListing>;
  /** The key edits name a path by (hash, or hash:path for one of several copies). */
  keyOf(path: string): string | undefined;
  duplicates: Array<{ kind: 'exact' | 'near'; files: string[] }>;
  skipped: Array<{ path: string; reason: string }>;
  history: { canUndo: boolean; canRedo: boolean; undoLabel?: string; redoLabel?: string };
  thumbUrl(hash: string): string;
  fullUrl(path: string): string;
  /** Name of an ImageNet class index. */
  className(index: number): string;
}

export function buildGroupsView(g: EditedGrouping, inp: ViewInputs): GroupsView {
  const dupOf = new Map<string, number>();
  inp.duplicates.forEach((d, i) => d.files.forEach((f) => dupOf.set(f, i)));
  const photo = (path: string, suggested?: { confidence: number; reason?: string }): Photo | null => {
    const p = inp.photos.get(path);
    if (!p) return null; // gone from the index since the grouping was made
    const top = p.top[0];
    const out: Photo = {
      path,
      hash: p.hash,
      key: inp.keyOf(path) ?? p.hash,
      width: p.width,
      height: p.height,
      thumb: inp.thumbUrl(p.hash),
      full: inp.fullUrl(path),
      label: top ? safeName(inp.className, top[0]) : '',
    };
    if (suggested !== undefined) out.suggested = suggested.confidence;
    if (suggested?.reason !== undefined) out.reason = suggested.reason;
    const d = dupOf.get(path);
    if (d !== undefined) out.duplicate = d;
    return out;
  };
  const photos = (paths: string[], suggested: Array<{ path: string; confidence: number; reason?: string }> = []) => {
    const only = new Map(suggested.map((s) => [s.path, s]));
    return paths.map((p) => photo(p, only.get(p))).filter((p): p is Photo => p !== null);
  };
  const view: GroupsView = {
    folder: inp.folder,
    modelId: inp.modelId,
    granularity: inp.granularity,
    groups: g.groups
      .map((grp) => ({ id: grp.id, name: grp.name, renamed: grp.renamed, userMade: grp.userMade, kept: grp.kept, photos: photos(grp.members, grp.suggested) }))
      .filter((grp) => grp.photos.length > 0),
    unsorted: photos(g.unsorted),
    excluded: photos(g.excluded),
    duplicates: inp.duplicates,
    skipped: inp.skipped.filter((s) => !isVideoReason(s.reason)),
    videos: inp.skipped.filter((s) => isVideoReason(s.reason)).map((s) => s.path),
    canUndo: inp.history.canUndo,
    canRedo: inp.history.canRedo,
  };
  if (inp.history.undoLabel) view.undoLabel = inp.history.undoLabel;
  if (inp.history.redoLabel) view.redoLabel = inp.history.redoLabel;
  return view;
}

function safeName(className: (i: number) => string, index: number): string {
  try {
    return className(index);
  } catch {
    return '';
  }
}
