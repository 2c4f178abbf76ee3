// Files that travel with a photo rather than stand as photos of their own (pure): the RAW of a RAW+JPEG pair
// and a Live Photo's movie, recognized by sharing the photo's base name in the same folder, as organize's sidecar
// rule does (organize/sidecars.ts). Indexing leaves them out, neither as photos (a RAW beside its JPEG would be
// the same picture twice) nor as skipped files (a Live Photo's movie is part of the photo, not a video to report).
import { baseOf, extOf, LIVE_PHOTO_EXTS, RAW_EXTS } from '../organize/sidecars';

/** Photos a RAW of the same name is the original of. */
const RAW_OWNERS = new Set(['jpg', 'jpeg', 'jpe', 'heic', 'heif', 'hif', 'png', 'tif', 'tiff', 'webp', 'avif', 'jxl']);
/** Photos a movie of the same name is the Live Photo of. */
const MOVIE_OWNERS = new Set(['heic', 'heif', 'hif', 'jpg', 'jpeg']);

/**
 * Companion → its photo, for `paths` ('/'-separated, relative). `usable(owner)` says whether the photo that would
 * own a companion is a photo at all: a RAW whose JPEG turned out corrupt is the photo itself.
 */
export function findCompanions(paths: Iterable<string>, usable: (owner: string) => boolean = () => true): Map<string, string> {
  const byStem = new Map<string, string[]>();
  for (const p of paths) {
    const slash = p.lastIndexOf('/');
    const key = `${p.slice(0, slash + 1)}${baseOf(p.slice(slash + 1)).toLowerCase()}`;
    const list = byStem.get(key);
    if (list) list.push(p);
    else byStem.set(key, [p]);
  }
  const out = new Map<string, string>();
  for (const list of byStem.values()) {
    if (list.length < 2) continue;
    const ext = (p: string) => extOf(p.slice(p.lastIndexOf('/') + 1)).toLowerCase();
    for (const p of list) {
      const owners = RAW_EXTS.has(ext(p)) ? RAW_OWNERS : LIVE_PHOTO_EXTS.has(ext(p)) ? MOVIE_OWNERS : null;
      if (!owners) continue;
      const owner = list.filter((o) => o !== p && owners.has(ext(o)) && usable(o)).sort()[0];
      if (owner) out.set(p, owner);
    }
  }
  return out;
}
