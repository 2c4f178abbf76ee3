// Photo keys (pure): how edits name photos. A photo is named by its content hash, so an edit survives a rename of
// the file; when the folder holds exact copies (one hash, several files), each copy is named `hash:path`, so that
// excluding or moving one copy leaves the others where they are.
import type { HashOf } from './types';

const SEP = ':';

/** Paths by hash and keys by path of one folder's photos. */
export class PhotoKeys {
  private readonly pathsOf = new Map<string, string[]>();

  constructor(private readonly hashOf: HashOf) {
    for (const [path, hash] of hashOf) {
      const paths = this.pathsOf.get(hash);
      if (paths) paths.push(path);
      else this.pathsOf.set(hash, [path]);
    }
  }

  /** The key of a path: its hash alone when it has no copy in the folder; undefined for a path without a hash. */
  keyOf(path: string): string | undefined {
    const hash = this.hashOf.get(path);
    if (hash === undefined) return undefined;
    return this.pathsOf.get(hash)!.length > 1 ? `${hash}${SEP}${path}` : hash;
  }

  /**
   * The paths a key names. A bare hash names every copy; `hash:path` names that file, or, when that file is gone
   * (renamed, moved by an apply), whatever files hold the content now.
   */
  paths(key: string): string[] {
    const at = key.indexOf(SEP);
    if (at < 0) return this.pathsOf.get(key) ?? [];
    const hash = key.slice(0, at);
    const path = key.slice(at + 1);
    if (this.hashOf.get(path) === hash) return [path];
    return this.pathsOf.get(hash) ?? [];
  }

  /** Every path the keys name, each once, in key order. */
  pathsOfKeys(keys: readonly string[]): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const k of keys) {
      for (const p of this.paths(k)) {
        if (!seen.has(p)) {
          seen.add(p);
          out.push(p);
        }
      }
    }
    return out;
  }
}
