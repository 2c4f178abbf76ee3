// One opened folder's state in the app: its photos and features loaded from the index, the prepared Grouper
// (the expensive geometry, computed once per index run so that moving the knob only re-clusters), the current
// suggested grouping, duplicates, and the user's edits session (slider moves included, so undo steps back over
// them). Rebuilt after indexing (open, apply, undo).
import type { DuplicateSetView, GroupsView, PhotoExplanation } from '../../ipc/contract';
import { sameBytesAs } from '../cluster/duplicates';
import { folderDuplicates, loadVectors } from '../cluster/folder-vectors';
import { Grouper, type Grouping, type PhotoVectors } from '../cluster/grouper';
import { commonName } from '../embed/classes';
import type { Library, PhotoListing } from '../library/library';
import { PhotoKeys } from '../session';
import type { EditedGrouping, HashOf } from '../session/types';
import { openEdits, type FolderEdits } from './edits';
import { buildGroupsView } from './groups-view';
import { explainPhoto, searchPhotos } from './photo-facts';

export interface FolderUrls {
  thumbUrl(hash: string): string;
  fullUrl(root: string, path: string): string;
}

export class OpenedFolder {
  private grouping: Grouping;
  private readonly keys: PhotoKeys;

  private constructor(
    readonly root: string,
    readonly folderId: number,
    readonly modelId: string,
    private readonly lib: Library,
    private readonly grouper: Grouper,
    private readonly vectors: PhotoVectors,
    private readonly photos: Map<string, PhotoListing>,
    private readonly hashOf: HashOf,
    private readonly duplicates: Array<{ kind: 'exact' | 'near'; files: string[] }>,
    private readonly skipped: Array<{ path: string; reason: string }>,
    private readonly edits: FolderEdits,
    granularity: number,
  ) {
    this.keys = new PhotoKeys(hashOf);
    this.grouping = this.suggest(granularity);
  }

  /**
   * Loads the indexed folder and prepares its grouping (the slow step: the neighbour-graph embedding), at the slider
   * position the folder was left at, else `granularity`.
   */
  static async load(lib: Library, root: string, folderId: number, modelId: string, granularity: number, signal?: AbortSignal): Promise<OpenedFolder> {
    const photos = new Map<string, PhotoListing>();
    for (const p of lib.photos(folderId, modelId)) photos.set(p.path, p);
    const edits = openEdits(lib, folderId, modelId);
    const at = edits.granularity() ?? granularity;
    const vectors = loadVectors(lib, folderId, modelId, photos.values());
    const grouper = await Grouper.prepare(vectors, { signal });
    signal?.throwIfAborted();
    const duplicates = folderDuplicates(lib, vectors, grouper);
    const hashOf = new Map(vectors.paths.map((p, i) => [p, vectors.hashes[i]]));
    return new OpenedFolder(root, folderId, modelId, lib, grouper, vectors, photos, hashOf, duplicates, lib.skipped(folderId), edits, at);
  }

  get granularity(): number {
    return this.grouping.granularity;
  }

  get photoCount(): number {
    return this.photos.size;
  }

  /** Groups again at another knob position (an undoable step); the edits hold on any grouping. */
  regroup(granularity: number): void {
    if (Math.abs(granularity - this.grouping.granularity) < 1e-9) return;
    this.edits.moveSlider(this.grouping.granularity, granularity);
    this.grouping = this.suggest(granularity);
  }

  /** Throws EditError when the edit does not fit the current view. */
  edit(e: Parameters<FolderEdits['edit']>[0]): void {
    this.edits.edit(e);
  }

  undo(): void {
    const s = this.edits.undo();
    if (s.kind === 'slider') this.grouping = this.suggest(s.granularity);
  }

  redo(): void {
    const s = this.edits.redo();
    if (s.kind === 'slider') this.grouping = this.suggest(s.granularity);
  }

  view(urls: FolderUrls): GroupsView {
    return buildGroupsView(this.edited(), {
      folder: this.root,
      modelId: this.modelId,
      granularity: this.grouping.granularity,
      photos: this.photos,
      keyOf: (p) => this.keys.keyOf(p),
      duplicates: this.duplicates,
      skipped: this.skipped,
      history: this.edits.history(),
      thumbUrl: urls.thumbUrl,
      fullUrl: (p) => urls.fullUrl(this.root, p),
      className: commonName,
    });
  }

  /** The groups an apply would make folders for, edits included (relative paths). */
  planGroups(): Array<{ name: string; files: string[] }> {
    return this.edits.planGroups(this.edited());
  }

  /** Why the photo a key names is where it is. */
  explain(key: string): PhotoExplanation {
    return explainPhoto(key, { edited: this.edited(), suggested: this.grouping, keys: this.keys, photos: this.photos, vectors: this.vectors });
  }

  /** Keys of the photos whose file name or classes contain every word of the query. */
  search(query: string): string[] {
    return searchPhotos(query, this.photos.values(), (p) => this.keys.keyOf(p));
  }

  /** Every duplicate set with what tells its files apart. */
  duplicateSets(urls: FolderUrls): DuplicateSetView[] {
    const edited = this.edited();
    const placeOf = new Map<string, string>();
    for (const g of edited.groups) for (const p of g.members) placeOf.set(p, g.name);
    for (const p of edited.unsorted) placeOf.set(p, 'Unsorted');
    const excluded = new Set(edited.excluded);
    for (const p of excluded) placeOf.set(p, 'Excluded');
    const files = this.lib.fileMap(this.folderId);
    return this.duplicates.map((d) => {
      const same = d.kind === 'near' ? sameBytesAs(d.files, (path) => (this.keys.keyOf(path) === undefined ? undefined : this.photos.get(path)?.hash)) : new Map<string, string>();
      return {
        kind: d.kind,
        photos: d.files.flatMap((path) => {
          const p = this.photos.get(path);
          const key = this.keys.keyOf(path);
          if (!p || key === undefined) return [];
          const f = files.get(path);
          const sameAs = same.get(path);
          const shown = { key, path, thumb: urls.thumbUrl(p.hash), bytes: f?.size ?? 0, width: p.width, height: p.height, modified: f?.mtimeMs ?? 0, place: placeOf.get(path) ?? 'Unsorted', excluded: excluded.has(path) };
          return [sameAs === undefined ? shown : { ...shown, sameAs }];
        }),
      };
    });
  }

  private edited(): EditedGrouping {
    return this.edits.view(this.grouping, this.hashOf);
  }

  private suggest(granularity: number): Grouping {
    const grouping = this.grouper.group(granularity, this.lib.savedGroups(this.folderId, this.modelId));
    // Saved so the next grouping (another knob position, a changed folder) keeps these ids.
    this.lib.saveGroups(
      this.folderId,
      this.modelId,
      grouping.groups.map((g) => ({ id: g.id, name: g.name, members: [...new Set(g.files.map((p) => this.hashOf.get(p)!))] })),
    );
    return grouping;
  }
}
