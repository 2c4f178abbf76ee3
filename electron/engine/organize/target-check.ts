// The destination of an apply, checked before anything moves: a folder (or a path that can become one), on a disk
// that can be written, with room for what the plan writes there. Failing any of these would otherwise fail every
// file of the plan one by one, or fill the disk half-way.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ApplyMode } from '../../ipc/contract';
import { errCode } from './file-ops';
import type { PlanOperation } from './plan';
import { formatBytes } from '../../../renderer/src/logic/format';
import { enclosingLibrary } from '../scan/managed-libraries';

export class TargetError extends Error {}

/** Checks that `target` is or can become a writable folder; returns its nearest existing folder. */
export function checkTarget(target: string): string {
  for (let d = target; ; d = path.dirname(d)) {
    let st: fs.Stats;
    try {
      st = fs.statSync(d);
    } catch (e) {
      const code = errCode(e);
      if ((code === 'ENOENT' || code === 'ENOTDIR') && path.dirname(d) !== d) continue;
      throw new TargetError(`the destination ${target} cannot be used: ${(e as Error).message}`);
    }
    if (!st.isDirectory()) {
      throw new TargetError(d === target ? `the destination ${target} is a file, not a folder` : `the destination ${target} cannot be created: ${d} is a file, not a folder`);
    }
    try {
      fs.accessSync(d, fs.constants.W_OK);
    } catch (e) {
      const code = errCode(e);
      if (code === 'EROFS') throw new TargetError(`the destination ${target} is on a read-only disk`);
      throw new TargetError(`the destination ${target} cannot be written to (${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message})`);
    }
    return d;
  }
}

/**
 * Refuses to write into a photo application's library, or to move files out of one: either would break that
 * application's own record of its files. Copying out of one, to a folder outside it, is how photos leave it safely.
 */
export function checkOutsideLibraries(folder: string, target: string, mode: ApplyMode): void {
  const into = enclosingLibrary(target);
  if (into) throw new TargetError(`the destination ${target} ${isIn(target, into)}: that application keeps its files there, and new folders in it would damage it; choose a folder outside it`);
  const from = mode === 'move' ? enclosingLibrary(folder) : null;
  if (from) throw new TargetError(`${folder} ${isIn(folder, from)}: moving its files would damage that library; copy them to a folder outside it instead`);
}

const isIn = (p: string, library: { path: string; what: string }) => (p === library.path ? `is ${library.what}` : `is inside ${library.what} (${library.path})`);

/**
 * Refuses a plan whose files do not fit on the destination's disk. Bytes are needed by a copy, and by a move to
 * another disk; a move within one disk only renames. Each file is counted in whole blocks, as the disk stores it.
 * When the disk cannot tell its free space (some network shares), the plan goes ahead and a full disk stops it.
 */
export function checkSpace(existingTarget: string, mode: ApplyMode, operations: PlanOperation[]): void {
  let free: number;
  let block: number;
  let targetDev: number;
  try {
    const fsStat = fs.statfsSync(existingTarget);
    free = fsStat.bavail * fsStat.bsize;
    block = fsStat.bsize > 0 ? fsStat.bsize : 4096;
    targetDev = fs.statSync(existingTarget).dev;
  } catch {
    return;
  }
  const devOf = new Map<string, number | null>();
  let needed = 0;
  for (const op of operations) {
    if (mode === 'move') {
      const dir = path.dirname(op.from);
      if (!devOf.has(dir)) devOf.set(dir, statDev(dir));
      if (devOf.get(dir) === targetDev) continue;
    }
    needed += Math.ceil(op.size / block) * block;
  }
  if (needed > free) {
    throw new TargetError(`not enough free space on the disk holding ${existingTarget}: the plan ${mode === 'copy' ? 'copies' : 'moves'} ${sizes(needed, free)}`);
  }
}

function statDev(p: string): number | null {
  try {
    return fs.statSync(p).dev;
  } catch {
    return null;
  }
}

/** "3.1 MB there, and 2.1 MB are free", in the decimal units the app and the CLI use everywhere; exact bytes when the rounded sizes would read the same. */
function sizes(needed: number, free: number): string {
  const [n, f] = [formatBytes(needed), formatBytes(free)];
  if (n !== f) return `${n} there, and ${f} are free`;
  const exact = (b: number) => `${b.toLocaleString('en-US')} bytes`;
  return `${exact(needed)} there, and ${exact(free)} are free`;
}
