// Text the command prints: names from the disk (file names, group names, reasons that quote them) made safe for a
// one-line-per-item list, and counts worded for their number. A name may hold a newline, a carriage return, an
// escape sequence or a right-to-left override, any of which would break the list or make one file look like another;
// such characters are shown escaped ("\n", "\x1B").

/** C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional formatting marks. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function oneLine(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? escapeCode(c.charCodeAt(0)));
}

function escapeCode(code: number): string {
  return code < 0x100 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "1 photo", "3 photos"; `many` for words whose plural is not just an s. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
