// The machine-readable account of an indexed folder (the `--json` contract of `likeness index`):
// every photo once in `files`, every other file once in `skipped`.
import { commonName } from '../embed/classes';
import { Library } from '../library/library';
import type { SkippedFile } from '../types';
import type { IndexSummary } from './index-folder';

export interface IndexReport {
  folder: string;
  model: { id: string; name: string; provider: string; providerNotes: string[]; featureDim: number | null };
  files: Array<{ path: string; width: number; height: number; hash: string; top: Array<[string, number]> }>;
  skipped: SkippedFile[];
  counts: IndexSummary['counts'];
  timings: IndexSummary['timings'];
}

export function buildIndexReport(summary: IndexSummary): IndexReport {
  const lib = Library.open(summary.dataDir);
  try {
    const files: IndexReport['files'] = [];
    for (const p of lib.photos(summary.folderId, summary.model.id)) {
      files.push({ path: p.path, width: p.width, height: p.height, hash: p.hash, top: p.top.map(([c, prob]) => [commonName(c), prob]) });
    }
    return {
      folder: summary.folder,
      model: { id: summary.model.id, name: summary.model.name, provider: summary.model.provider, providerNotes: summary.model.providerNotes, featureDim: summary.model.featureDim },
      files,
      skipped: lib.skipped(summary.folderId),
      counts: summary.counts,
      timings: summary.timings,
    };
  } finally {
    lib.close();
  }
}

/** Only the skipped files and their reasons: what a person reads after a run, without listing every photo. */
export function listSkipped(summary: IndexSummary): SkippedFile[] {
  const lib = Library.open(summary.dataDir);
  try {
    return lib.skipped(summary.folderId);
  } finally {
    lib.close();
  }
}
