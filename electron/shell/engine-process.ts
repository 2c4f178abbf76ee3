// The engine process: an Electron utilityProcess (forked by main.ts) running LikenessService, so decoding,
// inference and clustering never block the main process. It talks to main over process.parentPort with the
// messages of engine-bridge.ts; photo URLs use the likeness://media/ scheme that main serves.
// Arguments: --data-dir DIR [--models-dir DIR] [--bundled-models DIR].
import type {} from 'electron'; // process.parentPort's type
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { LikenessService } from '../engine/service';
import { serveEngine, type FromEngine, type ToEngine } from './engine-bridge';
import { makeDirsSync } from '../engine/make-dirs';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, 'models-dir': { type: 'string' }, 'bundled-models': { type: 'string' } }, strict: false });
const service = new LikenessService({
  dataDir: typeof values['data-dir'] === 'string' ? values['data-dir'] : undefined,
  modelsDir: typeof values['models-dir'] === 'string' ? values['models-dir'] : undefined,
  transport: 'electron',
  mediaUrl: (p) => `likeness://media/${p}`,
});
if (typeof values['bundled-models'] === 'string') copyBundledModels(values['bundled-models'], service.modelsDir);
const port = process.parentPort;
serveEngine(
  {
    postMessage: (m: FromEngine) => port.postMessage(m),
    onMessage: (listener: (m: ToEngine) => void) => port.on('message', (e) => listener(e.data as ToEngine)),
  },
  service,
);
process.on('exit', () => service.close());
// main's child.kill() on quit is a SIGTERM on POSIX, which would end the process without 'exit': close the library
// (database, running jobs) first. Windows terminates the process outright; the database's journal covers that.
process.once('SIGTERM', () => process.exit(0));

/**
 * The installers ship the default model (verified at packaging time) in the app's resources, which may be
 * read-only; the user's models folder gets a copy once, and the engine checks its sha256 on first use as always.
 */
function copyBundledModels(from: string, to: string): void {
  try {
    for (const name of fs.readdirSync(from)) {
      if (!name.endsWith('.onnx') || fs.existsSync(path.join(to, name))) continue;
      makeDirsSync(to);
      fs.copyFileSync(path.join(from, name), path.join(to, name), fs.constants.COPYFILE_EXCL);
    }
  } catch {
    // Nothing bundled (development), or no room: the model is downloaded when needed instead.
  }
}
