// Sidecar files (pure): the files that belong to a photo and must travel with it — edit metadata (.xmp, Apple's
// .aae, Google Takeout's .json), the other half of a RAW+JPEG pair, the video of a Live Photo — recognized by
// sharing the photo's base name in the same folder.

const SIDECAR_EXTS = new Set(['xmp', 'aae', 'json']);
export const RAW_EXTS: ReadonlySet<string> = new Set(['dng', 'cr2', 'cr3', 'crw', 'nef', 'nrw', 'arw', 'srf', 'sr2', 'raf', 'orf', 'rw2', 'pef', 'srw', 'x3f', '3fr', 'erf', 'kdc', 'mrw', 'raw', 'rwl', 'iiq']);
export const LIVE_PHOTO_EXTS: ReadonlySet<string> = new Set(['mov', 'mp4']);

export interface SidecarResult {
  /** Photo name → names of its companions in the same folder. */
  companions: Map<string, string[]>;
  /** Companions that match more than one photo and therefore stay where they are. */
  ambiguous: Array<{ name: string; photos: string[] }>;
}

/**
 * Companions of `photos` among `siblings` (all entry names of one folder). A name that is itself a photo of the
 * index never counts as a companion: it is organized on its own. "IMG_1.xmp" and "IMG_1.JPG.xmp" both belong to
 * "IMG_1.JPG"; matching ignores case, as cameras and phones mix "JPG" and "jpg" freely.
 */
export function findSidecars(photos: string[], siblings: string[], isPhoto: (name: string) => boolean): SidecarResult {
  const byBase = new Map<string, string[]>();
  const byFull = new Map<string, string>();
  for (const p of photos) {
    const key = baseOf(p).toLowerCase();
    const list = byBase.get(key);
    if (list) list.push(p);
    else byBase.set(key, [p]);
    byFull.set(p.toLowerCase(), p);
  }
  const companions = new Map<string, string[]>();
  const ambiguous: SidecarResult['ambiguous'] = [];
  for (const name of siblings) {
    if (isPhoto(name) || byFull.has(name.toLowerCase())) continue;
    const ext = extOf(name).toLowerCase();
    if (!SIDECAR_EXTS.has(ext) && !RAW_EXTS.has(ext) && !LIVE_PHOTO_EXTS.has(ext)) continue;
    const stem = baseOf(name);
    // "IMG_1.JPG.xmp": the stem is a full photo name, so it names exactly one photo.
    const exact = SIDECAR_EXTS.has(ext) ? byFull.get(stem.toLowerCase()) : undefined;
    const owners = exact ? [exact] : byBase.get(stem.toLowerCase()) ?? [];
    if (owners.length === 0) continue;
    if (owners.length > 1) {
      ambiguous.push({ name, photos: [...owners].sort() });
      continue;
    }
    const list = companions.get(owners[0]);
    if (list) list.push(name);
    else companions.set(owners[0], [name]);
  }
  for (const list of companions.values()) list.sort();
  return { companions, ambiguous };
}

/** The companion's name next to a photo renamed from `photo` to `renamedPhoto` ("IMG_1.xmp" → "IMG_1 (2).xmp"). */
export function companionName(companion: string, photo: string, renamedPhoto: string): string {
  if (renamedPhoto === photo) return companion;
  if (companion.toLowerCase().startsWith(`${photo.toLowerCase()}.`)) return renamedPhoto + companion.slice(photo.length);
  return baseOf(renamedPhoto) + companion.slice(baseOf(photo).length);
}

export function baseOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

export function extOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}
