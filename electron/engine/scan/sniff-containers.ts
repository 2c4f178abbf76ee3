// Looking inside the first bytes of container formats (ZIP, ISO media, TIFF, text) to tell what a file really is.
// Pure byte inspection for sniff.ts; every reader stays within the bytes it was given.

/** ASCII text of `n` bytes at `at`, or '' past the end. */
export function ascii(b: Uint8Array, at: number, n: number): string {
  if (at < 0 || at + n > b.length) return '';
  let s = '';
  for (let i = at; i < at + n; i++) s += String.fromCharCode(b[i]);
  return s;
}

function u16le(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}

function u32le(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;
}

function u32(b: Uint8Array, at: number, le: boolean): number {
  return le ? u32le(b, at) : b[at] * 0x1000000 + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
}

/**
 * What a ZIP file holds, judged from the local file headers that fit in the head: Office files are ZIPs whose
 * entries live under word/, xl/ or ppt/ (the first entry is often [Content_Types].xml or _rels/.rels, and its
 * compressed size may be unknown, so the head is searched for every entry signature rather than walked).
 */
export function zipKind(head: Uint8Array): string {
  // OpenDocument and EPUB store an uncompressed 'mimetype' entry first, so its content is readable right here.
  if (ascii(head, 30, 8) === 'mimetype') {
    const mime = ascii(head, 38, Math.min(64, head.length - 38));
    if (mime.startsWith('application/vnd.oasis.opendocument')) return 'OpenDocument file';
    if (mime.startsWith('application/epub+zip')) return 'e-book';
  }
  let office = false;
  for (let i = 0; i + 30 <= head.length; i++) {
    if (head[i] !== 0x50 || head[i + 1] !== 0x4b || head[i + 2] !== 3 || head[i + 3] !== 4) continue;
    const name = ascii(head, i + 30, Math.min(u16le(head, i + 26), head.length - i - 30));
    if (name.startsWith('word/')) return 'Word document';
    if (name.startsWith('xl/')) return 'Excel spreadsheet';
    if (name.startsWith('ppt/')) return 'PowerPoint presentation';
    if (name === '[Content_Types].xml' || name.startsWith('_rels/') || name.startsWith('docProps/')) office = true;
  }
  return office ? 'Office document' : 'ZIP archive';
}

/** Major and compatible brands of an ISO base media file (MP4, MOV, HEIF, AVIF, CR3), or null if it is not one. */
export function isoBrands(head: Uint8Array): string[] | null {
  if (ascii(head, 4, 4) !== 'ftyp') return null;
  const boxSize = u32(head, 0, false);
  if (boxSize < 16) return null;
  const brands = [ascii(head, 8, 4)];
  for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4) brands.push(ascii(head, at, 4));
  return brands;
}

/** QuickTime files from older cameras may start with another top-level box than 'ftyp'. */
export function isQuickTime(head: Uint8Array): boolean {
  const box = ascii(head, 4, 4);
  return box === 'moov' || box === 'mdat' || box === 'wide' || box === 'free' || box === 'skip' || box === 'pnot';
}

/**
 * Plain text (UTF-8, Latin-1 or UTF-16 with a byte order mark): no control bytes other than tab, newlines,
 * form feed and escape.
 */
export function looksLikeText(head: Uint8Array): boolean {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return true;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d && c !== 0x1b) return false;
    if (c === 0x7f) return false;
  }
  return head.length > 0;
}

/** The start of a text head without byte order mark and leading white space, lower-cased, for markup checks. */
export function textStart(head: Uint8Array, n = 512): string {
  let at = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (at < head.length && (head[at] === 0x20 || head[at] === 0x09 || head[at] === 0x0a || head[at] === 0x0d)) at++;
  return ascii(head, at, Math.min(n, head.length - at)).toLowerCase();
}
