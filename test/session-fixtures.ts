// Fixtures for the grouping-session tests: photos named by a short word with a real-looking content hash, and
// suggested groupings whose ids come from the engine's own identity matching, as after a real re-grouping.
import { createHash } from 'node:crypto';
import { assignGroupIds } from '../electron/engine/cluster/identity';
import type { SuggestedGrouping } from '../electron/engine/session';

/** The content hash of photo `name` (copies of one photo share a name: 'dog1' for 'a/dog1.jpg' and 'b/dog1.jpg'). */
export function h(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

/** 'a/dog1.jpg' → hash of 'dog1'. */
export function hashOfPaths(paths: string[]): Map<string, string> {
  return new Map(paths.map((p) => [p, h(p.replace(/^.*\//, '').replace(/\.\w+$/, ''))]));
}

export interface GroupSpec {
  name: string;
  files: string[];
  /** Members placed by neighbours, with confidence. */
  suggested?: Record<string, number>;
}

/** A suggested grouping with ids kept stable against `previous` the way the Grouper does it. */
export function suggest(groups: GroupSpec[], unsorted: string[], previous: SuggestedGrouping | null = null): { grouping: SuggestedGrouping; hashOf: Map<string, string> } {
  const all = [...groups.flatMap((g) => g.files), ...unsorted];
  const hashOf = hashOfPaths(all);
  const prevHashes = previous ? hashOfPaths([...previous.groups.flatMap((g) => g.files), ...previous.unsorted]) : new Map<string, string>();
  const prev = (previous?.groups ?? []).map((g) => ({ id: g.id, members: [...new Set(g.files.map((p) => prevHashes.get(p)!))] }));
  const ids = assignGroupIds(prev, groups.map((g) => [...new Set(g.files.map((p) => hashOf.get(p)!))]));
  return {
    grouping: {
      groups: groups.map((g, i) => ({
        id: ids[i],
        name: g.name,
        files: [...g.files].sort(),
        suggested: Object.entries(g.suggested ?? {}).map(([path, confidence]) => ({ path, confidence })),
      })),
      unsorted: [...unsorted].sort(),
    },
    hashOf,
  };
}

export const files = (prefix: string, n: number, from = 1) => Array.from({ length: n }, (_, i) => `${prefix}${from + i}.jpg`);
