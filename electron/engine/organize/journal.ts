// The apply journal in the library database (tables of migration 5): an apply and all its operations are written,
// durably, before the first file moves; each operation is marked done in the same transaction that makes the index
// follow the file. This is what crash recovery and undo read.
import type Database from 'better-sqlite3';
import * as path from 'node:path';
import type { ApplyMode } from '../../ipc/contract';
import type { Library } from '../library/library';
import { ownerOfColumns, type OwnerRecord } from './owner';
import type { PlanOperation } from './plan';
import { toRel } from './plan';
import { selfOwner } from './process-probe';

export type ApplyState = 'applying' | 'applied' | 'undoing' | 'undone' | 'rolled-back';
export type OpState = 'pending' | 'done' | 'failed' | 'skipped' | 'undone';

export interface ApplyRow {
  id: number;
  folderId: number;
  mode: ApplyMode;
  target: string;
  state: ApplyState;
  startedAt: number;
  finishedAt: number | null;
  /** The process that runs it (or ran it and died); null once released or finished by a process that ended well. */
  owner: OwnerRecord | null;
}

export interface OpRow {
  applyId: number;
  seq: number;
  source: string;
  dest: string;
  size: number;
  mtimeMs: number;
  hash: string | null;
  companionOf: string | null;
  state: OpState;
  error: string | null;
}

export class Journal {
  private readonly db: Database.Database;

  constructor(
    lib: Library,
    /** The folder's id and real root: index rows are paths relative to it. */
    readonly folderId: number,
    readonly root: string,
  ) {
    this.db = lib.database;
  }

  /** Records a new apply and all its operations as pending, synced to disk before returning. */
  begin(mode: ApplyMode, target: string, ops: PlanOperation[]): number {
    const me = selfOwner();
    return this.durably(() => {
      const id = Number(
        this.db
          .prepare('INSERT INTO applies (folder_id, mode, target, state, started_at, owner, owner_boot, owner_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(this.folderId, mode, target, 'applying', Date.now(), `${me.host}:${me.pid}`, me.boot, me.start).lastInsertRowid,
      );
      const add = this.db.prepare('INSERT INTO apply_ops (apply_id, seq, source, dest, size, mtime_ms, hash, companion_of, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const op of ops) add.run(id, op.seq, op.from, op.to, op.size, op.mtimeMs, op.hash, op.companionOf ?? null, 'pending');
      return id;
    });
  }

  /** Notes a folder about to be created, durably, so that undo and recovery can remove it again. */
  recordDir(applyId: number, dir: string): void {
    this.durably(() => this.db.prepare('INSERT OR IGNORE INTO apply_dirs (apply_id, path) VALUES (?, ?)').run(applyId, dir));
  }

  dirs(applyId: number): string[] {
    return this.db.prepare<[number], { path: string }>('SELECT path FROM apply_dirs WHERE apply_id = ?').all(applyId).map((r) => r.path);
  }

  setState(applyId: number, state: ApplyState): void {
    const me = selfOwner();
    this.durably(() => {
      const finished = state === 'applying' || state === 'undoing' ? null : Date.now();
      // Whoever moves an apply into a running state owns it from now on (an undo, a recovery).
      this.db
        .prepare('UPDATE applies SET state = ?, finished_at = ?, owner = ?, owner_boot = ?, owner_start = ? WHERE id = ?')
        .run(state, finished, `${me.host}:${me.pid}`, me.boot, me.start, applyId);
    });
  }

  /** After an unexpected failure: the apply is no longer running, so the next command may repair it. */
  release(applyId: number): void {
    this.durably(() => this.db.prepare('UPDATE applies SET owner = NULL, owner_boot = NULL, owner_start = NULL WHERE id = ?').run(applyId));
  }

  /**
   * An operation happened on disk (`to`: 'done' after an apply step, 'undone' after its reversal): mark it and make the
   * index follow the file in one transaction, so the index never disagrees with the journal.
   */
  settle(op: OpRow, state: 'done' | 'undone', mode: ApplyMode, hash?: string | null, destMtimeMs?: number): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE apply_ops SET state = ?, error = NULL, hash = COALESCE(?, hash) WHERE apply_id = ? AND seq = ?').run(state, hash ?? null, op.applyId, op.seq);
      const [from, to] = state === 'done' ? [op.source, op.dest] : [op.dest, op.source];
      this.followFile(op, from, to, mode === 'copy' ? (state === 'done' ? 'copied' : 'uncopied') : 'moved', destMtimeMs);
    })();
  }

  /**
   * An operation a crash interrupted and recovery could not put back yet: marked done so that undo retries it
   * (undo reads the disk, so it handles every point the operation may have reached). The index is left to the
   * next scan, which recognizes the file by its content wherever it is.
   */
  markDone(op: OpRow): void {
    this.db.prepare("UPDATE apply_ops SET state = 'done' WHERE apply_id = ? AND seq = ?").run(op.applyId, op.seq);
  }

  fail(op: OpRow, state: 'failed' | 'skipped', reason: string): void {
    this.db.prepare('UPDATE apply_ops SET state = ?, error = ? WHERE apply_id = ? AND seq = ?').run(state, reason, op.applyId, op.seq);
  }

  ops(applyId: number): OpRow[] {
    return this.db
      .prepare<[number], { apply_id: number; seq: number; source: string; dest: string; size: number; mtime_ms: number; hash: string | null; companion_of: string | null; state: OpState; error: string | null }>(
        'SELECT * FROM apply_ops WHERE apply_id = ? ORDER BY seq',
      )
      .all(applyId)
      .map((r) => ({ applyId: r.apply_id, seq: r.seq, source: r.source, dest: r.dest, size: r.size, mtimeMs: r.mtime_ms, hash: r.hash, companionOf: r.companion_of, state: r.state, error: r.error }));
  }

  /** Applies of this folder, most recent first. */
  applies(): ApplyRow[] {
    return this.db
      .prepare<
        [number],
        { id: number; folder_id: number; mode: ApplyMode; target: string; state: ApplyState; started_at: number; finished_at: number | null; owner: string | null; owner_boot: string | null; owner_start: string | null }
      >('SELECT * FROM applies WHERE folder_id = ? ORDER BY id DESC')
      .all(this.folderId)
      .map((r) => ({
        id: r.id,
        folderId: r.folder_id,
        mode: r.mode,
        target: r.target,
        state: r.state,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        owner: ownerOfColumns(r.owner, r.owner_boot, r.owner_start),
      }));
  }

  /**
   * Where the photos once at `sources` (absolute paths) went: the latest apply of this folder that moved each away
   * and has not put it back. For a plan naming photos an apply already moved, so that it can say so.
   */
  movedAway(sources: string[]): Map<string, { apply: ApplyRow; dest: string }> {
    const out = new Map<string, { apply: ApplyRow; dest: string }>();
    if (sources.length === 0) return out;
    const applies = new Map(this.applies().map((a) => [a.id, a]));
    const find = this.db.prepare<[number, string], { apply_id: number; dest: string }>(
      `SELECT o.apply_id, o.dest FROM apply_ops o JOIN applies a ON a.id = o.apply_id
       WHERE a.folder_id = ? AND a.mode = 'move' AND o.source = ? AND o.state = 'done' ORDER BY o.apply_id DESC LIMIT 1`,
    );
    for (const source of sources) {
      const row = find.get(this.folderId, source);
      const apply = row && applies.get(row.apply_id);
      if (row && apply) out.set(source, { apply, dest: row.dest });
    }
    return out;
  }

  /**
   * Photos that copies of this folder (applies still applied, latest first) put somewhere, by source path, with
   * the content hash of the copy: a copy plan run again finds the ones it copied already.
   */
  copiesMade(): Map<string, { apply: ApplyRow; dest: string; hash: string | null }> {
    const out = new Map<string, { apply: ApplyRow; dest: string; hash: string | null }>();
    const applies = new Map(this.applies().map((a) => [a.id, a]));
    const rows = this.db
      .prepare<[number], { apply_id: number; source: string; dest: string; hash: string | null }>(
        `SELECT o.apply_id, o.source, o.dest, o.hash FROM apply_ops o JOIN applies a ON a.id = o.apply_id
         WHERE a.folder_id = ? AND a.mode = 'copy' AND a.state = 'applied' AND o.state = 'done' AND o.companion_of IS NULL ORDER BY o.apply_id DESC`,
      )
      .all(this.folderId);
    for (const r of rows) if (!out.has(r.source)) out.set(r.source, { apply: applies.get(r.apply_id)!, dest: r.dest, hash: r.hash });
    return out;
  }

  /** The index follows a file: its row moves to the new path, is copied to it, or (copy undone) is removed. */
  private followFile(op: OpRow, from: string, to: string, how: 'moved' | 'copied' | 'uncopied', toMtimeMs?: number): void {
    const fromRel = toRel(this.root, from);
    const toRelPath = toRel(this.root, to);
    if (how === 'uncopied') {
      // The original keeps its row; one deleted since (undo brought the copy back to its path) gets one again.
      if (toRelPath && fromRel) {
        this.db
          .prepare(
            `INSERT OR IGNORE INTO files (folder_id, path, size, mtime_ms, hash, status, reason)
             SELECT folder_id, ?, size, mtime_ms, hash, status, reason FROM files WHERE folder_id = ? AND path = ?`,
          )
          .run(toRelPath, this.folderId, fromRel);
      } else if (toRelPath && op.hash && !op.companionOf) {
        this.db
          .prepare("INSERT OR IGNORE INTO files (folder_id, path, size, mtime_ms, hash, status, reason) VALUES (?, ?, ?, ?, ?, 'photo', NULL)")
          .run(this.folderId, toRelPath, op.size, op.mtimeMs, op.hash);
      }
      if (fromRel) this.db.prepare('DELETE FROM files WHERE folder_id = ? AND path = ?').run(this.folderId, fromRel);
      return;
    }
    if (!fromRel) {
      // A photo coming back from outside the folder (undo of an apply to another target): the journal knows it.
      // A sidecar is no photo, even when a copy across disks gave it a hash.
      if (toRelPath && op.hash && !op.companionOf) {
        this.db
          .prepare("INSERT OR REPLACE INTO files (folder_id, path, size, mtime_ms, hash, status, reason) VALUES (?, ?, ?, ?, ?, 'photo', NULL)")
          .run(this.folderId, toRelPath, op.size, op.mtimeMs, op.hash);
      }
      return;
    }
    if (toRelPath) {
      this.db
        .prepare(
          `INSERT OR REPLACE INTO files (folder_id, path, size, mtime_ms, hash, status, reason)
           SELECT folder_id, ?, size, COALESCE(?, mtime_ms), hash, status, reason FROM files WHERE folder_id = ? AND path = ?`,
        )
        .run(toRelPath, toMtimeMs ?? null, this.folderId, fromRel);
    }
    if (how === 'moved') this.db.prepare('DELETE FROM files WHERE folder_id = ? AND path = ?').run(this.folderId, fromRel);
  }

  /** A path as a person reads it: relative to the folder when inside it. */
  display(abs: string): string {
    return toRel(this.root, abs) ?? path.resolve(abs);
  }

  /** Runs a write with a full sync: the journal must be on disk before the file system changes it describes. */
  private durably<T>(fn: () => T): T {
    this.db.pragma('synchronous = FULL');
    try {
      return this.db.transaction(fn)();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }
}

