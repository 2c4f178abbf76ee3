// Writes a --json report atomically: a reader never sees half a file, and a failed run leaves the old one intact.
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  const target = path.resolve(file);
  const tmp = `${target}.${process.pid}.tmp`;
  try {
    await fs.promises.writeFile(tmp, JSON.stringify(value, null, 2) + '\n');
    await fs.promises.rename(tmp, target);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
}
