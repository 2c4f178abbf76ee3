// What the app can ask about photos beyond the groups view (pure): why a photo is where it is (its top classes,
// its group's classes, whether it is only suggested, how close it is to the group's mean photo) and which photos
// a search names (file name and what the network sees in them).
import type { PhotoExplanation } from '../../ipc/contract';
import type { PhotoVectors } from '../cluster/grouper';
import { commonName, loadClassNames } from '../embed/classes';
import type { PhotoListing } from '../library/library';
import { ContractError } from '../../ipc/contract';
import type { PhotoKeys } from '../session';
import type { EditedGrouping, SuggestedGrouping } from '../session/types';

export interface ExplainInputs {
  edited: EditedGrouping;
  /** The grouping underneath, for a group's concept when it names one. */
  suggested: SuggestedGrouping;
  keys: PhotoKeys;
  photos: ReadonlyMap<string, PhotoListing>;
  vectors: PhotoVectors;
}

/** Classes listed for a group: its photos' most common top classes. */
const GROUP_CLASSES = 3;

export function explainPhoto(key: string, inp: ExplainInputs): PhotoExplanation {
  const path = inp.keys.paths(key).find((p) => inp.photos.has(p));
  if (path === undefined) throw new ContractError(`photo ${key.slice(0, 12)}… is not in this folder's groups`);
  const listing = inp.photos.get(path)!;
  const top = listing.top.map(([c, p]) => ({ name: safeName(c), probability: round3(p) }));
  const excluded = inp.edited.excluded.includes(path);
  const group = excluded ? undefined : inp.edited.groups.find((g) => g.members.includes(path));
  const out: PhotoExplanation = {
    key,
    path,
    place: excluded ? 'excluded' : group ? 'group' : 'unsorted',
    group: null,
    top,
    placedByUser: inp.edited.decided.has(path) || excluded,
  };
  if (!group) return out;
  const counts = new Map<string, number>();
  for (const m of group.members) {
    const t = inp.photos.get(m)?.top[0];
    if (t) counts.set(safeName(t[0]), (counts.get(safeName(t[0])) ?? 0) + 1);
  }
  const classes = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, GROUP_CLASSES)
    .map(([name, n]) => ({ name, share: round3(n / group.members.length) }));
  out.group = { id: group.id, name: group.name, size: group.members.length, classes };
  // The grouping names a concept for its groups when it has one (a field the cluster step may carry).
  const concept = (inp.suggested.groups.find((g) => g.id === group.id) as { concept?: unknown } | undefined)?.concept;
  if (typeof concept === 'string' && concept) out.group.concept = concept;
  const s = group.suggested.find((x) => x.path === path);
  if (s) out.suggested = s.confidence;
  const closeness = closenessTo(path, group.members, inp.vectors);
  if (closeness) out.closeness = closeness;
  return out;
}

/** Cosine similarity of the photo to the mean of its group's unit feature vectors, and how many members are closer. */
function closenessTo(path: string, members: string[], v: PhotoVectors): PhotoExplanation['closeness'] | undefined {
  const rowOf = new Map<string, number>();
  v.paths.forEach((p, i) => rowOf.set(p, i));
  const rows = members.map((m) => rowOf.get(m)).filter((r): r is number => r !== undefined);
  const own = rowOf.get(path);
  if (own === undefined || rows.length < 2) return undefined;
  const mean = new Float64Array(v.dim);
  const unit = (r: number): Float64Array => {
    const out = new Float64Array(v.dim);
    let norm = 0;
    for (let d = 0; d < v.dim; d++) norm += v.matrix[r * v.dim + d] ** 2;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < v.dim; d++) out[d] = v.matrix[r * v.dim + d] * inv;
    return out;
  };
  const units = rows.map(unit);
  for (const u of units) for (let d = 0; d < v.dim; d++) mean[d] += u[d];
  let meanNorm = 0;
  for (let d = 0; d < v.dim; d++) meanNorm += mean[d] ** 2;
  meanNorm = Math.sqrt(meanNorm) || 1;
  const sim = (u: Float64Array) => {
    let dot = 0;
    for (let d = 0; d < v.dim; d++) dot += u[d] * mean[d];
    return dot / meanNorm;
  };
  const mine = sim(unit(own));
  const closerMembers = units.filter((u) => sim(u) > mine + 1e-9).length;
  return { similarity: round3(mine), closerMembers };
}

/** Keys of the photos whose path or class names contain every word of `query` (case-insensitive); none for a blank query. */
export function searchPhotos(query: string, photos: Iterable<PhotoListing>, keyOf: (path: string) => string | undefined): string[] {
  const words = query.toLocaleLowerCase('en-US').split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const names = loadClassNames().map((n) => n.toLocaleLowerCase('en-US'));
  const out: string[] = [];
  for (const p of photos) {
    const text = `${p.path.toLocaleLowerCase('en-US')}\n${p.top.map(([c]) => names[c] ?? '').join('\n')}`;
    if (!words.every((w) => text.includes(w))) continue;
    const k = keyOf(p.path);
    if (k !== undefined) out.push(k);
  }
  return out;
}

function safeName(index: number): string {
  try {
    return commonName(index);
  } catch {
    return `class ${index}`;
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
