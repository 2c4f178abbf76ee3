// Versioned schema of the library database. Each migration runs once, in order, inside a transaction;
// PRAGMA user_version records how far a database has come. Never edit a released migration: append one.

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    description: 'folders, files, contents by hash, embeddings by hash and model',
    sql: `
      CREATE TABLE folders (
        id INTEGER PRIMARY KEY,
        root TEXT NOT NULL UNIQUE,
        indexed_at REAL
      );
      -- One row per file found in a folder: a usable photo or a skipped file with its reason.
      CREATE TABLE files (
        folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        hash TEXT,
        status TEXT NOT NULL CHECK (status IN ('photo', 'skipped')),
        reason TEXT,
        PRIMARY KEY (folder_id, path)
      ) WITHOUT ROWID;
      CREATE INDEX files_by_hash ON files(hash);
      -- What is known of a content (by sha256 of its bytes), whatever its path: moves and copies share it.
      CREATE TABLE contents (
        hash TEXT PRIMARY KEY,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        format TEXT NOT NULL
      ) WITHOUT ROWID;
      -- Penultimate-layer features (float16) and top classes of a content under one model.
      CREATE TABLE embeddings (
        hash TEXT NOT NULL,
        model_id TEXT NOT NULL,
        dim INTEGER NOT NULL,
        features BLOB NOT NULL,
        top TEXT NOT NULL,
        PRIMARY KEY (hash, model_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'pixel signature of each content, for near-duplicate checks',
    sql: `
      -- 16×16 luminance (256 bytes); null for contents indexed before version 2 (computed again from the thumbnail).
      ALTER TABLE contents ADD COLUMN signature BLOB;
    `,
  },
  {
    version: 3,
    description: 'last grouping of each folder, so that group ids survive re-grouping',
    sql: `
      -- One row per group of the folder's latest grouping under a model; members are content hashes (JSON).
      CREATE TABLE groups (
        folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        model_id TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        members TEXT NOT NULL,
        PRIMARY KEY (folder_id, model_id, id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    description: "the user's edits of a folder's grouping (rename, merge, split, move, exclude, accept, reject)",
    sql: `
      -- The edit log of a folder under a model, replayed in seq order on top of every new suggested grouping.
      -- Edits name groups by stable id and photos by content hash (see engine/session). Undone edits stay until a
      -- new edit is made (redo); then they are deleted.
      CREATE TABLE edits (
        folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        model_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        edit TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
        made_at REAL NOT NULL,
        PRIMARY KEY (folder_id, model_id, seq)
      ) WITHOUT ROWID;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
