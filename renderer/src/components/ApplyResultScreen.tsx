// After Apply: every photo of the plan accounted for (placed, there already, failed with why, not tried with why),
// folder by folder, Undo when something can be undone, "Show in folder" (Electron only), back to the groups. After
// Undo: what went back (or, for a copy, which copies were removed), and the files that could not yet, with where
// each belongs: Undo again retries them, or they can be left where they are.
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
  /** Leave the files an undo could not put back where they are (closes that apply). */
  onLeaveRest: () => void;
  onBack: () => void;
  report: (source: string, err: unknown) => void;
}

export function ApplyResultScreen({ api, info, result, plan, undo, onUndo, onLeaveRest, onBack, report }: Props) {
  const verb = result.mode === 'copy' ? 'Copied' : 'Moved';
  const rows = plan ? outcomeByFolder(plan, result) : [];
  const n = result.photos;
  const whole = n.failed === 0 && n.notTried === 0;
  const companions = result.done - n.placed;
  return (
    <main className="screen result" data-testid="apply-result">
      {undo ? (
        <>
          <h1>{undo.notBack > 0 ? 'Undone, but not every file' : 'Undone'}</h1>
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
          {undo.notBack > 0 && (
            <p data-testid="undo-not-back">
              {plural(undo.notBack, 'file')} could not go back yet. Move each to where it belongs (listed below), or clear the way,
              then Undo again; or leave them where they are.
            </p>
          )}
          <FailureList failed={undo.failed.map((f) => ({ path: f.path, reason: f.backTo ? `${f.reason} (belongs at ${f.backTo})` : f.reason }))} label="Could not be undone" />
        </>
      ) : (
        <>
          <h1>{whole ? 'Done' : 'Done, but not every photo'}</h1>
          <p data-testid="apply-summary">
            {verb} {formatCount(n.placed)} of {plural(n.inPlan, 'photo')} into {result.target}
            {companions > 0 ? `, with ${plural(companions, 'companion file')} (sidecars, RAW pairs, Live Photo movies)` : ''}.
            {n.alreadyThere ? ` ${plural(n.alreadyThere, 'photo was', 'photos were')} there already.` : ''}
            {n.failed ? ` ${plural(n.failed, 'photo')} failed.` : ''}
            {n.notTried ? ` ${plural(n.notTried, 'photo was', 'photos were')} not tried.` : ''}
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
          <FailureList failed={result.failed.map((f) => ({ path: f.path, reason: f.companionOf ? `${f.reason} (belongs with ${f.companionOf})` : f.reason }))} label="Could not be organized" />
          <FailureList failed={result.notTried} label="Not tried" />
        </>
      )}
      <div className="dialog-buttons">
        {!undo && result.undoable && (
          <button type="button" onClick={onUndo}>
            {result.mode === 'copy' ? 'Undo (remove the copies)' : 'Undo (put the files back)'}
          </button>
        )}
        {undo && undo.notBack > 0 && (
          <>
            <button type="button" onClick={onUndo}>
              Undo again
            </button>
            <button type="button" onClick={onLeaveRest}>
              Leave them where they are
            </button>
          </>
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
