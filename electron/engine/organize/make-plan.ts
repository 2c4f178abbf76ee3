// Making a plan from what is on disk: the folder's index says which paths are photos (and their hashes), the
// folders themselves say which names are taken and which sidecars exist. Nothing is changed, except that an
// interrupted apply found on the way is repaired first, so the plan starts from a consistent folder.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApplyMode, RecoveryNote } from '../../ipc/contract';
import { Library } from '../library/library';
import { realFs } from './file-ops';
import { Journal } from './journal';
import { buildPlan, type FolderFacts, type PhotoFacts, type Plan, type PlanGroup } from './plan';
import { validatePlanGroups } from './plan-input';
import { recoverJournal } from './recover';

export interface PlanRequest {
  folder: string;
  dataDir: string;
  groups: PlanGroup[];
  /** Where group folders go; the folder itself when absent. */
  target?: string | null;
  mode: ApplyMode;
}

export class NotIndexedError extends Error {
  constructor(folder: string) {
    super(`${folder} has not been indexed yet: run "likeness cluster ${folder}" first`);
  }
}

export async function makePlan(req: PlanRequest): Promise<Plan & { recovered: RecoveryNote[] }> {
  const root = await fs.promises.realpath(req.folder);
  const lib = Library.open(req.dataDir);
  try {
    const folderId = lib.folderId(root);
    const recovered = await recoverJournal(new Journal(lib, folderId, root), realFs, { requireIdle: true });
    const rows = lib.fileMap(folderId);
    const photoCount = [...rows.values()].filter((r) => r.status === 'photo').length;
    if (photoCount === 0) throw new NotIndexedError(root);
    const groups = validatePlanGroups(req.groups, (rel) => rows.get(rel)?.status === 'photo');
    const target = realTarget(req.target ?? root);
    const problems: string[] = [];
    // Each photo is looked at once, though the planner asks about it several times (present, planned, sidecars).
    const photos = new Map<string, PhotoFacts | undefined>();
    const facts: FolderFacts = {
      photoCount,
      photo(rel) {
        if (photos.has(rel)) return photos.get(rel);
        const row = rows.get(rel);
        const st = row?.status === 'photo' ? lstatOrNull(path.join(root, ...rel.split('/'))) : undefined;
        const found = row && st?.isFile() ? { size: st.size, mtimeMs: st.mtimeMs, hash: row.hash } : undefined;
        photos.set(rel, found);
        return found;
      },
      entries(dir) {
        try {
          return fs.readdirSync(dir);
        } catch {
          return [];
        }
      },
      isFolder(abs) {
        return lstatOrNull(abs)?.isDirectory() ?? false;
      },
      fileFacts(abs) {
        const st = lstatOrNull(abs);
        return st?.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : undefined;
      },
    };
    // Photos of the index that are gone from the disk are left out with a note rather than failing the whole plan.
    const present = groups.map((g) => ({
      name: g.name,
      files: g.files.filter((rel) => {
        if (facts.photo(rel)) return true;
        problems.push(`${rel} is no longer in the folder; left out`);
        return false;
      }),
    }));
    const plan = buildPlan(randomUUID(), root, target, req.mode, present, facts);
    return { ...plan, problems: [...problems, ...plan.problems], recovered };
  } finally {
    lib.close();
  }
}

/**
 * The target as the file system sees it: symlinks in its existing part resolved (macOS's /tmp, a drive linked into
 * the home folder), so that folders are created through them and a target that is the folder itself is known as such.
 */
function realTarget(target: string): string {
  const abs = path.resolve(target);
  const rest: string[] = [];
  for (let d = abs; ; d = path.dirname(d)) {
    try {
      return path.join(fs.realpathSync.native(d), ...rest.reverse()); // as the root was resolved (fs.promises.realpath)
    } catch {
      if (path.dirname(d) === d) return abs;
      rest.push(path.basename(d));
    }
  }
}

function lstatOrNull(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}
