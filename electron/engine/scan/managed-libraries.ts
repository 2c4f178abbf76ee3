// Folders that belong to a photo application (pure): an Apple Photos or iPhoto library, an Aperture library, a
// Capture One catalog, Lightroom's previews. They look like folders of photos, and on macOS they are packages a
// person never opens, but their files are the application's database: indexing them finds every photo again as
// originals, derivatives and previews, and moving one out breaks the application's library.
import * as path from 'node:path';

/** By extension of the folder's name, compared case-insensitively. */
const BY_EXTENSION = new Map([
  ['photoslibrary', 'an Apple Photos library'],
  ['photolibrary', 'an iPhoto library'],
  ['migratedphotolibrary', 'an iPhoto library'],
  ['aplibrary', 'an Aperture library'],
  ['cocatalog', 'a Capture One catalog'],
  ['lrdata', 'Lightroom previews'],
  ['lrcat-data', 'Lightroom catalog data'],
  ['lrlibrary', 'a Lightroom library'],
]);
/** Packages known by their whole name. */
const BY_NAME = new Map([
  ['iphoto library', 'an iPhoto library'],
  ['photo booth library', 'a Photo Booth library'],
]);

/** What application library a folder of this name is ("an Apple Photos library"), or null for an ordinary folder. */
export function managedLibraryOf(name: string): string | null {
  const lower = name.toLowerCase();
  const dot = lower.lastIndexOf('.');
  return BY_NAME.get(lower) ?? (dot > 0 ? BY_EXTENSION.get(lower.slice(dot + 1)) ?? null : null);
}

/** Why the walk does not open such a folder. */
export function managedLibraryReason(what: string): string {
  return `${what}: not opened (the application keeps its files there, and moving them would damage it)`;
}

/** The application library `abs` is inside of (or is), outermost first, or null. */
export function enclosingLibrary(abs: string): { path: string; what: string } | null {
  const parts = path.resolve(abs).split(path.sep);
  for (let i = 1; i <= parts.length; i++) {
    const what = managedLibraryOf(parts[i - 1]);
    if (what) return { path: parts.slice(0, i).join(path.sep) || path.sep, what };
  }
  return null;
}
