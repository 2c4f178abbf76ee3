// What may be applied (pure): the groups of a PLAN.json (the `likeness cluster --json` report, possibly edited by
// hand) or of the app's edited grouping, checked before anything moves. Paths must be relative, inside the folder
// and photos of its index; a path in two differently named groups is a contradiction, not a guess. The report's
// `photos` say what the grouping saw of each photo (content hash, size, time), so that a photo replaced since is
// never moved into the old photo's group.
import * as path from 'node:path';
import { z } from 'zod';
import type { PlanGroup } from './plan';

const PlanFileGroup = z.object({ name: z.string(), files: z.array(z.string()) }).passthrough();

/** What the grouping saw of one photo; any part may be missing from a plan written by hand or by an older version. */
const PlanFilePhoto = z.object({ hash: z.string().optional(), size: z.number().optional(), mtimeMs: z.number().optional() }).passthrough();
export type PhotoSeen = z.infer<typeof PlanFilePhoto>;

/** The parts of the cluster report that apply reads; everything else in the file is ignored. */
export const PlanFile = z
  .object({
    folder: z.string().optional(),
    groups: z.array(PlanFileGroup),
    /** Paths (or whole groups moved here by hand) left where they are. */
    unsorted: z.array(z.union([z.string(), PlanFileGroup])).optional(),
    /** Path → what the grouping saw of that photo. */
    photos: z.record(z.string(), PlanFilePhoto).optional(),
  })
  .passthrough();
export type PlanFile = z.infer<typeof PlanFile>;

/** An apply that already moved photos a plan names (the plan was applied before). */
export interface AppliedBefore {
  applyId: number;
  startedAt: number;
  /** The next undo would revert it (it is the folder's latest apply still applied). */
  undoneNext: boolean;
}

export class PlanError extends Error {
  constructor(
    readonly problems: string[],
    readonly appliedBefore: AppliedBefore[] = [],
  ) {
    super(
      problems.length === 1
        ? `the plan cannot be applied: ${problems[0]}`
        : `the plan cannot be applied (${problems.length} problems): ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`,
    );
  }
}

/** Parses PLAN.json text into groups; a file that is not a plan is refused with what is wrong. */
export function parsePlanFile(text: string): PlanFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PlanError([`it is not valid JSON (${(e as Error).message})`]);
  }
  const parsed = PlanFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlanError([`${issue.path.join('.') || 'the file'}: ${issue.message} (expected the JSON written by "likeness cluster --json")`]);
  }
  return parsed.data;
}

/** Groups to apply from a plan file: photos listed in `unsorted` stay where they are even if a group lists them. */
export function groupsOfPlanFile(plan: PlanFile): PlanGroup[] {
  const leave = new Set<string>();
  for (const u of plan.unsorted ?? []) {
    if (typeof u === 'string') leave.add(u);
    else for (const f of u.files) leave.add(f);
  }
  return plan.groups.map((g) => ({ name: g.name, files: g.files.filter((f) => !leave.has(f)) }));
}

/** What the grouping saw of each photo, from the plan file (absent in plans written before it was recorded). */
export function seenOfPlanFile(plan: PlanFile): Map<string, PhotoSeen> {
  return new Map(Object.entries(plan.photos ?? {}));
}

/**
 * Checks every path and group before anything moves. `isPhoto` says whether a relative path is a photo of the
 * folder's index: true, false (unknown path) or why it is not one (the index's reason for skipping it).
 * Returns the groups with duplicate mentions removed; throws PlanError listing every problem.
 */
export function validatePlanGroups(groups: PlanGroup[], isPhoto: (rel: string) => boolean | string, platform: NodeJS.Platform = process.platform): PlanGroup[] {
  const problems: string[] = [];
  const owner = new Map<string, string>();
  const out: PlanGroup[] = [];
  for (const g of groups) {
    const name = g.name.trim();
    if (!name) {
      problems.push(`a group has no name (its name becomes its folder's name)`);
      continue;
    }
    const files: string[] = [];
    for (const rel of g.files) {
      const bad = badPath(rel, platform);
      if (bad) {
        problems.push(`${JSON.stringify(rel)}: ${bad}`);
        continue;
      }
      const photo = isPhoto(rel);
      if (photo !== true) {
        problems.push(`${JSON.stringify(rel)} is not a photo of this folder's index (${photo === false ? 'unknown path' : photo})`);
        continue;
      }
      const prev = owner.get(rel);
      if (prev !== undefined && prev !== name) {
        problems.push(`${JSON.stringify(rel)} is listed in two groups ("${prev}" and "${name}")`);
        continue;
      }
      if (prev === undefined) files.push(rel);
      owner.set(rel, name);
    }
    out.push({ name, files });
  }
  if (problems.length) throw new PlanError(problems);
  return out;
}

/** Why a plan path is unacceptable, or null: it must be relative, '/'-separated and stay inside the folder. */
export function badPath(rel: string, platform: NodeJS.Platform = process.platform): string | null {
  if (rel.length === 0) return 'empty path';
  if (rel.includes('\0')) return 'path contains a NUL character';
  if (rel.startsWith('/') || path.win32.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) return 'absolute paths are not allowed; paths are relative to the folder';
  if (platform === 'win32' && rel.includes('\\')) return 'use "/" between folder names';
  const parts = rel.split('/');
  if (parts.some((p) => p === '..')) return 'paths may not leave the folder ("..")';
  if (parts.some((p) => p === '' || p === '.')) return 'path has an empty or "." part';
  return null;
}
