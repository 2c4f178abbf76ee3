// Names of files and folders that operating systems, NAS boxes and archivers leave behind: never a person's photos.

/** Exact names, compared case-insensitively (Windows and macOS file systems are case-insensitive). */
const SYSTEM_NAMES = new Set(
  [
    'thumbs.db', // Windows Explorer thumbnail cache
    'ehthumbs.db', // Windows Media Center
    'ehthumbs_vista.db',
    'desktop.ini', // Windows folder settings
    'icon\r', // macOS custom folder icon
    '$recycle.bin', // Windows recycle bins
    'recycler',
    'recycled',
    'system volume information', // Windows restore points and indexing
    '__macosx', // resource forks inside zip archives made on macOS
    '@eadir', // Synology thumbnail folders
    '#recycle', // Synology recycle bin
    '@recycle', // QNAP recycle bin
    '#snapshot', // Synology snapshots: copies of everything
    'lost+found', // fsck leftovers
  ].map((n) => n.toLowerCase()),
);

/**
 * True for hidden entries (dot names, which also covers .DS_Store, .AppleDouble, .Trashes, .Spotlight-V100,
 * ._resource forks, .thumbnails) and well-known system names.
 */
export function isSystemEntry(name: string): boolean {
  return name.startsWith('.') || SYSTEM_NAMES.has(name.toLowerCase());
}
