// After Apply: what was done, folder by folder, what failed and why, Undo, "Show in folder" (Electron only), back
// to the groups. After Undo: what went back (or, for a copy, which copies were removed).
import type { ApplyResult, AppInfo, LikenessApi, PlanPreview, UndoResult } from '../../../electron/ipc/contract';
import { outcomeByFolder } from '../logic/apply-summary';
import { formatCount, plural } from '../logic/format';
import { relativeTo } from '../logic/plan-summary';

interface Props {
  api: LikenessApi;
  info: AppInfo | null;
  result: ApplyResult;
  /** The plan that was applied, for the summary per folder. */
  plan: PlanPreview | null;
  undo: UndoResult | null;
  onUndo: () => void;
  onBack: () => void;
  report: (source: string, err: unknown) => void;
}

export function ApplyResultScreen({ api, info, result, plan, undo, onUndo, onBack, report }: Props) {
  const verb = result.mode === 'copy' ? 'Copied' : 'Moved';
  const rows = plan ? outcomeByFolder(plan, result) : [];
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
                {result.mode === 'copy' ? ' The originals were never touched.' : ''}
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
          {rows.length > 0 && (
            <table className="result-folders" data-testid="result-folders">
              <caption>{result.mode === 'copy' ? 'Copied' : 'Moved'}, folder by folder</caption>
              <thead>
                <tr>
                  <th scope="col">Folder</th>
                  <th scope="col">Files</th>
                  <th scope="col">Could not</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.folder}>
                    <th scope="row">{relativeTo(result.target, r.folder)}</th>
                    <td>{formatCount(r.done)}</td>
                    <td>{r.failed ? formatCount(r.failed) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <FailureList failed={result.failed} label="Could not be organized" />
        </>
      )}
      <div className="dialog-buttons">
        {!undo && (
          <button type="button" onClick={onUndo}>
            {result.mode === 'copy' ? 'Undo (remove the copies)' : 'Undo (put the files back)'}
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
