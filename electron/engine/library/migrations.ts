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
  {
    version: 5,
    description: 'the journal of applies: every file operation written before it happens, so a crash can be repaired',
    sql: `
      -- One apply (or copy) of a plan to disk. state: applying → applied → undoing → undone; an apply interrupted by
      -- a crash is rolled back to 'rolled-back' by the next command that touches the folder.
      CREATE TABLE applies (
        id INTEGER PRIMARY KEY,
        folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        mode TEXT NOT NULL CHECK (mode IN ('move', 'copy')),
        target TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('applying', 'applied', 'undoing', 'undone', 'rolled-back')),
        started_at REAL NOT NULL,
        finished_at REAL
      );
      CREATE INDEX applies_by_folder ON applies(folder_id, id);
      -- One file operation; absolute paths. state: pending → done (→ undone), or failed/skipped with the reason.
      CREATE TABLE apply_ops (
        apply_id INTEGER NOT NULL REFERENCES applies(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        source TEXT NOT NULL,
        dest TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        hash TEXT,
        companion_of TEXT,
        state TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed', 'skipped', 'undone')),
        error TEXT,
        PRIMARY KEY (apply_id, seq)
      ) WITHOUT ROWID;
      -- Folders an apply created (outermost first), removed by its undo when they are empty again.
      CREATE TABLE apply_dirs (
        apply_id INTEGER NOT NULL REFERENCES applies(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        PRIMARY KEY (apply_id, path)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    description: 'which process runs an apply, so recovery never touches an apply that is still running',
    sql: `
      -- "host:pid" of the process running the apply or undo; recovery leaves it alone while that process lives.
      ALTER TABLE applies ADD COLUMN owner TEXT;
    `,
  },
  {
    version: 7,
    description: 'the boot and start time of the process that runs an apply: a pid alone outlives neither a reboot nor its reuse',
    sql: `
      -- With owner's pid they identify the process (organize/owner.ts): "id:<boot id>" or "time:<ms>", and the
      -- start time as the system reports it. NULL in rows written before: those are judged by the pid alone.
      ALTER TABLE applies ADD COLUMN owner_boot TEXT;
      ALTER TABLE applies ADD COLUMN owner_start TEXT;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
