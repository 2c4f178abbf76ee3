// One opened folder's state in the app: its photos and features loaded from the index, the prepared Grouper
// (the expensive geometry, computed once per index run so that moving the knob only re-clusters), the current
// suggested grouping, duplicates, and the user's edits session. Rebuilt after indexing (open, apply, undo).
import type { GroupsView } from '../../ipc/contract';
import { folderDuplicates, loadVectors } from '../cluster/folder-vectors';
import { Grouper, type Grouping } from '../cluster/grouper';
import { commonName } from '../embed/classes';
import type { Library, PhotoListing } from '../library/library';
import type { HashOf } from '../session/types';
import { openEdits, type FolderEdits } from './edits';
import { buildGroupsView } from './groups-view';

export interface FolderUrls {
  thumbUrl(hash: string): string;
  fullUrl(root: string, path: string): string;
}

export class OpenedFolder {
  private grouping: Grouping;

  private constructor(
    readonly root: string,
    readonly folderId: number,
    readonly modelId: string,
    private readonly lib: Library,
    private readonly grouper: Grouper,
    private readonly photos: Map<string, PhotoListing>,
    private readonly hashOf: HashOf,
    private readonly duplicates: Array<{ kind: 'exact' | 'near'; files: string[] }>,
    private readonly skipped: Array<{ path: string; reason: string }>,
    readonly edits: FolderEdits,
    granularity: number,
  ) {
    this.grouping = this.suggest(granularity);
  }

  /** Loads the indexed folder and prepares its grouping (the slow step: the neighbour-graph embedding). */
  static async load(lib: Library, root: string, folderId: number, modelId: string, granularity: number, signal?: AbortSignal): Promise<OpenedFolder> {
    const photos = new Map<string, PhotoListing>();
    for (const p of lib.photos(folderId, modelId)) photos.set(p.path, p);
    const vectors = loadVectors(lib, folderId, modelId, photos.values());
    const grouper = await Grouper.prepare(vectors, { signal });
    signal?.throwIfAborted();
    const duplicates = folderDuplicates(lib, vectors, grouper);
    const hashOf = new Map(vectors.paths.map((p, i) => [p, vectors.hashes[i]]));
    const edits = openEdits(lib, folderId, modelId);
    return new OpenedFolder(root, folderId, modelId, lib, grouper, photos, hashOf, duplicates, lib.skipped(folderId), edits, granularity);
  }

  get granularity(): number {
    return this.grouping.granularity;
  }

  get photoCount(): number {
    return this.photos.size;
  }

  /** Groups again at another knob position; ids follow the previous grouping, so the edits still apply. */
  regroup(granularity: number): void {
    this.grouping = this.suggest(granularity);
  }

  view(urls: FolderUrls): GroupsView {
    const edited = this.edits.view(this.grouping, this.hashOf);
    return buildGroupsView(edited, {
      folder: this.root,
      modelId: this.modelId,
      granularity: this.grouping.granularity,
      photos: this.photos,
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
    return this.edits.planGroups(this.edits.view(this.grouping, this.hashOf));
  }

  private suggest(granularity: number): Grouping {
    const grouping = this.grouper.group(granularity, this.lib.savedGroups(this.folderId, this.modelId));
    // Saved so the next grouping (another knob position, a changed folder) keeps these ids, and the edits with them.
    this.lib.saveGroups(
      this.folderId,
      this.modelId,
      grouping.groups.map((g) => ({ id: g.id, name: g.name, members: [...new Set(g.files.map((p) => this.hashOf.get(p)!))] })),
    );
    return grouping;
  }
}
