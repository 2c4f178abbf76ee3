// Where Likeness keeps its data on this machine: the library database, thumbnails and downloaded models.
// Pure functions of the environment so that tests and the app can point them anywhere.
import * as os from 'node:os';
import * as path from 'node:path';

export interface LocationOptions {
  dataDir?: string;
  modelsDir?: string;
}

type Env = Record<string, string | undefined>;

/** The OS application-data folder for Likeness (per-user, survives app updates). */
export function defaultDataDir(env: Env = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (platform === 'win32') return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), 'Likeness');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', 'Likeness');
  return path.posix.join(env.XDG_DATA_HOME || path.posix.join(home, '.local', 'share'), 'likeness');
}

/** --data-dir, then LIKENESS_DATA_DIR, then the OS default. */
export function resolveDataDir(opts: LocationOptions = {}, env: Env = process.env): string {
  return path.resolve(opts.dataDir || env.LIKENESS_DATA_DIR || defaultDataDir(env));
}

/** --models-dir, then LIKENESS_MODELS_DIR, then `<data dir>/models`. */
export function resolveModelsDir(opts: LocationOptions = {}, env: Env = process.env): string {
  return path.resolve(opts.modelsDir || env.LIKENESS_MODELS_DIR || path.join(resolveDataDir(opts, env), 'models'));
}

/** Folder of the thumbnail cache inside the data dir; thumbnails are named by content hash. */
export function thumbnailsDir(dataDir: string): string {
  return path.join(dataDir, 'thumbnails');
}

/** Path of one cached thumbnail, sharded by the first two hex digits so no folder grows huge. */
export function thumbnailPath(dataDir: string, hash: string): string {
  return path.join(thumbnailsDir(dataDir), hash.slice(0, 2), `${hash}.jpg`);
}

/** Where prepared (surgically altered) model graphs are kept between runs, by the model's sha256 (embed/prepared-cache.ts). */
export function preparedModelsDir(dataDir: string): string {
  return path.join(dataDir, 'prepared-models');
}

/** Repository root (where models/ with the catalog lives), from this file's compiled or source location. */
export function appRoot(): string {
  // dist/electron/engine/paths.js or electron/engine/paths.ts: walk up until package.json's folder.
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (require('node:fs').existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`cannot locate the Likeness install folder from ${__dirname}`);
}
