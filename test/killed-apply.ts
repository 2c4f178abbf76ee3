// An apply killed with SIGKILL half-way, as a power cut or `kill -9` leaves it: the apply runs in a child process
// (organize-child.ts) that freezes after a few files have moved, and is then killed. Shared by the command-line
// and browser tests of what the next command (or the app) says about the repair. Not a test file itself.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import type { PlanGroup } from '../electron/engine/organize';

const CHILD = path.join(__dirname, `organize-child${path.extname(__filename)}`);
const EXEC_ARGS = __filename.endsWith('.ts') ? ['--import', 'tsx'] : [];

/** Moves the photos of `groups` within `folder`, and kills the process once `filesMoved` operations are done. */
export async function killedApply(folder: string, dataDir: string, groups: PlanGroup[], filesMoved = 3): Promise<void> {
  const job = { op: 'apply', folder, dataDir, groups, target: null, mode: 'move', freezeAfter: filesMoved + 1 };
  const child = spawn(process.execPath, [...EXEC_ARGS, CHILD, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('frozen\n')) resolve();
    });
    void exited.then(([code]) => reject(new Error(`the apply ended (${code}) before it could be killed: ${out.slice(-200)} ${err}`)));
  });
  child.kill('SIGKILL');
  const [, signal] = await exited;
  assert.equal(signal, 'SIGKILL');
}
