// Whether each photo a plan names is still the photo that was grouped, read from the disk before anything moves:
// still a regular file in the folder (not reached through a link leading outside it, the scan's rule), with the
// content the index has for it, and the content the plan file says the grouping saw. Also finds a photo's other
// names (hard links), which a plan may name in its place.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileRow } from '../library/library';
import { sha256File } from './file-ops';
import type { PhotoSeen } from './plan-input';
import type { PhotoFacts } from './plan';
import { toRel } from './plan';

const GONE = 'no longer there (moved or deleted since it was grouped)';

/** Times within a millisecond are the same time: file systems and JSON round them differently. */
const SAME_TIME_MS = 1;

export class PhotoCheck {
  private readonly realDirs = new Map<string, string | null>();
  private bySize: Map<number, string[]> | null = null;
  private readonly aliases = new Map<string, FileRow | null>();

  constructor(
    /** The folder's real path. */
    private readonly root: string,
    private readonly rows: Map<string, FileRow>,
  ) {}

  /** The index row a path stands for: its own when it is a photo, its other name's when it is a hard link to one. */
  photoRow(rel: string): FileRow | undefined {
    const row = this.rows.get(rel);
    if (row?.status === 'photo') return row;
    return this.aliasOf(rel) ?? undefined;
  }

  /** For validating a plan: true for a photo (or another name of one), else the index's reason, or false when unknown. */
  isPhoto(rel: string): boolean | string {
    if (this.photoRow(rel)) return true;
    const row = this.rows.get(rel);
    return row?.reason ?? false;
  }

  /**
   * The facts a plan operation records for a photo, or why it is left where it is. `seen`: what the grouping saw
   * of it, from the plan file; the index row is what the grouping saw when the plan file says nothing.
   */
  async check(rel: string, seen: PhotoSeen | undefined): Promise<PhotoFacts | { reason: string }> {
    const row = this.photoRow(rel);
    if (!row) return { reason: "no longer a photo of the folder's index" };
    const abs = path.join(this.root, ...rel.split('/'));
    const dir = this.realDir(path.dirname(abs));
    if (dir === null) return { reason: GONE };
    if (toRel(this.root, dir) === null && dir !== this.root) {
      return { reason: `reached through a link to ${dir}, outside the folder (links are followed only inside it)` };
    }
    const st = lstatOrNull(abs);
    if (!st) return { reason: GONE };
    if (!st.isFile()) return { reason: 'no longer a regular file' };
    const changed = { reason: 'changed since it was grouped: it is not the photo the plan grouped (group the folder again to include it)' };
    // The index: what indexing (and so the grouping) saw. Size and time unchanged: the same bytes; else the bytes decide.
    let hash = row.hash;
    if (st.size !== row.size || Math.abs(st.mtimeMs - row.mtimeMs) > SAME_TIME_MS) {
      const now = await sha256File(abs).catch(() => null);
      if (now === null || now !== row.hash) return changed;
      hash = now;
    }
    // The plan file: the index may have been updated since the plan was written (a replaced photo indexed again).
    if (seen) {
      if (seen.hash !== undefined) {
        if (seen.hash !== hash) return changed;
      } else if ((seen.size !== undefined && seen.size !== st.size) || (seen.mtimeMs !== undefined && Math.abs(seen.mtimeMs - st.mtimeMs) > SAME_TIME_MS)) {
        return changed;
      }
    }
    return { size: st.size, mtimeMs: st.mtimeMs, hash };
  }

  /** The photo row of which `rel` is another name (a hard link: same device and inode), if any. */
  private aliasOf(rel: string): FileRow | null {
    if (this.aliases.has(rel)) return this.aliases.get(rel)!;
    let found: FileRow | null = null;
    const st = lstatOrNull(path.join(this.root, ...rel.split('/')));
    if (st?.isFile() && st.nlink > 1) {
      for (const candidate of this.photosOfSize(st.size)) {
        const other = lstatOrNull(path.join(this.root, ...candidate.split('/')));
        if (candidate !== rel && other && other.ino === st.ino && other.dev === st.dev) {
          found = this.rows.get(candidate)!;
          break;
        }
      }
    }
    this.aliases.set(rel, found);
    return found;
  }

  private photosOfSize(size: number): string[] {
    if (!this.bySize) {
      this.bySize = new Map();
      for (const r of this.rows.values()) {
        if (r.status !== 'photo') continue;
        const list = this.bySize.get(r.size);
        if (list) list.push(r.path);
        else this.bySize.set(r.size, [r.path]);
      }
    }
    return this.bySize.get(size) ?? [];
  }

  /** Real path of a folder, or null when it does not exist. */
  private realDir(dir: string): string | null {
    let real = this.realDirs.get(dir);
    if (real === undefined) {
      try {
        real = fs.realpathSync.native(dir);
      } catch {
        real = null;
      }
      this.realDirs.set(dir, real);
    }
    return real;
  }
}

function lstatOrNull(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}
