// Making a plan from what is on disk: the folder's index says which paths are photos (and their hashes), the
// folders themselves say which names are taken and which sidecars exist. Before anything is planned, the
// destination is checked (a writable folder), and each photo is checked to be the one that was grouped; after, the
// destination's free space. Nothing is changed, except that an interrupted apply found on the way is repaired
// first, so the plan starts from a consistent folder.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApplyMode, RecoveryNote } from '../../ipc/contract';
import { Library } from '../library/library';
import { realFs, sha256File } from './file-ops';
import { Journal } from './journal';
import { PhotoCheck } from './photo-check';
import { nameKey, safeFolderName } from './folder-names';
import { buildPlan, toDisplay, type FolderFacts, type PhotoFacts, type Plan, type PlanGroup } from './plan';
import { PlanError, validatePlanGroups, type AppliedBefore, type PhotoSeen } from './plan-input';
import { recoverJournal } from './recover';
import { checkSpace, checkTarget } from './target-check';

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

/** Unknown paths looked up in the journal at most (each lookup reads the journal's operations). */
const MOVED_LOOKUPS = 1000;

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
    const { groups, movedBefore } = validate(req.groups, check, journal, root, target);
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
      const copies = journal.copiesMade();
      const latest = journal.applies().find((a) => a.state === 'applied')?.id;
      for (const g of groups) {
        for (const rel of g.files) {
          const facts = checked.get(rel);
          const copy = copies.get(path.join(root, ...rel.split('/')));
          if (!facts || !copy || copy.hash === null || copy.hash !== facts.hash || !inGroupFolder(copy.dest, target, g.name)) continue;
          // The copy must still be one: same size, and the same bytes (an edited copy is another photo now).
          const st = lstatOrNull(copy.dest);
          if (!st?.isFile() || st.size !== facts.size || (await sha256File(copy.dest).catch(() => null)) !== facts.hash) continue;
          checked.delete(rel);
          movedBefore.push({ path: rel, dest: copy.dest, apply: { applyId: copy.apply.id, startedAt: copy.apply.startedAt, undoneNext: latest === copy.apply.id } });
        }
      }
    }
    const present = groups.map((g) => ({ name: g.name, files: g.files.filter((rel) => checked.has(rel)) }));
    const plan = buildPlan(randomUUID(), root, target, req.mode, present, facts);
    checkSpace(existingTarget, req.mode, plan.operations);
    return {
      ...plan,
      untouched: Math.max(0, plan.untouched - leftOut.length),
      // Photos an earlier apply of this plan moved are where the plan puts them: already there.
      inPlace: plan.inPlace + movedBefore.length,
      photos: plan.photos + movedBefore.length,
      leftOut,
      problems: [...movedBeforeNotes(movedBefore, root, req.mode), ...leftOut.map((l) => `${l.path} is left where it is: ${l.reason}`), ...plan.problems],
      earlier: [...new Map(movedBefore.map((m) => [m.apply.applyId, m.apply])).values()],
      recovered,
    };
  } finally {
    lib.close();
  }
}

/** Photos of the request an earlier apply already moved to where this plan puts them (the same plan run again). */
interface MovedBefore {
  path: string;
  dest: string;
  apply: AppliedBefore;
}

/**
 * The request's groups, checked (plan-input.ts). A path that is no photo of the index because an earlier apply
 * moved it away is told as such. When the earlier apply moved it into the folder this plan gives its group (the
 * same plan run again, say after a full disk stopped it), it counts as already there and the rest goes ahead;
 * moved anywhere else, the plan is refused with where it is and which apply moved it.
 */
function validate(groups: PlanGroup[], check: PhotoCheck, journal: Journal, root: string, target: string): { groups: PlanGroup[]; movedBefore: MovedBefore[] } {
  const unknown = [...new Set(groups.flatMap((g) => g.files))].filter((rel) => check.isPhoto(rel) === false).slice(0, MOVED_LOOKUPS);
  const moved = new Map([...journal.movedAway(unknown.map((rel) => path.join(root, ...rel.split('/'))))].map(([abs, m]) => [toDisplay(root, abs), m]));
  let problems: string[] = [];
  let valid: PlanGroup[] = [];
  try {
    valid = validatePlanGroups(groups, (rel) => moved.has(rel) || check.isPhoto(rel));
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    problems = e.problems;
  }
  const latest = journal.applies().find((a) => a.state === 'applied');
  const applyOf = (m: { apply: { id: number; startedAt: number } }): AppliedBefore => ({ applyId: m.apply.id, startedAt: m.apply.startedAt, undoneNext: latest?.id === m.apply.id });
  const movedBefore: MovedBefore[] = [];
  const elsewhere = new Map<number, Array<[string, string]>>();
  const applies = new Map<number, AppliedBefore>();
  for (const g of groups) {
    for (const rel of g.files) {
      const m = moved.get(rel);
      if (!m) continue;
      moved.delete(rel); // a path listed twice is told once
      applies.set(m.apply.id, applyOf(m));
      if (inGroupFolder(m.dest, target, g.name)) {
        movedBefore.push({ path: rel, dest: m.dest, apply: applyOf(m) });
      } else {
        const list = elsewhere.get(m.apply.id) ?? [];
        list.push([rel, toDisplay(root, m.dest)]);
        elsewhere.set(m.apply.id, list);
      }
    }
  }
  const summaries = [...elsewhere].map(([id, list]) => {
    const apply = applies.get(id)!;
    const [from, to] = list[0];
    const photos = list.length === 1 ? `${JSON.stringify(from)} was` : `${list.length} of its photos were`;
    return `${photos} moved elsewhere by the apply of ${localTime(apply.startedAt)} (${JSON.stringify(from)} is now ${JSON.stringify(to)}); ${apply.undoneNext ? 'undo that apply to put them back' : 'undo the applies made since, then that one, to put them back'}`;
  });
  if (summaries.length || problems.length) throw new PlanError([...summaries, ...problems], [...elsewhere.keys()].map((id) => applies.get(id)!));
  const done = new Set(movedBefore.map((m) => m.path));
  return { groups: valid.map((g) => ({ name: g.name, files: g.files.filter((f) => !done.has(f)) })), movedBefore };
}

/** Whether `dest` lies in the folder a plan to `target` gives the group named `group`. */
function inGroupFolder(dest: string, target: string, group: string): boolean {
  const folder = path.dirname(dest);
  return path.dirname(folder) === target && nameKey(path.basename(folder)) === nameKey(safeFolderName(group.trim()));
}

/** One note per earlier apply: how many photos of the plan it moved where the plan puts them already. */
function movedBeforeNotes(movedBefore: MovedBefore[], root: string, mode: ApplyMode): string[] {
  const byApply = new Map<number, MovedBefore[]>();
  for (const m of movedBefore) byApply.set(m.apply.applyId, [...(byApply.get(m.apply.applyId) ?? []), m]);
  return [...byApply.values()].map((list) => {
    const what = list.length === 1 ? `${JSON.stringify(list[0].path)} was` : `${list.length} photos of the plan were`;
    return `${what} ${mode === 'copy' ? 'copied' : 'moved'} by the apply of ${localTime(list[0].apply.startedAt)} already, to where the plan puts them (${JSON.stringify(list[0].path)} is ${JSON.stringify(toDisplay(root, list[0].dest))})`;
  });
}

/** "2025-01-07 10:31", in the person's time zone. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
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
