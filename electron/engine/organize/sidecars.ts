// Sidecar files (pure): the files that belong to a photo and must travel with it — edit metadata (.xmp, Apple's
// .aae, Google Takeout's .json), the other half of a RAW+JPEG pair, the video of a Live Photo — recognized by
// sharing the photo's base name in the same folder. Indexing uses the same rules (scan/companions.ts), so a file
// that travels with a photo is never also reported as a file that is not one.

// Edit metadata (.xmp; Apple's .aae; Google Takeout's .json; RawTherapee's .pp3; DxO's .dop) and a camera's
// thumbnail of its movie (.thm, a small JPEG): each describes one file and is nothing on its own.
const METADATA_EXTS: ReadonlySet<string> = new Set(['xmp', 'aae', 'json', 'pp3', 'dop', 'thm']);
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
  const { byBase, byName: byFull } = indexNames(photos);
  const companions = new Map<string, string[]>();
  const ambiguous: SidecarResult['ambiguous'] = [];
  const attach = (name: string, owners: string[]) => {
    if (owners.length > 1) ambiguous.push({ name, photos: [...owners].sort() });
    else if (owners.length === 1) {
      const list = companions.get(owners[0]);
      if (list) list.push(name);
      else companions.set(owners[0], [name]);
    }
    return owners.length === 1 ? owners[0] : undefined;
  };
  const others = siblings.filter((name) => !isPhoto(name) && !byFull.has(name.toLowerCase()));
  // RAWs and movies first: metadata that names one whole ("IMG_1.CR2.xmp") goes where that RAW goes.
  const travelsWith = new Map<string, string>();
  for (const name of others) {
    const ext = extOf(name).toLowerCase();
    if (!RAW_EXTS.has(ext) && !LIVE_PHOTO_EXTS.has(ext)) continue;
    const owner = attach(name, byBase.get(baseOf(name).toLowerCase()) ?? []);
    if (owner !== undefined) travelsWith.set(name.toLowerCase(), owner);
  }
  for (const name of others) {
    if (!isMetadataSidecar(name)) continue;
    // "IMG_1.JPG.xmp": the name holds a whole photo name, so it names exactly one photo.
    const named = metadataPhotoName(name)?.toLowerCase();
    const exact = named !== undefined ? byFull.get(named) ?? travelsWith.get(named) : undefined;
    attach(name, exact !== undefined ? [exact] : byBase.get(baseOf(name).toLowerCase()) ?? []);
  }
  for (const list of companions.values()) list.sort();
  return { companions, ambiguous };
}

/** Names of one folder by lower-case base name ("img_1" → IMG_1.JPG, IMG_1.CR2) and by lower-case whole name. */
export function indexNames(names: Iterable<string>): { byBase: Map<string, string[]>; byName: Map<string, string> } {
  const byBase = new Map<string, string[]>();
  const byName = new Map<string, string>();
  for (const n of names) {
    const key = baseOf(n).toLowerCase();
    const list = byBase.get(key);
    if (list) list.push(n);
    else byBase.set(key, [n]);
    byName.set(n.toLowerCase(), n);
  }
  return { byBase, byName };
}

export function isMetadataSidecar(name: string): boolean {
  return METADATA_EXTS.has(extOf(name).toLowerCase());
}

/** How much of "supplemental-metadata" Google Takeout keeps when it shortens a long sidecar name (".supp.json"). */
const TAKEOUT_SUFFIX = 'supplemental-metadata';

/**
 * The whole photo name an edit-metadata file's name holds, if it holds one: "IMG_1.JPG" for "IMG_1.JPG.xmp" and for
 * Google Takeout's "IMG_1.JPG.json" and "IMG_1.JPG.supplemental-metadata.json" (or that suffix cut short); Takeout
 * numbers a second "IMG_1.JPG" as "IMG_1(1).JPG" but its sidecar as "IMG_1.JPG(1).json". Null for "IMG_1.xmp",
 * which names its photo by base name only.
 */
export function metadataPhotoName(name: string): string | null {
  let stem = baseOf(name);
  const copy = /\(\d+\)$/.exec(stem)?.[0] ?? '';
  stem = stem.slice(0, stem.length - copy.length);
  const last = extOf(stem).toLowerCase();
  if (last !== '' && TAKEOUT_SUFFIX.startsWith(last) && extOf(baseOf(stem)) !== '') stem = baseOf(stem);
  if (extOf(stem) === '') return null;
  return copy ? `${baseOf(stem)}${copy}.${extOf(stem)}` : stem;
}

/** The companion's name next to a photo renamed from `photo` to `renamedPhoto` ("IMG_1.xmp" → "IMG_1 (2).xmp"). */
export function companionName(companion: string, photo: string, renamedPhoto: string): string {
  if (renamedPhoto === photo) return companion;
  const lower = companion.toLowerCase();
  if (lower.startsWith(`${photo.toLowerCase()}.`)) return renamedPhoto + companion.slice(photo.length);
  if (lower.startsWith(`${baseOf(photo).toLowerCase()}.`)) return baseOf(renamedPhoto) + companion.slice(baseOf(photo).length);
  // Takeout's "IMG_1.JPG(1).json" for "IMG_1(1).JPG": the number is the photo's, so the new name is the plain form.
  return `${renamedPhoto}.${extOf(companion)}`;
}

export function baseOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

export function extOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1) : '';
}
