// What a launch asks Likeness to open (pure; no Electron): a folder named on the command line. Windows starts the
// app with the folder as an argument from a Jump List entry (app.addRecentDocument) or "Open with"; with the
// single-instance lock that start becomes the first instance's 'second-instance' event, whose argv this reads.
import * as path from 'node:path';

/**
 * The last argument that names an existing folder, resolved against the launch's working directory; null when
 * there is none. Switches (-x, --x=…) are skipped, and so are the executable and, when `skipScript` (Electron run
 * as `electron main.js` in development: process.defaultApp), the script.
 */
export function folderFromArgv(argv: readonly string[], cwd: string, isDirectory: (p: string) => boolean, skipScript = false): string | null {
  const args = argv.slice(skipScript ? 2 : 1);
  for (let i = args.length - 1; i >= 0; i--) {
    const a = args[i];
    if (a === '' || a.startsWith('-') || a.includes('\0')) continue;
    const p = path.resolve(cwd, a);
    if (isDirectory(p)) return p;
  }
  return null;
}
