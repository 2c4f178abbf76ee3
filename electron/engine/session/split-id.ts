// Ids of the groups a user makes by splitting: derived from the photos' hashes so the same split always gets the
// same id (a replay without the stored id finds it again), "u-" so it never meets an engine id (pure).
import { createHash } from 'node:crypto';

/** "u-" + 8 hex of the sorted hashes' sha256, rehashed with a counter while `taken` has it. */
export function splitGroupId(hashes: readonly string[], taken: ReadonlySet<string> = new Set()): string {
  const key = [...new Set(hashes)].sort().join('\n');
  for (let attempt = 0; ; attempt++) {
    const id = `u-${createHash('sha256').update(attempt === 0 ? key : `${key}\n#${attempt}`).digest('hex').slice(0, 8)}`;
    if (!taken.has(id)) return id;
  }
}
