// The library index: one SQLite database per data directory (better-sqlite3, WAL) holding, per opened folder,
// every file with its size, mtime and content hash, and, per content, its dimensions and per-model features.
// Features are keyed by content hash, so a moved, renamed or copied photo is never embedded twice.
import Database from 'better-sqlite3';
import * as path from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';
import { decodeHalf, encodeHalf } from './float16';
import { makeDirsSync } from '../make-dirs';

export type TopClasses = Array<[classIndex: number, probability: number]>;

export interface FileRow {
  path: string;
  size: number;
  mtimeMs: number;
  hash: string | null;
  status: 'photo' | 'skipped';
  reason: string | null;
}

export interface ContentInfo {
  hash: string;
  width: number;
  height: number;
  format: string;
  /** 16×16 luminance (see decode/signature.ts); null for contents indexed before it existed. */
  signature?: Uint8Array | null;
}

export interface EmbeddingInput {
  hash: string;
  features: Float32Array;
  top: TopClasses;
}

export interface PhotoListing {
  path: string;
  hash: string;
  width: number;
  height: number;
  format: string;
  top: TopClasses;
}

export const DATABASE_FILE = 'library.sqlite';

export class NewerSchemaError extends Error {
  constructor(found: number) {
    super(`the library database was written by a newer Likeness (schema ${found}, this version knows ${SCHEMA_VERSION}); update Likeness or use another --data-dir`);
  }
}

export class Library {
  private readonly db: Database.Database;
  private readonly stmts;

  private constructor(db: Database.Database) {
    this.db = db;
    this.stmts = {
      folderId: db.prepare<[string], { id: number }>('SELECT id FROM folders WHERE root = ?'),
      addFolder: db.prepare<[string]>('INSERT INTO folders (root) VALUES (?)'),
      markIndexed: db.prepare<[number, number]>('UPDATE folders SET indexed_at = ? WHERE id = ?'),
      files: db.prepare<[number], { path: string; size: number; mtime_ms: number; hash: string | null; status: 'photo' | 'skipped'; reason: string | null }>(
        'SELECT path, size, mtime_ms, hash, status, reason FROM files WHERE folder_id = ?',
      ),
      upsertFile: db.prepare(
        `INSERT INTO files (folder_id, path, size, mtime_ms, hash, status, reason) VALUES (@folderId, @path, @size, @mtimeMs, @hash, @status, @reason)
         ON CONFLICT (folder_id, path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, hash = excluded.hash, status = excluded.status, reason = excluded.reason`,
      ),
      deleteFile: db.prepare<[number, string]>('DELETE FROM files WHERE folder_id = ? AND path = ?'),
      content: db.prepare<[string], ContentInfo>('SELECT hash, width, height, format, signature FROM contents WHERE hash = ?'),
      upsertContent: db.prepare(
        'INSERT INTO contents (hash, width, height, format, signature) VALUES (@hash, @width, @height, @format, @signature) ON CONFLICT (hash) DO UPDATE SET width = excluded.width, height = excluded.height, format = excluded.format, signature = excluded.signature',
      ),
      upsertEmbedding: db.prepare(
        'INSERT INTO embeddings (hash, model_id, dim, features, top) VALUES (@hash, @modelId, @dim, @features, @top) ON CONFLICT (hash, model_id) DO UPDATE SET dim = excluded.dim, features = excluded.features, top = excluded.top',
      ),
      groups: db.prepare<[number, string], { id: string; name: string; members: string }>('SELECT id, name, members FROM groups WHERE folder_id = ? AND model_id = ? ORDER BY id'),
      clearGroups: db.prepare<[number, string]>('DELETE FROM groups WHERE folder_id = ? AND model_id = ?'),
      addGroup: db.prepare<[number, string, string, string, string]>('INSERT INTO groups (folder_id, model_id, id, name, members) VALUES (?, ?, ?, ?, ?)'),
      counts: db.prepare<[number], { status: 'photo' | 'skipped'; count: number }>('SELECT status, COUNT(*) AS count FROM files WHERE folder_id = ? GROUP BY status'),
      orphans: db.prepare<[], { hash: string }>(
        'SELECT c.hash FROM contents c WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.hash = c.hash)',
      ),
      deleteEmbeddings: db.prepare<[string]>('DELETE FROM embeddings WHERE hash = ?'),
      deleteContent: db.prepare<[string]>('DELETE FROM contents WHERE hash = ?'),
      embeddedHashes: db.prepare<[string], { hash: string }>('SELECT hash FROM embeddings WHERE model_id = ?'),
      photos: db.prepare<[string, number], { path: string; hash: string; width: number; height: number; format: string; top: string }>(
        `SELECT f.path, f.hash, c.width, c.height, c.format, e.top FROM files f
         JOIN contents c ON c.hash = f.hash JOIN embeddings e ON e.hash = f.hash AND e.model_id = ?
         WHERE f.folder_id = ? AND f.status = 'photo' ORDER BY f.path`,
      ),
      featureCount: db.prepare<[string, number], { n: number }>(
        `SELECT COUNT(*) AS n FROM files f JOIN embeddings e ON e.hash = f.hash AND e.model_id = ?
         WHERE f.folder_id = ? AND f.status = 'photo'`,
      ),
      features: db.prepare<[string, number], { path: string; hash: string; dim: number; features: Buffer }>(
        `SELECT f.path, f.hash, e.dim, e.features FROM files f JOIN embeddings e ON e.hash = f.hash AND e.model_id = ?
         WHERE f.folder_id = ? AND f.status = 'photo' ORDER BY f.path`,
      ),
      skipped: db.prepare<[number], { path: string; reason: string }>(
        "SELECT path, reason FROM files WHERE folder_id = ? AND status = 'skipped' ORDER BY path",
      ),
      photosWithoutEmbedding: db.prepare<[number, string], { path: string }>(
        `SELECT f.path FROM files f WHERE f.folder_id = ? AND f.status = 'photo'
         AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.hash = f.hash AND e.model_id = ?) ORDER BY f.path`,
      ),
    };
  }

  /** Opens (creating if needed) the library in `dataDir` and brings its schema up to date. */
  static open(dataDir: string): Library {
    makeDirsSync(dataDir);
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL'); // WAL + NORMAL: a power cut can lose the last commits, never corrupt the file
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    migrate(db);
    return new Library(db);
  }

  close(): void {
    this.db.close();
  }

  /** The database itself, for engine modules that own their own tables (organize/journal.ts). */
  get database(): Database.Database {
    return this.db;
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** The id of a folder (by its absolute real path), created on first use. */
  folderId(root: string): number {
    const row = this.stmts.folderId.get(root);
    if (row) return row.id;
    return Number(this.stmts.addFolder.run(root).lastInsertRowid);
  }

  markIndexed(folderId: number, when = Date.now()): void {
    this.stmts.markIndexed.run(when, folderId);
  }

  /** Every file known in a folder, by path. */
  fileMap(folderId: number): Map<string, FileRow> {
    const map = new Map<string, FileRow>();
    for (const r of this.stmts.files.iterate(folderId)) {
      map.set(r.path, { path: r.path, size: r.size, mtimeMs: r.mtime_ms, hash: r.hash, status: r.status, reason: r.reason });
    }
    return map;
  }

  content(hash: string): ContentInfo | undefined {
    return this.stmts.content.get(hash);
  }

  /** All content hashes that have features under a model (one query instead of one per file). */
  embeddedHashes(modelId: string): Set<string> {
    const set = new Set<string>();
    for (const r of this.stmts.embeddedHashes.iterate(modelId)) set.add(r.hash);
    return set;
  }

  /**
   * Writes one finished unit of work atomically: new contents and features first, then the file rows that point at them.
   * A cancelled or killed run therefore never leaves a photo row without its features.
   */
  commit(folderId: number, modelId: string, work: { contents?: ContentInfo[]; embeddings?: EmbeddingInput[]; files?: FileRow[]; removed?: string[] }): void {
    this.db.transaction(() => {
      for (const c of work.contents ?? []) this.stmts.upsertContent.run({ ...c, signature: c.signature ? Buffer.from(c.signature.buffer, c.signature.byteOffset, c.signature.byteLength) : null });
      for (const e of work.embeddings ?? []) {
        this.stmts.upsertEmbedding.run({ hash: e.hash, modelId, dim: e.features.length, features: encodeHalf(e.features), top: JSON.stringify(e.top) });
      }
      for (const f of work.files ?? []) this.stmts.upsertFile.run({ folderId, ...f });
      for (const p of work.removed ?? []) this.stmts.deleteFile.run(folderId, p);
    })();
  }

  /** Photos of a folder that have features under a model, by path. */
  *photos(folderId: number, modelId: string): Generator<PhotoListing> {
    for (const r of this.stmts.photos.iterate(modelId, folderId)) {
      yield { path: r.path, hash: r.hash, width: r.width, height: r.height, format: r.format, top: JSON.parse(r.top) as TopClasses };
    }
  }

  /** Paths of photos still waiting for features under a model (an interrupted run, or another model's index). */
  pendingPhotos(folderId: number, modelId: string): string[] {
    return this.stmts.photosWithoutEmbedding.all(folderId, modelId).map((r) => r.path);
  }

  /**
   * Forgets contents no file points at any more (photos deleted from every folder): their features and sizes
   * go, and the caller removes their thumbnails. Returns the hashes forgotten.
   */
  pruneOrphans(): string[] {
    return this.db.transaction(() => {
      const orphans = this.stmts.orphans.all().map((r) => r.hash);
      for (const h of orphans) {
        this.stmts.deleteEmbeddings.run(h);
        this.stmts.deleteContent.run(h);
      }
      return orphans;
    })();
  }

  /** The folder's latest grouping under a model: group ids and member content hashes. */
  savedGroups(folderId: number, modelId: string): Array<{ id: string; name: string; members: string[] }> {
    return this.stmts.groups.all(folderId, modelId).map((r) => ({ id: r.id, name: r.name, members: JSON.parse(r.members) as string[] }));
  }

  /** Replaces the folder's latest grouping under a model. */
  saveGroups(folderId: number, modelId: string, groups: Array<{ id: string; name: string; members: string[] }>): void {
    this.db.transaction(() => {
      this.stmts.clearGroups.run(folderId, modelId);
      for (const g of groups) this.stmts.addGroup.run(folderId, modelId, g.id, g.name, JSON.stringify(g.members));
    })();
  }

  /** How many photos and skipped files a folder holds. */
  counts(folderId: number): { photos: number; skipped: number } {
    const out = { photos: 0, skipped: 0 };
    for (const r of this.stmts.counts.all(folderId)) out[r.status === 'photo' ? 'photos' : 'skipped'] = r.count;
    return out;
  }

  skipped(folderId: number): Array<{ path: string; reason: string }> {
    return this.stmts.skipped.all(folderId);
  }

  /** Feature matrix of a folder's photos under a model: row i belongs to paths[i]. */
  features(folderId: number, modelId: string): { paths: string[]; hashes: string[]; dim: number; matrix: Float32Array } {
    // Row by row into a matrix sized from a count (one read transaction: the two agree): all rows at once held
    // every photo's stored features beside the matrix, another 300 MB at 100,000 photos at the start of grouping.
    return this.db.transaction(() => {
      const n = this.stmts.featureCount.get(modelId, folderId)?.n ?? 0;
      const paths: string[] = [];
      const hashes: string[] = [];
      let dim = 0;
      let matrix = new Float32Array(0);
      for (const r of this.stmts.features.iterate(modelId, folderId)) {
        if (paths.length === 0) (dim = r.dim), (matrix = new Float32Array(n * dim));
        decodeHalf(r.features, matrix, paths.length * dim);
        paths.push(r.path);
        hashes.push(r.hash);
      }
      return { paths, hashes, dim, matrix };
    })();
  }

  // ---- Grouping edits (owned by engine/session) -------------------------------------------------------------
  // A folder's edit log under a model (table `edits`, migration 4), in seq order. Undone edits are always the
  // tail of the log: undo marks the last active one, redo the first undone one, a new edit drops the undone tail.

  private editStmtsCache?: ReturnType<Library['prepareEditStmts']>;

  private prepareEditStmts() {
    return {
      list: this.db.prepare<[number, string], { seq: number; edit: string; undone: number; made_at: number }>(
        'SELECT seq, edit, undone, made_at FROM edits WHERE folder_id = ? AND model_id = ? ORDER BY seq',
      ),
      dropUndone: this.db.prepare<[number, string]>('DELETE FROM edits WHERE folder_id = ? AND model_id = ? AND undone = 1'),
      nextSeq: this.db.prepare<[number, string], { next: number }>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM edits WHERE folder_id = ? AND model_id = ?'),
      insert: this.db.prepare<[number, string, number, string, number]>('INSERT INTO edits (folder_id, model_id, seq, edit, undone, made_at) VALUES (?, ?, ?, ?, 0, ?)'),
      setUndone: this.db.prepare<[number, number, string, number]>('UPDATE edits SET undone = ? WHERE folder_id = ? AND model_id = ? AND seq = ?'),
    };
  }

  private get editStmts(): ReturnType<Library['prepareEditStmts']> {
    return (this.editStmtsCache ??= this.prepareEditStmts());
  }

  /** The folder's edit log under a model, oldest first; `edit` is the stored JSON text. */
  edits(folderId: number, modelId: string): Array<{ seq: number; edit: string; undone: boolean; madeAt: number }> {
    return this.editStmts.list.all(folderId, modelId).map((r) => ({ seq: r.seq, edit: r.edit, undone: r.undone === 1, madeAt: r.made_at }));
  }

  /** Appends an edit (JSON text) and, in the same transaction, drops the undone tail it replaces. Returns its seq. */
  appendEdit(folderId: number, modelId: string, edit: string, madeAt = Date.now()): number {
    return this.db.transaction(() => {
      this.editStmts.dropUndone.run(folderId, modelId);
      const seq = this.editStmts.nextSeq.get(folderId, modelId)!.next;
      this.editStmts.insert.run(folderId, modelId, seq, edit, madeAt);
      return seq;
    })();
  }

  /** Marks one edit undone (or active again, for redo). */
  markUndone(folderId: number, modelId: string, seq: number, undone: boolean): void {
    this.editStmts.setUndone.run(undone ? 1 : 0, folderId, modelId, seq);
  }
  // ---- end of grouping edits ----------------------------------------------------------------------------------
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    db.close();
    throw new NewerSchemaError(current);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
