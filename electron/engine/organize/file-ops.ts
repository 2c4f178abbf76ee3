// File operations that cannot overwrite or lose a photo. A move is a hard link to the new name then an unlink of
// the old one — the "rename that refuses to replace": fs.rename silently replaces an existing file on every
// platform, link fails with EEXIST. Across file systems (EXDEV), or where hard links do not exist (FAT, exFAT),
// a move is a verified copy then an unlink. A copy goes to a hidden temporary name beside its destination, is
// synced and checked by sha256 against its source, and only then takes its final name, so a half-written file
// never sits under a photo's name. At every instant at least one complete copy of the photo exists.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The file-system calls the organizer makes; tests substitute failing ones (disk full, permission denied). */
export type Fs = Pick<typeof fs.promises, 'link' | 'unlink' | 'copyFile' | 'open' | 'lstat' | 'mkdir' | 'rmdir' | 'utimes' | 'rename' | 'readdir'>;

export const realFs: Fs = fs.promises;

export class OrganizeError extends Error {
  constructor(
    readonly code: 'exists' | 'changed' | 'missing' | 'verify' | 'io',
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Hidden name a copy is written under before it is complete; derived from the destination so recovery finds it. */
export function partialPath(dest: string): string {
  const tag = createHash('sha256').update(dest).digest('hex').slice(0, 16);
  return path.join(path.dirname(dest), `.likeness-partial-${tag}`);
}

/** Moves `src` to `dest`, never replacing `dest`. Returns the content hash when the move had to copy. */
export async function moveNoReplace(src: string, dest: string, fsx: Fs = realFs): Promise<string | null> {
  try {
    await fsx.link(src, dest);
  } catch (e) {
    const code = errCode(e);
    if (code === 'EEXIST') throw new OrganizeError('exists', `${path.basename(dest)} already exists in ${path.dirname(dest)}`, e);
    if (!NO_HARD_LINKS.has(code)) throw ioError(e, src, dest);
    const hash = await copyVerified(src, dest, fsx);
    await dropSource(src, dest, fsx, false);
    return hash;
  }
  await dropSource(src, dest, fsx, true);
  await syncDir(path.dirname(dest), fsx);
  await syncDir(path.dirname(src), fsx);
  return null;
}

/**
 * The second half of a move: removes the old name once the new one holds the file. When the old name cannot be
 * removed (a file open in another program on Windows, a read-only source folder), the new name is removed again, so
 * the photo is in one place and the failure leaves nothing behind for undo to miss. `linked`: the new name is a
 * hard link to the old (removed only if it still is); otherwise it is a verified copy.
 */
async function dropSource(src: string, dest: string, fsx: Fs, linked: boolean): Promise<void> {
  try {
    await fsx.unlink(src);
  } catch (e) {
    if (errCode(e) === 'ENOENT') return; // the old name is gone already: the file lives at dest
    const [a, b] = await Promise.all([statOrNull(src, fsx).catch(() => undefined), statOrNull(dest, fsx).catch(() => undefined)]);
    if (a && b && (!linked || (a.ino === b.ino && a.dev === b.dev))) await fsx.unlink(dest).catch(() => undefined);
    throw ioError(e, src, dest);
  }
}

/**
 * Codes of a link() that cannot work here (other file system, no hard links), as opposed to a real failure. On
 * Windows, FAT32 and exFAT (memory cards, USB sticks) answer ERROR_INVALID_FUNCTION, which libuv reports as EISDIR.
 */
const NO_HARD_LINKS = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EISDIR']);

/** Copies `src` to `dest` (which must not exist) through a synced, verified temporary file; returns the sha256. */
export async function copyVerified(src: string, dest: string, fsx: Fs = realFs): Promise<string> {
  const tmp = partialPath(dest);
  await removeIfPresent(tmp, fsx);
  try {
    const st = await fsx.lstat(src);
    await fsx.copyFile(src, tmp, fs.constants.COPYFILE_EXCL);
    await fsx.utimes(tmp, st.atimeMs / 1000, st.mtimeMs / 1000); // keep the photo's date: many viewers sort by it
    const handle = await fsx.open(tmp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const [a, b] = await Promise.all([sha256File(src, fsx), sha256File(tmp, fsx)]);
    if (a !== b) throw new OrganizeError('verify', `the copy of ${path.basename(src)} does not match the original (disk or file-system error); the original is untouched`);
    await placeNoReplace(tmp, dest, fsx);
    await syncDir(path.dirname(dest), fsx);
    return a;
  } catch (e) {
    await removeIfPresent(tmp, fsx).catch(() => undefined);
    if (e instanceof OrganizeError) throw e;
    throw ioError(e, src, dest);
  }
}

/** Gives a complete temporary file its final name, refusing to replace anything there. */
async function placeNoReplace(tmp: string, dest: string, fsx: Fs): Promise<void> {
  try {
    await fsx.link(tmp, dest);
    await fsx.unlink(tmp);
  } catch (e) {
    const code = errCode(e);
    if (code === 'EEXIST') throw new OrganizeError('exists', `${path.basename(dest)} already exists in ${path.dirname(dest)}`, e);
    if (!NO_HARD_LINKS.has(code)) throw e;
    // No hard links on this file system: check then rename. The window between the two is a few microseconds
    // and only matters if another program creates this very name at that moment.
    if (await exists(dest, fsx)) throw new OrganizeError('exists', `${path.basename(dest)} already exists in ${path.dirname(dest)}`);
    await fsx.rename(tmp, dest);
  }
}

export async function sha256File(file: string, fsx: Fs = realFs): Promise<string> {
  const hash = createHash('sha256');
  const handle = await fsx.open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/** lstat or undefined when the path does not exist. */
export async function statOrNull(p: string, fsx: Fs = realFs): Promise<fs.Stats | undefined> {
  try {
    return await fsx.lstat(p);
  } catch (e) {
    if (errCode(e) === 'ENOENT' || errCode(e) === 'ENOTDIR') return undefined;
    throw e;
  }
}

export async function exists(p: string, fsx: Fs = realFs): Promise<boolean> {
  return (await statOrNull(p, fsx)) !== undefined;
}

export async function removeIfPresent(p: string, fsx: Fs = realFs): Promise<void> {
  try {
    await fsx.unlink(p);
  } catch (e) {
    if (errCode(e) !== 'ENOENT') throw e;
  }
}

/** Makes a rename or new name durable (POSIX needs the folder synced too); not possible on Windows, and not needed. */
async function syncDir(dir: string, fsx: Fs): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const h = await fsx.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Some file systems (network shares) refuse to sync a folder; the data itself was synced.
  }
}

export function errCode(e: unknown): string {
  return (e as NodeJS.ErrnoException | undefined)?.code ?? '';
}

/** A failure a person can act on, from a system error. */
export function ioError(e: unknown, src: string, dest: string): OrganizeError {
  const code = errCode(e);
  const where = path.dirname(dest);
  const message =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? `the disk holding ${where} is full`
      : code === 'EROFS'
        ? `${where} is on a read-only disk`
        : code === 'EACCES' || code === 'EPERM'
          ? `permission denied (${path.basename(src)} → ${where})`
          : code === 'ENOENT'
            ? `${path.basename(src)} is no longer there`
            : code === 'ENAMETOOLONG'
              ? `the name ${path.basename(dest)} is too long for this disk`
              : `${(e as Error)?.message ?? String(e)}`;
  return new OrganizeError(code === 'ENOENT' ? 'missing' : 'io', message, e);
}
