// `likeness cluster` as an engine call: index the folder if needed, group its photos, find duplicates, keep
// group ids stable against the folder's previous grouping, and report (the --json contract of issue 3).
import { Library } from '../library/library';
import { indexFolder, type IndexOptions, type IndexSummary } from '../pipeline/index-folder';
import type { SkippedFile } from '../types';
import { folderDuplicates, loadVectors } from './folder-vectors';
import { DEFAULT_GRANULARITY, type GroupingParams } from './granularity';
import { Grouper } from './grouper';

export interface ClusterOptions extends IndexOptions {
  /** 0 = fewest, largest groups … 1 = most, smallest groups (default 0.5). */
  granularity?: number;
}

export interface ClusterReport {
  folder: string;
  model: IndexSummary['model'];
  granularity: number;
  params: GroupingParams;
  /**
   * Files most typical first, suggested ones last; `suggested` the members only suggested, with the share of
   * neighbours agreeing (`confidence`) and, for odd ones, why (`reasons`: "looks like: bald eagle").
   */
  groups: Array<{ id: string; name: string; files: string[]; suggested: string[]; confidence: Record<string, number>; reasons: Record<string, string> }>;
  unsorted: string[];
  duplicates: Array<{ kind: 'exact' | 'near'; files: string[] }>;
  skipped: SkippedFile[];
  /**
   * What the grouping saw of each photo: content hash, size and modification time, by path. `likeness apply`
   * refuses to move a photo whose content is no longer this (a photo replaced since, under the same name).
   */
  photos: Record<string, { hash: string; size: number; mtimeMs: number }>;
  /** Interrupted applies or undos of the folder found and repaired before indexing. */
  recovered: IndexSummary['recovered'];
  timings: { indexSeconds: number; clusterSeconds: number };
}

function seenPhotos(lib: Library, folderId: number, paths: string[]): ClusterReport['photos'] {
  const rows = lib.fileMap(folderId);
  const out: ClusterReport['photos'] = {};
  for (const p of paths) {
    const r = rows.get(p);
    if (r?.hash) out[p] = { hash: r.hash, size: r.size, mtimeMs: r.mtimeMs };
  }
  return out;
}

export async function clusterFolder(opts: ClusterOptions): Promise<ClusterReport> {
  const granularity = opts.granularity ?? DEFAULT_GRANULARITY;
  const summary = await indexFolder(opts);
  const t0 = performance.now();
  opts.onProgress?.({ stage: 'cluster', done: 0, total: null, rate: 0, etaSeconds: null, detail: 'arranging photos by similarity' });
  const lib = Library.open(summary.dataDir);
  try {
    const grouped = await groupIndexed(lib, summary.folderId, summary.model.id, { granularity, signal: opts.signal });
    const report: ClusterReport = {
      folder: summary.folder,
      model: summary.model,
      granularity,
      ...grouped,
      recovered: summary.recovered,
      timings: { indexSeconds: summary.timings.totalSeconds, clusterSeconds: (performance.now() - t0) / 1000 },
    };
    opts.onProgress?.({ stage: 'cluster', done: 1, total: 1, rate: 0, etaSeconds: 0 });
    return report;
  } finally {
    lib.close();
  }
}

/**
 * The grouping half of `likeness cluster`, on a folder already indexed: group its photos (keeping the ids of the
 * groups saved before, and saving the new ones), find duplicates, list what was skipped. The benchmark runs this
 * on a library of 100,000 photos for the command's own peak memory.
 */
export async function groupIndexed(
  lib: Library,
  folderId: number,
  modelId: string,
  opts: { granularity: number; signal?: AbortSignal },
): Promise<Pick<ClusterReport, 'params' | 'groups' | 'unsorted' | 'duplicates' | 'skipped' | 'photos'>> {
  const photos = loadVectors(lib, folderId, modelId);
  const grouper = await Grouper.prepare(photos, { signal: opts.signal });
  opts.signal?.throwIfAborted();
  const grouping = grouper.group(opts.granularity, lib.savedGroups(folderId, modelId));
  const hashOf = new Map(photos.paths.map((p, i) => [p, photos.hashes[i]]));
  lib.saveGroups(
    folderId,
    modelId,
    grouping.groups.map((g) => ({ id: g.id, name: g.name, members: [...new Set(g.files.map((p) => hashOf.get(p)!))] })),
  );
  const duplicates = folderDuplicates(lib, photos, grouper);
  return {
    params: grouping.params,
    groups: grouping.groups.map((g) => ({
      id: g.id,
      name: g.name,
      files: g.files,
      suggested: g.suggested.map((s) => s.path),
      confidence: Object.fromEntries(g.suggested.map((s) => [s.path, s.confidence])),
      reasons: Object.fromEntries(g.suggested.flatMap((s) => (s.reason !== undefined ? [[s.path, s.reason]] : []))),
    })),
    unsorted: grouping.unsorted,
    duplicates,
    skipped: lib.skipped(folderId),
    photos: seenPhotos(lib, folderId, photos.paths),
  };
}
