// Folder names from group names (pure): one name that is valid on Windows, macOS and Linux at once, and a
// comparison key under which two names that one of those file systems would treat as the same folder are equal.

/** Device names Windows reserves in every folder, with or without an extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Forbidden on Windows (and `/` everywhere); control characters are invisible and trouble in any shell. */
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
/** Bytes, not characters: ext4 and APFS limit a name to 255 bytes; leave room for " (999)". */
const MAX_BYTES = 200;

/** A folder name for a group name: forbidden characters become "-", reserved names get a "_", never empty. */
export function safeFolderName(name: string, fallback = 'Group'): string {
  let s = name.normalize('NFC').replace(/\s+/g, ' ').replace(FORBIDDEN, '-');
  // Windows drops trailing dots and spaces silently; a leading one hides the folder or confuses tools.
  s = s.replace(/^[\s.]+|[\s.]+$/g, '');
  s = truncateUtf8(s, MAX_BYTES).replace(/[\s.]+$/g, '');
  if (!s) s = fallback;
  if (RESERVED.test(s)) s = `${s}_`;
  return s;
}

/** Equal for names that name the same folder on a case-insensitive or normalizing file system (NTFS, APFS). */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/**
 * Distinct folder names for groups, in order: a name whose key is already taken gets " (2)", " (3)"… so that
 * "Dogs" and "dogs" never end up in one folder by accident. `existing` maps the keys of folders already in the
 * target to their names on disk: a group whose name matches one joins that folder (applying twice is additive);
 * `blocked` holds the keys of other entries there (files, symlinks), which no group may take.
 */
export function distinctFolderNames(names: string[], existing: Map<string, string> = new Map(), blocked: Set<string> = new Set()): string[] {
  const used = new Set<string>(blocked);
  return names.map((raw) => {
    const base = safeFolderName(raw);
    const onDisk = existing.get(nameKey(base));
    let candidate = onDisk ?? base;
    for (let n = 2; used.has(nameKey(candidate)); n++) candidate = `${base} (${n})`;
    used.add(nameKey(candidate));
    return candidate;
  });
}

function truncateUtf8(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > maxBytes) break;
    out += ch;
    bytes += b;
  }
  return out;
}
