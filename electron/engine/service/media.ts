// Media paths: how a photo or thumbnail is named in a URL, and the one resolver both transports (Electron's
// likeness: protocol, the web host's /media/) use to turn such a path back into a file. The resolver is the
// security boundary for image bytes: it answers a file only when it lies inside the thumbnail cache or a folder
// the user opened, after rejecting `..`, encoded separators, NUL, absolute paths and symlinks that lead out.
//
// Media path grammar (after the transport's own prefix, still percent-encoded as it arrived):
//   thumb/<sha256 hex>                    a cached thumbnail
//   full/<folder key>/<seg>/<seg>/...     a photo of an opened folder; each segment encodeURIComponent'ed
// The folder key is a digest of the folder's real path, so no absolute path ever appears in a URL and both
// processes of the Electron app (main serves, the engine process opens folders) compute the same key.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { toRel } from '../organize/plan';
import { thumbnailPath, thumbnailsDir } from '../paths';
import { PreviewCache } from './preview-cache';

/** How a transport turns a media path into a URL the renderer can put in <img src>. */
export type MediaUrl = (mediaPath: string) => string;

const HASH = /^[0-9a-f]{64}$/;
const KEY = /^[0-9a-f]{16}$/;

/** The URL-safe key of an opened folder (its absolute real path). */
export function folderKey(root: string): string {
  return createHash('sha256').update(root).digest('hex').slice(0, 16);
}

export function thumbMediaPath(hash: string): string {
  return `thumb/${hash}`;
}

/** `rel` is '/'-separated, relative to `root` (as the index stores it). */
export function fullMediaPath(root: string, rel: string): string {
  return `full/${folderKey(root)}/${rel.split('/').map(encodeURIComponent).join('/')}`;
}

/** 415: the photo is in an allowed place but cannot be decoded into anything a browser shows. */
export type MediaResolution = { ok: true; file: string } | { ok: false; status: 403 | 404 | 415; reason: string };

/** The roots media may come from: the thumbnail cache and the folders opened in this run of the app. */
export class MediaRoots {
  private readonly folders = new Map<string, string>();
  /** Browser-ready copies of photos Chromium cannot show (HEIC, RAW, TIFF...). */
  readonly previews: PreviewCache;

  constructor(readonly dataDir: string) {
    this.previews = new PreviewCache(dataDir);
  }

  /** Allows serving photos of `root` (an absolute real path); returns its key. */
  allowFolder(root: string): string {
    const key = folderKey(root);
    this.folders.set(key, root);
    return key;
  }

  /** Stops serving photos of `root` (the folder was closed). */
  forgetFolder(root: string): void {
    this.folders.delete(folderKey(root));
  }

  folderOf(key: string): string | undefined {
    return this.folders.get(key);
  }

  async resolve(mediaPath: string): Promise<MediaResolution> {
    return resolveMedia(mediaPath, this);
  }
}

const forbidden = (reason: string): MediaResolution => ({ ok: false, status: 403, reason });

/**
 * Splits a raw (percent-encoded) media path into decoded segments, or says why it is refused. Pure: the checks
 * that need no file system. Anything that could name another place than the plain descent it spells is refused
 * rather than normalized: a path a browser or the renderer builds never needs it.
 */
export function parseMediaPath(raw: string): { ok: true; segments: string[] } | { ok: false; reason: string } {
  if (raw.includes('\0') || /%00/i.test(raw)) return { ok: false, reason: 'NUL in path' };
  if (raw.includes('\\') || /%5c/i.test(raw)) return { ok: false, reason: 'backslash in path' };
  if (/%2f/i.test(raw)) return { ok: false, reason: 'encoded slash in path' };
  if (raw.startsWith('/')) return { ok: false, reason: 'absolute path' };
  const segments: string[] = [];
  for (const part of raw.split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(part);
    } catch {
      return { ok: false, reason: 'malformed percent-encoding' };
    }
    if (seg === '' || seg === '.' || seg === '..') return { ok: false, reason: `path segment "${seg}" not allowed` };
    // Double encoding (%252e%252e) decodes to "%2e%2e": harmless on disk, but nobody builds it honestly.
    if (/[\\/\0]/.test(seg) || /%(2e|2f|5c|00)/i.test(seg)) return { ok: false, reason: 'separator hidden in a segment' };
    if (/^[a-zA-Z]:/.test(seg)) return { ok: false, reason: 'drive letter in path' };
    segments.push(seg);
  }
  return { ok: true, segments };
}

export async function resolveMedia(raw: string, roots: MediaRoots): Promise<MediaResolution> {
  const parsed = parseMediaPath(raw);
  if (!parsed.ok) return forbidden(parsed.reason);
  const [kind, ...rest] = parsed.segments;
  let root: string;
  let file: string;
  let rootIsReal = false;
  if (kind === 'thumb') {
    if (rest.length !== 1 || !HASH.test(rest[0])) return forbidden('not a thumbnail name');
    root = thumbnailsDir(roots.dataDir);
    file = thumbnailPath(roots.dataDir, rest[0]);
  } else if (kind === 'full') {
    const [key, ...segs] = rest;
    const folder = key !== undefined && KEY.test(key) ? roots.folderOf(key) : undefined;
    if (!folder) return forbidden('not an opened folder');
    if (segs.length === 0) return forbidden('no file named');
    root = folder;
    file = path.join(folder, ...segs);
    // The real path it had when the user opened it: if it (or a folder above) is a link now, its target was
    // never opened, and re-resolving the root would follow the link there.
    rootIsReal = true;
  } else {
    return forbidden('unknown media kind');
  }
  const found = await resolveUnder(root, file, rootIsReal);
  if (!found.ok || kind !== 'full') return found;
  // Only once the path passed every check is the file opened: its converted copy when a browser cannot show it.
  try {
    return { ok: true, file: await roots.previews.forBrowser(found.file) };
  } catch (err) {
    return { ok: false, status: 415, reason: `cannot be shown: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * A static file of the app (the built renderer) by its raw URL path relative to `dir`, with the same refusals
 * as media paths: both transports serve the renderer this way.
 */
export async function resolveStatic(raw: string, dir: string): Promise<MediaResolution> {
  const parsed = parseMediaPath(raw);
  if (!parsed.ok) return forbidden(parsed.reason);
  return resolveUnder(dir, path.join(dir, ...parsed.segments));
}

/**
 * `file` if it is a regular file inside `root` once every symlink is followed. `rootIsReal`: `root` is compared as
 * given (a real path recorded earlier), not resolved again.
 */
async function resolveUnder(root: string, file: string, rootIsReal = false): Promise<MediaResolution> {
  if (!isInside(root, file)) return forbidden('outside the allowed folders');
  // Symlinks (the file, or a folder on its way) may lead anywhere: compare real paths.
  let realFile: string;
  let realRoot: string;
  try {
    realFile = await fs.promises.realpath(file);
    realRoot = rootIsReal ? root : await fs.promises.realpath(root);
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  if (!isInside(realRoot, realFile)) return forbidden('link leads outside the allowed folders');
  try {
    if (!(await fs.promises.stat(realFile)).isFile()) return { ok: false, status: 404, reason: 'not a file' };
  } catch {
    return { ok: false, status: 404, reason: 'not found' };
  }
  return { ok: true, file: realFile };
}

/** `child` is below `root`, not `root` itself (both absolute, normalized). */
function isInside(root: string, child: string): boolean {
  return toRel(root, child) !== null;
}

/**
 * Content type of the files the media paths serve (thumbnails are JPEG; photos by extension). Never an active type
 * (SVG, HTML): a file in the user's folder must not run script in the app's origin.
 */
export function mediaContentType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

const CONTENT_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};
