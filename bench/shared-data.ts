// bench/shared-data.ts — owns: locating the read-only shared data (../shared beside the checkout) for the bench.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root, found from this file whether it runs from bench/ (tsx) or dist/bench/ (compiled). */
export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find the repository root above ${__dirname}`);
}

/** ../shared beside the checkout; LIKENESS_SHARED overrides it. */
export function sharedDir(): string {
  const dir = process.env.LIKENESS_SHARED || path.resolve(repoRoot(), '..', 'shared');
  if (!fs.existsSync(path.join(dir, 'datasets'))) throw new Error(`shared data not found at ${dir} (expected datasets/ in it)`);
  return dir;
}

/** The bench's scratch/cache folder (.bench/ at the repo root, git-ignored). */
export function benchCacheDir(): string {
  return path.join(repoRoot(), '.bench');
}
