// Earlier applies of the folder, as a new plan meets them: a plan naming photos that an apply moved away (the same
// plan applied twice) is told which apply moved them and where, not "unknown path"; photos an earlier apply moved or
// copied to where this plan puts them count as already there, so that running a plan again finishes it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApplyMode } from '../../ipc/contract';
import { sha256File } from './file-ops';
import { nameKey, safeFolderName } from './folder-names';
import type { Journal } from './journal';
import type { PhotoCheck } from './photo-check';
import { toDisplay, type PhotoFacts, type PlanGroup } from './plan';
import { PlanError, validatePlanGroups, type AppliedBefore } from './plan-input';

/** Unknown paths looked up in the journal at most (each lookup reads the journal's operations). */
const MOVED_LOOKUPS = 1000;

/** A photo of the request an earlier apply already put where this plan puts it (the same plan run again). */
export interface MovedBefore {
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
export function validateAgainstEarlier(groups: PlanGroup[], check: PhotoCheck, journal: Journal, root: string, target: string): { groups: PlanGroup[]; movedBefore: MovedBefore[] } {
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
export function earlierNotes(movedBefore: MovedBefore[], root: string, mode: ApplyMode): string[] {
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
 * Photos of a copy plan that an earlier copy (still applied) put where this plan puts them, the copy still byte
 * for byte the photo as it is now: copying them again would only make "(2)" duplicates.
 */
export async function copiedBefore(groups: PlanGroup[], checked: ReadonlyMap<string, PhotoFacts>, journal: Journal, root: string, target: string): Promise<MovedBefore[]> {
  const copies = journal.copiesMade();
  const latest = journal.applies().find((a) => a.state === 'applied')?.id;
  const out: MovedBefore[] = [];
  for (const g of groups) {
    for (const rel of g.files) {
      const facts = checked.get(rel);
      const copy = copies.get(path.join(root, ...rel.split('/')));
      if (!facts || !copy || copy.hash === null || copy.hash !== facts.hash || !inGroupFolder(copy.dest, target, g.name)) continue;
      // The copy must still be one: same size, and the same bytes (an edited copy is another photo now).
      const st = await fs.promises.lstat(copy.dest).catch(() => null);
      if (!st?.isFile() || st.size !== facts.size || (await sha256File(copy.dest).catch(() => null)) !== facts.hash) continue;
      out.push({ path: rel, dest: copy.dest, apply: { applyId: copy.apply.id, startedAt: copy.apply.startedAt, undoneNext: latest === copy.apply.id } });
    }
  }
  return out;
}
