// Browser-ready copies of photos a browser cannot show (HEIC, camera RAW, TIFF...), made on first request and kept in
// the data folder beside the thumbnails, named by content hash so a renamed or moved photo keeps its copy. A full
// HEIC decode takes about a second, so each copy is made once, by one request however many ask at the same time,
// and the cache is bounded: the copies least recently served go first when it grows past its budget.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { needsConversion, renderBrowserPreview } from '../decode/preview';
import { SNIFF_BYTES } from '../scan/sniff';
import { makeDirs } from '../make-dirs';

/** Default budget: about 300 converted 12 MP photos. */
const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

export function previewsDir(dataDir: string): string {
  return path.join(dataDir, 'previews');
}

export class PreviewCache {
  private readonly making = new Map<string, Promise<string>>();
  /** Cached copies with their size and last use, read from disk on first need. */
  private entries: Map<string, { bytes: number; used: number }> | null = null;
  private total = 0;
  /** Last use stamp given: wall-clock milliseconds, but never twice the same, so two uses in one millisecond keep their order. */
  private clock = 0;

  constructor(private readonly dataDir: string, private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /**
   * The file to serve for `file` (a real path the media resolver has checked): the file itself when a browser can
   * show it, else its converted JPEG in the cache. Throws when the photo cannot be decoded.
   */
  async forBrowser(file: string): Promise<string> {
    const fh = await fs.promises.open(file, 'r');
    let bytes: Buffer;
    try {
      const size = (await fh.stat()).size;
      const head = Buffer.alloc(Math.min(size, SNIFF_BYTES));
      await fh.read(head, 0, head.length, 0);
      if (!needsConversion(head, size)) return file;
      bytes = await fh.readFile();
    } finally {
      await fh.close();
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    let made = this.making.get(hash);
    if (!made) {
      made = this.make(hash, bytes).finally(() => this.making.delete(hash));
      this.making.set(hash, made);
    }
    return made;
  }

  private async make(hash: string, bytes: Buffer): Promise<string> {
    const entries = await this.load();
    const target = path.join(previewsDir(this.dataDir), hash.slice(0, 2), `${hash}.jpg`);
    const known = entries.get(target);
    if (known && fs.existsSync(target)) {
      known.used = this.tick();
      // The last use is kept on disk too, so the order survives a restart.
      await fs.promises.utimes(target, new Date(), new Date()).catch(() => undefined);
      return target;
    }
    const jpeg = await renderBrowserPreview(bytes);
    await makeDirs(path.dirname(target));
    const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await fs.promises.writeFile(tmp, jpeg);
    await fs.promises.rename(tmp, target); // a reader never sees half a file
    this.add(target, jpeg.length, this.tick());
    await this.evict(target);
    return target;
  }

  private tick(): number {
    this.clock = Math.max(this.clock + 1, Date.now());
    return this.clock;
  }

  private add(file: string, bytes: number, used: number): void {
    const entries = this.entries as Map<string, { bytes: number; used: number }>;
    const old = entries.get(file);
    if (old) this.total -= old.bytes;
    entries.set(file, { bytes, used });
    this.total += bytes;
  }

  /** Drops the least recently used copies until the cache fits its budget; `keep` (just made) stays. */
  private async evict(keep: string): Promise<void> {
    const entries = this.entries as Map<string, { bytes: number; used: number }>;
    if (this.total <= this.maxBytes) return;
    const oldest = [...entries].filter(([f]) => f !== keep).sort((a, b) => a[1].used - b[1].used);
    for (const [file, e] of oldest) {
      if (this.total <= this.maxBytes) break;
      await fs.promises.rm(file, { force: true });
      entries.delete(file);
      this.total -= e.bytes;
    }
  }

  private async load(): Promise<Map<string, { bytes: number; used: number }>> {
    if (this.entries) return this.entries;
    this.entries = new Map();
    const root = previewsDir(this.dataDir);
    for (const shard of await fs.promises.readdir(root).catch(() => [] as string[])) {
      for (const name of await fs.promises.readdir(path.join(root, shard)).catch(() => [] as string[])) {
        const file = path.join(root, shard, name);
        const st = await fs.promises.stat(file).catch(() => null);
        if (!st?.isFile()) continue;
        // A temporary file an hour old was left by a run that stopped mid-write.
        if (name.endsWith('.tmp')) {
          if (Date.now() - st.mtimeMs > 3600_000) await fs.promises.rm(file, { force: true });
          continue;
        }
        this.add(file, st.size, st.mtimeMs);
      }
    }
    return this.entries;
  }
}
