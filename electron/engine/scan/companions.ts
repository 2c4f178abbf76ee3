// Files that travel with a photo rather than stand as photos of their own (pure): the RAW of a RAW+JPEG pair, a
// Live Photo's movie, edit metadata (.xmp, Apple's .aae, Google Takeout's .json, …) and a movie's .thm, recognized
// by the names organize's sidecar rule uses (organize/sidecars.ts). Indexing leaves them out, neither as photos (a
// RAW beside its JPEG would be the same picture twice) nor as skipped files (a Live Photo's movie is part of the
// photo, not a video to report; an .aae is the photo's edits, not a file that failed to be a photo).
import { baseOf, extOf, indexNames, isMetadataSidecar, LIVE_PHOTO_EXTS, metadataPhotoName, RAW_EXTS } from '../organize/sidecars';

/** Photos a RAW of the same name is the original of. */
const RAW_OWNERS: ReadonlySet<string> = new Set(['jpg', 'jpeg', 'jpe', 'heic', 'heif', 'hif', 'png', 'tif', 'tiff', 'webp', 'avif', 'jxl']);
/** Photos a movie of the same name is the Live Photo of. */
const MOVIE_OWNERS: ReadonlySet<string> = new Set(['heic', 'heif', 'hif', 'jpg', 'jpeg']);
/** What edit metadata describes: any photo, RAW or video (an .xmp beside notes.txt is not a sidecar). */
const MEDIA: ReadonlySet<string> = new Set([...RAW_OWNERS, ...RAW_EXTS, 'gif', 'bmp', 'mov', 'mp4', 'm4v', '3gp', 'avi', 'mkv', 'mts', 'm2ts', 'webm']);

const extLower = (name: string) => extOf(name).toLowerCase();

/** Whether a companion could stand as the photo itself when its photo proves unusable (a RAW, a movie). */
export function mayStandAlone(file: string): boolean {
  const ext = extLower(file.slice(file.lastIndexOf('/') + 1));
  return RAW_EXTS.has(ext) || LIVE_PHOTO_EXTS.has(ext);
}

/**
 * Companion → the file it travels with, for `paths` ('/'-separated, relative). `usable(owner)` says whether the
 * photo that would own a RAW or a movie is a photo at all: a RAW whose JPEG turned out corrupt is the photo itself.
 * Edit metadata belongs to its file whether or not that file proved usable: it is never a photo of its own.
 */
export function findCompanions(paths: Iterable<string>, usable: (owner: string) => boolean = () => true): Map<string, string> {
  const folders = new Map<string, string[]>();
  for (const p of paths) {
    const dir = p.slice(0, p.lastIndexOf('/') + 1);
    const names = folders.get(dir);
    if (names) names.push(p.slice(dir.length));
    else folders.set(dir, [p.slice(dir.length)]);
  }
  const out = new Map<string, string>();
  for (const [dir, names] of folders) {
    const { byBase, byName } = indexNames(names);
    const first = (candidates: string[], owners: ReadonlySet<string>, check: (n: string) => boolean) =>
      candidates.filter((o) => owners.has(extLower(o)) && check(o)).sort()[0];
    const paired = new Set<string>();
    for (const n of names) {
      const ext = extLower(n);
      const owners = RAW_EXTS.has(ext) ? RAW_OWNERS : LIVE_PHOTO_EXTS.has(ext) ? MOVIE_OWNERS : null;
      if (!owners) continue;
      const owner = first(byBase.get(baseOf(n).toLowerCase()) ?? [], owners, (o) => o !== n && usable(dir + o));
      if (owner) {
        out.set(dir + n, dir + owner);
        paired.add(n);
      }
    }
    // Metadata goes with the file it names whole ("IMG_1.JPG.xmp", darktable's "IMG_1.CR2.xmp"), else with the photo
    // of its base name rather than that photo's RAW or movie.
    for (const n of names) {
      if (!isMetadataSidecar(n)) continue;
      const named = metadataPhotoName(n);
      const exact = named !== null ? byName.get(named.toLowerCase()) : undefined;
      const candidates = exact !== undefined ? [exact] : byBase.get(baseOf(n).toLowerCase()) ?? [];
      const owner = first(candidates, MEDIA, (o) => exact !== undefined || !paired.has(o));
      if (owner) out.set(dir + n, dir + owner);
    }
  }
  return out;
}
