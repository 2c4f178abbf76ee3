// A folder's grouping session: the user's edit log (persisted in the library, so another process or a restart
// sees the same state) replayed over whatever suggested grouping the folder has now, with undo and redo. The
// slider's moves are in the log too, so undo steps back through them with the edits, and a folder opens where its
// slider was left. The log is read once at open; one session per folder and model writes it.
import type { Edit } from '../../ipc/contract';
import type { Library } from '../library/library';
import { editLabel } from './labels';
import { replayEdits } from './replay';
import { EditError, groupIdsOf, prepareEdit } from './validate';
import { parseStoredEdit, type EditedGrouping, type HashOf, type StoredEdit, type SuggestedGrouping } from './types';

interface LogEntry {
  seq: number;
  edit: StoredEdit;
  undone: boolean;
}

export class GroupingSession {
  private base: { suggested: SuggestedGrouping; hashOf: HashOf } | null = null;
  private cached: EditedGrouping | null = null;

  private constructor(
    private readonly lib: Library,
    private readonly folderId: number,
    private readonly modelId: string,
    private log: LogEntry[],
  ) {}

  /** The session of a folder under a model, with its stored edits (rows that no longer parse are ignored). */
  static open(lib: Library, folderId: number, modelId: string): GroupingSession {
    const log: LogEntry[] = [];
    for (const row of lib.edits(folderId, modelId)) {
      let value: unknown;
      try {
        value = JSON.parse(row.edit);
      } catch {
        continue;
      }
      const edit = parseStoredEdit(value);
      if (edit) log.push({ seq: row.seq, edit, undone: row.undone });
    }
    return new GroupingSession(lib, folderId, modelId, log);
  }

  /** Sets the suggested grouping the edits apply to (a new one after re-indexing or a knob move) and returns the edited view. */
  view(suggested: SuggestedGrouping, hashOf: HashOf): EditedGrouping {
    if (this.base?.suggested !== suggested || this.base.hashOf !== hashOf) {
      this.base = { suggested, hashOf };
      this.cached = null;
    }
    return this.current();
  }

  /** The edited view over the grouping last given to `view`. */
  current(): EditedGrouping {
    if (!this.base) throw new EditError('no grouping yet: open the folder first');
    this.cached ??= replayEdits(this.base.suggested, this.base.hashOf, this.activeEdits());
    return this.cached;
  }

  /** The entries in force, oldest first. */
  activeEdits(): StoredEdit[] {
    return this.log.filter((l) => !l.undone).map((l) => l.edit);
  }

  /** Where the slider was last left (the last slider move in force), or null when it never moved. */
  get granularity(): number | null {
    for (let i = this.log.length - 1; i >= 0; i--) {
      const l = this.log[i];
      if (!l.undone && l.edit.kind === 'granularity') return l.edit.to;
    }
    return null;
  }

  /** Records a move of the slider, so that undo can step back over it (dropping whatever could have been redone). */
  moveSlider(from: number, to: number): void {
    this.append({ kind: 'granularity', from, to });
  }

  /**
   * Checks an edit against the current view, stores it (dropping whatever could have been redone) and returns it as
   * stored: a split with its new group id, an accept with the groups its photos were accepted into.
   * Throws EditError, storing nothing, when the edit cannot be made.
   */
  edit(e: Edit): StoredEdit {
    const view = this.current();
    const taken = new Set(this.activeEdits().flatMap(groupIdsOf));
    const stored = prepareEdit(e, view, this.base!.hashOf, taken);
    this.append(stored);
    return stored;
  }

  private append(entry: StoredEdit): void {
    const seq = this.lib.appendEdit(this.folderId, this.modelId, JSON.stringify(entry));
    this.log = [...this.log.filter((l) => !l.undone), { seq, edit: entry, undone: false }];
    this.cached = null;
  }

  /** Reverts the most recent entry in force (an edit or a slider move); returns it, or null when there is none. */
  undo(): StoredEdit | null {
    return this.setUndone(this.lastActive(), true);
  }

  /** Makes the most recently undone edit again; returns it, or null when there is none. */
  redo(): StoredEdit | null {
    return this.setUndone(this.firstUndone(), false);
  }

  get canUndo(): boolean {
    return this.lastActive() !== undefined;
  }

  get canRedo(): boolean {
    return this.firstUndone() !== undefined;
  }

  /** What undo would revert, for the button's tooltip ("rename “Dogs”"). */
  get undoLabel(): string | undefined {
    const e = this.lastActive();
    return e && editLabel(e.edit);
  }

  get redoLabel(): string | undefined {
    const e = this.firstUndone();
    return e && editLabel(e.edit);
  }

  private setUndone(entry: LogEntry | undefined, undone: boolean): StoredEdit | null {
    if (!entry) return null;
    this.lib.markUndone(this.folderId, this.modelId, entry.seq, undone);
    entry.undone = undone;
    this.cached = null;
    return entry.edit;
  }

  private lastActive(): LogEntry | undefined {
    for (let i = this.log.length - 1; i >= 0; i--) if (!this.log[i].undone) return this.log[i];
    return undefined;
  }

  private firstUndone(): LogEntry | undefined {
    return this.log.find((l) => l.undone);
  }
}
