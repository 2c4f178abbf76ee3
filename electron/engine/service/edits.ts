// The one place the service touches the edits session (electron/engine/session): opening a folder's session,
// making, undoing and redoing edits and slider moves, and the edited grouping. Kept behind this small interface so
// that the service does not depend on the session's internals.
import type { Edit } from '../../ipc/contract';
import type { Library } from '../library/library';
import { GroupingSession, toPlanGroups, type EditedGrouping, type HashOf, type SuggestedGrouping } from '../session';

export interface EditHistory {
  canUndo: boolean;
  canRedo: boolean;
  undoLabel?: string;
  redoLabel?: string;
}

/** What an undo or redo did: an edit (the view changes), or a slider move (the folder must group at `granularity`). */
export type Stepped = { kind: 'none' } | { kind: 'edit' } | { kind: 'slider'; granularity: number };

export interface FolderEdits {
  /** Throws EditError (a bad request) when the edit does not fit the current view. */
  edit(e: Edit): void;
  undo(): Stepped;
  redo(): Stepped;
  /** Records a slider move in the log (undoable). */
  moveSlider(from: number, to: number): void;
  /** Where the slider was last left in this folder, or null. */
  granularity(): number | null;
  history(): EditHistory;
  /** The edits replayed over a suggested grouping (becomes the base of later edits). */
  view(suggested: SuggestedGrouping, hashOf: HashOf): EditedGrouping;
  planGroups(view: EditedGrouping): Array<{ name: string; files: string[] }>;
}

export function openEdits(lib: Library, folderId: number, modelId: string): FolderEdits {
  const session = GroupingSession.open(lib, folderId, modelId);
  const stepped = (e: ReturnType<GroupingSession['undo']>, undo: boolean): Stepped => {
    if (!e) return { kind: 'none' };
    if (e.kind === 'granularity') return { kind: 'slider', granularity: undo ? e.from : e.to };
    return { kind: 'edit' };
  };
  return {
    edit: (e) => void session.edit(e),
    undo: () => stepped(session.undo(), true),
    redo: () => stepped(session.redo(), false),
    moveSlider: (from, to) => session.moveSlider(from, to),
    granularity: () => session.granularity,
    history: () => {
      const h: EditHistory = { canUndo: session.canUndo, canRedo: session.canRedo };
      const u = session.undoLabel;
      const r = session.redoLabel;
      if (u) h.undoLabel = u;
      if (r) h.redoLabel = r;
      return h;
    },
    view: (suggested, hashOf) => session.view(suggested, hashOf),
    planGroups: (view) => toPlanGroups(view),
  };
}
