// The apply plan (pure): every file operation decided before anything moves — each grouped photo and its sidecars
// to `<target>/<group folder>/<name>`, with folder names safe everywhere and a numbered suffix wherever a name is
// taken, so that the preview shows exactly what will happen and nothing can be overwritten.
import * as path from 'node:path';
import type { ApplyMode, PlanPreview, RecoveryNote } from '../../ipc/contract';
import { distinctFolderNames, nameKey } from './folder-names';
import { baseOf, companionName, extOf, findSidecars } from './sidecars';

export interface PlanGroup {
  name: string;
  /** Paths relative to the folder, '/'-separated, as in the index. */
  files: string[];
}

export interface PhotoFacts {
  size: number;
  mtimeMs: number;
  hash: string | null;
}

/** What the planner needs to know of the disk, gathered by make-plan.ts (or given by a test). */
export interface FolderFacts {
  /** The indexed photo at a relative path, or undefined. */
  photo(rel: string): PhotoFacts | undefined;
  /** Entry names of a folder (absolute path); empty when it does not exist. */
  entries(dir: string): string[];
  /** Size and mtime of a non-photo file (a sidecar), or undefined when it is not a regular file. */
  fileFacts(abs: string): { size: number; mtimeMs: number } | undefined;
  /** Whether the path is a real folder (not a file, not a symlink); when absent, any entry that is no file is one. */
  isFolder?(abs: string): boolean;
  /** Number of photos in the folder's index. */
  photoCount: number;
}

export interface PlanOperation {
  seq: number;
  /** Absolute paths. */
  from: string;
  to: string;
  size: number;
  mtimeMs: number;
  /** Content sha256 when known from the index (photos); sidecars are hashed during the apply. */
  hash: string | null;
  /** Absolute path of the photo this sidecar travels with. */
  companionOf?: string;
  /** The name was changed to avoid an existing file. */
  renamed: boolean;
}

export interface Plan {
  id: string;
  folder: string;
  target: string;
  mode: ApplyMode;
  operations: PlanOperation[];
  /** Destination folders that do not exist yet (apply creates them, undo removes them when empty). */
  newDirs: string[];
  /** Photos of the folder the plan leaves where they are. */
  untouched: number;
  /** Photos already where the plan puts them. */
  inPlace: number;
  /** Photos of the groups the planner placed (inPlace included). */
  photos: number;
  /** Photos the request named that the plan leaves where they are, with why (gone, changed since grouped). */
  leftOut: Array<{ path: string; reason: string }>;
  problems: string[];
}

export function buildPlan(id: string, folder: string, target: string, mode: ApplyMode, groups: PlanGroup[], facts: FolderFacts): Plan {
  const problems: string[] = [];
  const merged = mergeSameNames(groups);
  const existing = new Map<string, string>();
  const blocked = new Set<string>(); // files and symlinks in the target: a group never joins one as its folder
  for (const name of facts.entries(target)) {
    const abs = path.join(target, name);
    const folder = facts.isFolder ? facts.isFolder(abs) : !facts.fileFacts(abs);
    if (folder) existing.set(nameKey(name), name);
    else blocked.add(nameKey(name));
  }
  const folderNames = distinctFolderNames(merged.map((g) => g.name), existing, blocked);

  const claimed = new Set<string>();
  const operations: PlanOperation[] = [];
  const newDirs: string[] = [];
  const entriesOf = memo((dir: string) => facts.entries(dir));
  const sidecarsOf = memo((dir: string) => {
    const rels = new Map<string, string>(); // name → rel path of photos in this folder
    const names = entriesOf(dir);
    for (const n of names) {
      const rel = toRel(folder, path.join(dir, n));
      if (rel !== null && facts.photo(rel)) rels.set(n, rel);
    }
    return findSidecars([...rels.keys()], names, (n) => rels.has(n));
  });
  let inPlace = 0;
  let planned = 0;

  merged.forEach((group, g) => {
    const destDir = path.join(target, folderNames[g]);
    if (!existing.has(nameKey(folderNames[g]))) newDirs.push(destDir);
    const taken = new Set(entriesOf(destDir).map(nameKey));
    for (const rel of [...group.files].sort()) {
      const photo = facts.photo(rel)!;
      planned++;
      const from = path.join(folder, ...rel.split('/'));
      const srcDir = path.dirname(from);
      const name = path.basename(from);
      if (nameKey(path.join(srcDir, name)) === nameKey(path.join(destDir, name))) {
        inPlace++;
        continue;
      }
      const sidecars = sidecarsOf(srcDir);
      for (const a of sidecars.ambiguous.filter((x) => x.photos.includes(name))) {
        problems.push(`${toDisplay(folder, path.join(srcDir, a.name))} stays where it is: it could belong to ${a.photos.join(' or ')}`);
      }
      const companions = sidecars.companions.get(name) ?? [];
      const free = (n: string) => !taken.has(nameKey(n)) && !claimed.has(nameKey(path.join(destDir, n)));
      let finalName = name;
      for (let n = 2; !(free(finalName) && companions.every((c) => free(companionName(c, name, finalName)))); n++) {
        finalName = `${baseOf(name)} (${n})${extOf(name) ? `.${extOf(name)}` : ''}`;
      }
      const renamed = finalName !== name;
      const to = path.join(destDir, finalName);
      claimed.add(nameKey(to));
      operations.push({ seq: operations.length, from, to, size: photo.size, mtimeMs: photo.mtimeMs, hash: photo.hash, renamed });
      for (const c of companions) {
        const cFrom = path.join(srcDir, c);
        const cFacts = facts.fileFacts(cFrom);
        if (!cFacts) continue;
        const cTo = path.join(destDir, companionName(c, name, finalName));
        claimed.add(nameKey(cTo));
        operations.push({ seq: operations.length, from: cFrom, to: cTo, size: cFacts.size, mtimeMs: cFacts.mtimeMs, hash: null, companionOf: from, renamed });
      }
    }
  });
  return { id, folder, target, mode, operations, newDirs, untouched: Math.max(0, facts.photoCount - planned), inPlace, photos: planned, leftOut: [], problems };
}

/** Groups that share a name are one folder (the plan file's rule: "two groups with the same name are merged"). */
function mergeSameNames(groups: PlanGroup[]): PlanGroup[] {
  const byName = new Map<string, PlanGroup>();
  for (const g of groups) {
    const name = g.name.trim();
    const prev = byName.get(name);
    if (prev) prev.files.push(...g.files);
    else byName.set(name, { name, files: [...g.files] });
  }
  return [...byName.values()].filter((g) => g.files.length > 0);
}

/** What the user reviews: paths relative to the folder where they are inside it. */
export function previewOf(plan: Plan & { recovered?: RecoveryNote[] }): PlanPreview {
  const counts = new Map<string, number>();
  for (const op of plan.operations) {
    const dir = toDisplay(plan.folder, path.dirname(op.to));
    counts.set(dir, (counts.get(dir) ?? 0) + 1);
  }
  return {
    planId: plan.id,
    mode: plan.mode,
    target: plan.target,
    operations: plan.operations.map((op) => ({
      from: toDisplay(plan.folder, op.from),
      to: toDisplay(plan.folder, op.to),
      ...(op.companionOf ? { companionOf: toDisplay(plan.folder, op.companionOf) } : {}),
      ...(op.renamed ? { renamed: true } : {}),
    })),
    folders: [...counts].map(([folder, count]) => ({ folder, count })).sort((a, b) => a.folder.localeCompare(b.folder)),
    untouched: plan.untouched,
    problems: plan.problems,
    recovered: plan.recovered ?? [],
  };
}

/** `abs` relative to `root` with '/' separators, or null when it is outside. */
export function toRel(root: string, abs: string): string | null {
  const rel = path.relative(root, abs);
  if (!rel || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

export function toDisplay(root: string, abs: string): string {
  return toRel(root, abs) ?? abs;
}

function memo<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined && !cache.has(key)) {
      v = fn(key);
      cache.set(key, v);
    }
    return v as T;
  };
}
