// Apply: where the group folders go (this folder or another), move or copy, and the full list of what would
// happen, asked of the engine again whenever a choice changes: every destination folder with its count (one
// column, scrolled vertically), then every operation. Nothing changes on disk until Apply. A modal dialog.
import { useEffect, useRef, useState } from 'react';
import type { ApplyMode, LikenessApi, PlanPreview, RecoveryNote } from '../../../electron/ipc/contract';
import { announcePlan } from '../app-events';
import { formatCount } from '../logic/format';
import { planSentence, relativeTo } from '../logic/plan-summary';
import { errorMessage } from '../state/problems';
import { useDebouncedEffect } from '../state/use-debounced';
import { Dialog } from './Dialog';
import { PlanList } from './PlanList';

interface Props {
  api: LikenessApi;
  folder: string;
  report: (source: string, err: unknown) => void;
  onApply: (plan: PlanPreview) => void;
  onRecovered: (notes: RecoveryNote[]) => void;
  onCancel: () => void;
}

export function ApplyDialog({ api, folder, report, onApply, onRecovered, onCancel }: Props) {
  const [where, setWhere] = useState<'here' | 'other'>('here');
  const [typed, setTyped] = useState('');
  const [other, setOther] = useState(''); // the typed path once typing pauses
  const [mode, setMode] = useState<ApplyMode>('move');
  const [plan, setPlan] = useState<PlanPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chooseHint, setChooseHint] = useState<string | null>(null);
  const request = useRef(0);

  useDebouncedEffect(typed, 300, (t) => setOther(t.trim()));
  const target = where === 'here' ? null : other || null;
  const ready = where === 'here' || target !== null;

  useEffect(() => {
    if (!ready) {
      setPlan(null);
      return;
    }
    const n = ++request.current; // only the answer to the latest choice counts
    setPlan(null);
    setError(null);
    announcePlan('loading');
    api.call('organize.plan', { folder, target, mode }).then(
      (p) => {
        onRecovered(p.recovered); // files moved back whichever preview asked: always worth saying
        if (n !== request.current) return;
        setPlan(p);
        announcePlan('ready', p.operations.length);
      },
      (err) => {
        if (n !== request.current) return;
        setError(errorMessage(err));
        announcePlan('error');
      },
    );
  }, [api, folder, target, mode, ready, onRecovered]);

  async function choose() {
    try {
      const chosen = await api.call('folders.choose', {});
      if (chosen) {
        setWhere('other');
        setTyped(chosen);
        setOther(chosen);
      } else setChooseHint('No folder dialog here: type the destination’s full path.');
    } catch (err) {
      report('Choosing a folder', err);
    }
  }

  return (
    <Dialog labelledBy="apply-title" className="apply-dialog" testId="apply-dialog" onClose={onCancel}>
        <h2 id="apply-title">Organize the files</h2>
        <fieldset>
          <legend>Put the group folders</legend>
          <label>
            <input type="radio" name="where" checked={where === 'here'} onChange={() => setWhere('here')} /> in this folder ({folder})
          </label>
          <label>
            <input type="radio" name="where" checked={where === 'other'} onChange={() => setWhere('other')} /> in another folder
          </label>
          <div className="path-form">
            <input
              type="text"
              aria-label="Destination folder"
              data-testid="apply-target"
              value={typed}
              placeholder="/path/to/destination"
              spellCheck={false}
              onChange={(e) => {
                setWhere('other');
                setTyped(e.target.value);
              }}
            />
            <button type="button" onClick={choose}>
              Choose…
            </button>
          </div>
          {chooseHint && <p className="hint">{chooseHint}</p>}
        </fieldset>
        <fieldset>
          <legend>Files</legend>
          <label>
            <input type="radio" name="mode" checked={mode === 'move'} onChange={() => setMode('move')} /> Move (the originals leave their place)
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'copy'} onChange={() => setMode('copy')} /> Copy (the originals stay)
          </label>
        </fieldset>

        <section
          className="plan"
          aria-label="What will happen"
          aria-busy={ready && !plan && !error}
          data-testid="plan"
          data-target={plan?.target}
          data-mode={plan?.mode}
          data-operations={plan?.operations.length}
        >
          {!ready && <p className="hint">Type the destination folder.</p>}
          {ready && !plan && !error && <p className="hint">Working out what would happen…</p>}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          {plan && (
            <>
              <p data-testid="plan-sentence">{planSentence(plan)}</p>
              <p className="hint">Into {plan.target}</p>
              {plan.problems.length > 0 && (
                <ul className="plan-problems" aria-label="Problems with this plan">
                  {plan.problems.map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </ul>
              )}
              <h3 className="plan-heading">{plan.folders.length === 1 ? 'One folder' : `${formatCount(plan.folders.length)} folders`}</h3>
              <ul className="plan-folders" aria-label="Files per folder" data-testid="plan-folders" tabIndex={0}>
                {plan.folders.map((f) => (
                  <li key={f.folder}>
                    <span>{relativeTo(plan.target, f.folder)}</span> <span className="count">{formatCount(f.count)}</span>
                  </li>
                ))}
              </ul>
              <PlanList operations={plan.operations} target={plan.target} />
            </>
          )}
        </section>

        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!plan || plan.operations.length === 0} onClick={() => plan && onApply(plan)}>
            {mode === 'copy' ? 'Copy files' : 'Move files'}
          </button>
        </div>
    </Dialog>
  );
}
