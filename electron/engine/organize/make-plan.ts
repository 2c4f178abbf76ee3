// Making a plan from what is on disk: the folder's index says which paths are photos (and their hashes), the
// folders themselves say which names are taken and which sidecars exist. Before anything is planned, the
// destination is checked (a writable folder), each photo is checked to be the one that was grouped, and photos an
// earlier apply of the same plan placed already are counted as there; after, the destination's free space.
// Nothing is changed, except that an interrupted apply found on the way is repaired first, so the plan starts from
// a consistent folder.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApplyMode, RecoveryNote } from '../../ipc/contract';
import { Library } from '../library/library';
import { realFs } from './file-ops';
import { Journal } from './journal';
import { PhotoCheck } from './photo-check';
import { copiedBefore, earlierNotes, validateAgainstEarlier } from './earlier-applies';
import { buildPlan, type FolderFacts, type PhotoFacts, type Plan, type PlanGroup } from './plan';
import type { AppliedBefore, PhotoSeen } from './plan-input';
import { recoverJournal } from './recover';
import { checkOutsideLibraries, checkSpace, checkTarget } from './target-check';

export interface PlanRequest {
  folder: string;
  dataDir: string;
  groups: PlanGroup[];
  /** Where group folders go; the folder itself when absent. */
  target?: string | null;
  mode: ApplyMode;
  /** What the grouping saw of each photo (the plan file's `photos`); the index stands in for what is not there. */
  seen?: ReadonlyMap<string, PhotoSeen>;
}

export class NotIndexedError extends Error {
  constructor(folder: string) {
    super(`${folder} has not been indexed yet: run "likeness cluster ${folder}" first`);
  }
}

export type MadePlan = Plan & {
  recovered: RecoveryNote[];
  /** Earlier applies that moved photos of this plan where it puts them (the plan run again). */
  earlier: AppliedBefore[];
};

export async function makePlan(req: PlanRequest): Promise<MadePlan> {
  const root = await fs.promises.realpath(req.folder);
  const lib = Library.open(req.dataDir);
  try {
    const folderId = lib.folderId(root);
    const journal = new Journal(lib, folderId, root);
    const recovered = await recoverJournal(journal, realFs, { requireIdle: true });
    const rows = lib.fileMap(folderId);
    const photoCount = [...rows.values()].filter((r) => r.status === 'photo').length;
    if (photoCount === 0) throw new NotIndexedError(root);
    const check = new PhotoCheck(root, rows);
    const target = realTarget(req.target ?? root);
    const { groups, movedBefore } = validateAgainstEarlier(req.groups, check, journal, root, target);
    checkOutsideLibraries(root, target, req.mode);
    const existingTarget = checkTarget(target);

    // Each photo of the groups is looked at once, before planning: gone, replaced or changed ones are left out.
    const checked = new Map<string, PhotoFacts>();
    const leftOut: Plan['leftOut'] = [];
    for (const g of groups) {
      for (const rel of g.files) {
        const facts = await check.check(rel, req.seen?.get(rel));
        if ('reason' in facts) leftOut.push({ path: rel, reason: facts.reason });
        else checked.set(rel, facts);
      }
    }
    const others = new Map<string, PhotoFacts | undefined>();
    const facts: FolderFacts = {
      photoCount,
      photo(rel) {
        if (checked.has(rel)) return checked.get(rel);
        // Photos the plan does not move: only whether they are photos matters (their names are not sidecars).
        if (!others.has(rel)) {
          const row = rows.get(rel);
          const st = row?.status === 'photo' ? lstatOrNull(path.join(root, ...rel.split('/'))) : undefined;
          others.set(rel, row && st?.isFile() ? { size: st.size, mtimeMs: st.mtimeMs, hash: row.hash } : undefined);
        }
        return others.get(rel);
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
    // A copy plan run again: photos an earlier copy put where this plan puts them, unchanged, are there already.
    if (req.mode === 'copy') {
      for (const copied of await copiedBefore(groups, checked, journal, root, target)) {
        checked.delete(copied.path);
        movedBefore.push(copied);
      }
    }
    const present = groups.map((g) => ({ name: g.name, files: g.files.filter((rel) => checked.has(rel)) }));
    const plan = buildPlan(randomUUID(), root, target, req.mode, present, facts);
    checkSpace(existingTarget, req.mode, plan.operations);
    return {
      ...plan,
      untouched: Math.max(0, plan.untouched - leftOut.length - movedBefore.length),
      // Photos an earlier apply of this plan moved are where the plan puts them: already there.
      inPlace: plan.inPlace + movedBefore.length,
      photos: plan.photos + movedBefore.length,
      leftOut,
      problems: [...earlierNotes(movedBefore, root, req.mode), ...leftOut.map((l) => `${l.path} is left where it is: ${l.reason}`), ...plan.problems],
      earlier: [...new Map(movedBefore.map((m) => [m.apply.applyId, m.apply])).values()],
      recovered,
    };
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
