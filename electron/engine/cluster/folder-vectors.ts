// What grouping and duplicate search read from the index for one folder, shared by `likeness cluster`
// (cluster-folder.ts) and the app's opened folder (service/opened-folder.ts).
import * as fs from 'node:fs';
import { Library, type PhotoListing } from '../library/library';
import { findDuplicates, type DuplicateSet } from './duplicates';
import type { Grouper, PhotoVectors } from './grouper';

/**
 * Features, top classes and hashes of a folder's indexed photos, aligned by path. `listing`: the folder's photos
 * when the caller has already read them (otherwise read here).
 */
export function loadVectors(lib: Library, folderId: number, modelId: string, listing: Iterable<PhotoListing> = lib.photos(folderId, modelId)): PhotoVectors {
  const { paths, hashes, dim, matrix } = lib.features(folderId, modelId);
  const tops = new Map<string, PhotoVectors['tops'][number]>();
  for (const p of listing) tops.set(p.path, p.top);
  return { paths, hashes, dim, matrix, tops: paths.map((p) => tops.get(p) ?? []) };
}

/** The same, read from the library in `dataDir` for `folder` (by its real path, as indexing records it). */
export function readFolderVectors(dataDir: string, folder: string, modelId: string): PhotoVectors {
  const lib = Library.open(dataDir);
  try {
    return loadVectors(lib, lib.folderId(fs.realpathSync(folder)), modelId);
  } finally {
    lib.close();
  }
}

/** Exact and near duplicates among the photos, candidate pairs taken from the prepared grouper's neighbour graph. */
export function folderDuplicates(lib: Library, photos: PhotoVectors, grouper: Grouper): DuplicateSet[] {
  return photoDuplicates(photos, (i) => lib.content(photos.hashes[i])?.signature ?? null, grouper);
}

/** folderDuplicates with each photo's 16×16 signature given (the benchmark's grown photos have no library). */
export function photoDuplicates(photos: PhotoVectors, signatureOf: (row: number) => Uint8Array | null, grouper: Grouper): DuplicateSet[] {
  return findDuplicates(
    photos.paths.map((path, i) => ({ path, hash: photos.hashes[i], signature: signatureOf(i) })),
    photos.matrix,
    photos.dim,
    { neighbours: grouper.neighbourRows() },
  );
}
