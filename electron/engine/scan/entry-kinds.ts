// What the walk says about entries it does not list (pure): names that are not valid UTF-8, and entries that are
// not regular files (pipes, sockets, devices), each with a reason a person understands.
import { isUtf8 } from 'node:buffer';

/**
 * A file name as stored (raw bytes) → the name as a string, and whether it is valid UTF-8. An invalid name cannot
 * be opened through a JavaScript string (its bytes do not survive decoding), so it is only ever shown: its invalid
 * bytes as "\xE9", the rest as written.
 */
export function decodeName(raw: Buffer): { name: string; valid: boolean } {
  if (isUtf8(raw)) return { name: raw.toString('utf8'), valid: true };
  let name = '';
  for (let i = 0; i < raw.length; ) {
    const n = sequenceLength(raw, i);
    if (n > 0) {
      name += raw.toString('utf8', i, i + n);
      i += n;
    } else {
      name += `\\x${raw[i].toString(16).toUpperCase().padStart(2, '0')}`;
      i++;
    }
  }
  return { name, valid: false };
}

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function sequenceLength(b: Buffer, i: number): number {
  const lead = b[i];
  const n = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > b.length) return 0;
  return isUtf8(b.subarray(i, i + n)) ? n : 0;
}

export const INVALID_FILE_NAME = 'the file name is not valid UTF-8';
export const INVALID_FOLDER_NAME = 'the folder name is not valid UTF-8: nothing in it is scanned';

/** What a non-regular entry is, for a person; never opened (a pipe blocks a reader, /dev/zero never ends). */
export function notRegularReason(kind: { isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): string {
  const what = kind.isFIFO() ? 'a named pipe' : kind.isSocket() ? 'a socket' : kind.isBlockDevice() || kind.isCharacterDevice() ? 'a device' : 'a special file';
  return `not a regular file (${what}): not opened`;
}
