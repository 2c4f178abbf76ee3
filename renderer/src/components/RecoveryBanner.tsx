// What Likeness repaired on its own: an apply interrupted by a crash or a power cut, rolled back (or an undo,
// finished) before anything else touched the folder. Files moved without the person doing anything, so this stays
// on screen, across screens, until they dismiss it.
import type { RecoveryNote } from '../../../electron/ipc/contract';

export function RecoveryBanner({ notes, onDismiss }: { notes: RecoveryNote[]; onDismiss: () => void }) {
  if (!notes.length) return null;
  return (
    <div className="recovery" role="status" data-testid="recovery-banner">
      <div>
        <strong>Likeness repaired this folder after an interruption.</strong>
        <ul>
          {notes.map((n) => (
            <li key={`${n.applyId}-${n.action}`} data-testid="recovery-note">
              {capitalize(n.message)}.
            </li>
          ))}
        </ul>
      </div>
      <button type="button" onClick={onDismiss} aria-label="Dismiss the repair notice">
        ×
      </button>
    </div>
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
