// What every command that touches a folder prints first when it found an interrupted apply or undo (a crash, a
// power cut) and repaired it: the person must learn that their folder changed before reading anything else.
import type { RecoveryNote } from '../ipc/contract';
import { oneLine } from './printable';

export function printRecovered(notes: RecoveryNote[], out: NodeJS.WritableStream): void {
  for (const note of notes) out.write(`${oneLine(`Recovered: ${note.message}`)}\n`);
}
