// A small real disk for tests that fill one: a tmpfs of a given size, mounted where the test runs as root (CI does),
// unmounted when the test ends. Where mounting is impossible (not root, no tmpfs) it returns null, and the test
// falls back to the fault-injecting file system (organize-fixtures.ts). Not a test file itself.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { TestContext } from 'node:test';
import { tempDir } from './helpers';

/** Mounts a tmpfs of `bytes` and returns its path, or null when this machine does not let the test mount one. */
export function smallDisk(t: TestContext, bytes: number): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const dir = tempDir('likeness-small-disk-');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  t.after(() => {
    spawnSync('umount', [dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Fills `disk` until `leave` bytes are free (another program writing to it between the plan and the apply). */
export function fillDisk(disk: string, leave: number): void {
  const st = fs.statfsSync(disk);
  const free = st.bavail * st.bsize;
  fs.writeFileSync(`${disk}/filler.bin`, Buffer.alloc(Math.max(0, free - leave)));
}
