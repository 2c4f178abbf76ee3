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

/**
 * A folder path as a person types it into the app: "~" and "~/…" are the home folder. Null when it is not then a
 * complete path: a relative one would be read from wherever the app happened to be started, a folder the person
 * never sees (a destination typed as "Sorted" ended up inside the app's own working folder).
 */
export function typedFolderPath(typed: string, home = os.homedir(), pathApi: typeof path = path): string | null {
  const windows = pathApi.sep === '\\';
  // "~\…" only on Windows: elsewhere a backslash may be part of a name.
  const expanded = typed === '~' ? home : (windows ? /^~[\\/]/ : /^~\//).test(typed) ? pathApi.join(home, typed.slice(2)) : typed;
  // On Windows "\Photos" counts as absolute but means the current drive's: only a drive letter or a share will do.
  if (windows) return /^[a-zA-Z]:[\\/]/.test(expanded) || /^[\\/]{2}[^\\/]/.test(expanded) ? expanded : null;
  return pathApi.isAbsolute(expanded) ? expanded : null;
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

/** The OS cache folder for Likeness: per-user, per-machine, for data that can always be made again. */
export function defaultCacheDir(env: Env = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): string {
  if (platform === 'win32') return path.win32.join(env.LOCALAPPDATA || path.win32.join(home, 'AppData', 'Local'), 'Likeness', 'Cache');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches', 'Likeness');
  return path.posix.join(env.XDG_CACHE_HOME || path.posix.join(home, '.cache'), 'likeness');
}

/** LIKENESS_CACHE_DIR, then the OS cache folder. Not tied to --data-dir: what it holds serves every library. */
export function resolveCacheDir(env: Env = process.env): string {
  return path.resolve(env.LIKENESS_CACHE_DIR || defaultCacheDir(env));
}

/**
 * Where prepared (surgically altered) model graphs are kept between runs, by the model's sha256, in order of
 * preference (embed/prepared-cache.ts): the cache folder, which outlives any library (so that a new library's
 * first index opens the graph at once), then the data dir when the cache folder cannot be written.
 */
export function preparedModelsDirs(dataDir: string, env: Env = process.env): string[] {
  return [path.join(resolveCacheDir(env), 'prepared-models'), path.join(dataDir, 'prepared-models')];
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
