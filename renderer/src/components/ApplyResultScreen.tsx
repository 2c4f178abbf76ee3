// After Apply: what was done, what failed and why, Undo, "Show in folder" (Electron only), back to the groups.
import type { ApplyResult, AppInfo, LikenessApi, UndoResult } from '../../../electron/ipc/contract';
import { plural } from '../logic/format';

interface Props {
  api: LikenessApi;
  info: AppInfo | null;
  result: ApplyResult;
  undo: UndoResult | null;
  onUndo: () => void;
  onBack: () => void;
  report: (source: string, err: unknown) => void;
}

export function ApplyResultScreen({ api, info, result, undo, onUndo, onBack, report }: Props) {
  const verb = result.mode === 'copy' ? 'Copied' : 'Moved';
  return (
    <main className="screen result" data-testid="apply-result">
      {undo ? (
        <>
          <h1>Undone</h1>
          <p data-testid="undo-summary">
            {undo.applyId === null ? (
              // The undo found an interrupted apply and rolled that back instead (the repair banner says what).
              'An interrupted apply was rolled back instead; nothing else was undone.'
            ) : (
              <>
                {result.mode === 'copy' ? `Removed ${plural(undo.restored, 'copy', 'copies')}` : `Put ${plural(undo.restored, 'file')} back`}
                {undo.removedFolders ? ` and removed ${plural(undo.removedFolders, 'empty folder')}` : ''}.
              </>
            )}
          </p>
          <FailureList failed={undo.failed} label="Could not be undone" />
        </>
      ) : (
        <>
          <h1>Done</h1>
          <p data-testid="apply-summary">
            {verb} {plural(result.done, 'file')} into {result.target}.
          </p>
          <FailureList failed={result.failed} label="Could not be organized" />
        </>
      )}
      <div className="dialog-buttons">
        {!undo && (
          <button type="button" onClick={onUndo}>
            Undo
          </button>
        )}
        {info?.transport !== 'web' && !undo && (
          <button type="button" onClick={() => api.call('shell.showInFolder', { path: result.showPath }).catch((err) => report('Show in folder', err))}>
            Show in folder
          </button>
        )}
        <button type="button" className="primary" onClick={onBack}>
          Back to the groups
        </button>
      </div>
    </main>
  );
}

function FailureList({ failed, label }: { failed: Array<{ path: string; reason: string }>; label: string }) {
  if (!failed.length) return null;
  return (
    <section aria-label={label} className="problems inline">
      <h2>
        {label}: {plural(failed.length, 'file')}
      </h2>
      <ul>
        {failed.map((f) => (
          <li key={f.path}>
            <span className="problem-path">{f.path}</span> <span className="problem-reason">{f.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
