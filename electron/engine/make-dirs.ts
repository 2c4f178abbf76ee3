// Creating a folder and its missing parents, in place of Node's `mkdir(…, { recursive: true })`, which never
// returns where a folder that exists answers ENOENT for a new child (Linux's /proc and /sys): it makes the parent
// again, tries the child again, and spins forever at full CPU. A data, cache or models folder typed there would
// freeze the app. Here each missing folder is made once, from the nearest existing one down, and the first
// failure is thrown in words, naming the folder asked for and the one that could not be made (with the code kept).
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The folders to make, outermost first: `dir` and each missing parent, down from the nearest that exists. */
function missingFolders(dir: string): string[] {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !isFolder(d); d = path.dirname(d)) {
    missing.push(d);
    if (path.dirname(d) === d) break; // a root that does not exist: its mkdir below says why
  }
  return missing.reverse();
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** `dir` exists as a folder afterwards, or this throws why it cannot (see folderError). */
export function makeDirsSync(dir: string): void {
  for (const d of foldersToMake(dir)) {
    try {
      fs.mkdirSync(d);
    } catch (err) {
      unlessMadeMeanwhile(dir, d, err);
    }
  }
}

/** makeDirsSync without blocking: the checks are few and cheap, the folders made one by one asynchronously. */
export async function makeDirs(dir: string): Promise<void> {
  for (const d of foldersToMake(dir)) await fs.promises.mkdir(d).catch((err: unknown) => unlessMadeMeanwhile(dir, d, err));
}

function foldersToMake(dir: string): string[] {
  try {
    return missingFolders(dir);
  } catch (err) {
    throw folderError(dir, dir, err);
  }
}

/** Throws the failure to make `d`, unless another process made it meanwhile (fine, as long as it is a folder). */
function unlessMadeMeanwhile(dir: string, d: string, err: unknown): void {
  if ((err as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(d)) return;
  throw folderError(dir, d, err);
}

/** "the folder /proc/x/lib cannot be created: /proc/x cannot be made there (ENOENT)", with the error's code kept. */
function folderError(dir: string, failed: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const where = failed === path.resolve(dir) ? '' : `${failed} `;
  const why: Record<string, string> = {
    EACCES: `${where}permission denied`,
    EPERM: `${where}permission denied`,
    EROFS: 'the disk is read-only',
    ENOSPC: 'the disk is full',
    EEXIST: `${failed} is a file, not a folder`,
    ENOTDIR: 'part of that path is a file, not a folder',
    ENOENT: `${failed} cannot be made there`,
  };
  const reason = (code && why[code]) ?? (err as Error).message;
  return Object.assign(new Error(`the folder ${dir} cannot be created: ${reason}${code ? ` (${code})` : ''}`), { code });
}
