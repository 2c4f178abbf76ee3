// The duplicates view: every set of exact or near copies side by side, each with its size, resolution, date, path
// and where it is now. "Keep one" sets the others aside — excluded (left where they are) or filed into a
// "Duplicates" group — for one set or, with the best copy of each, for all of them. Nothing is ever deleted.
// A set of near copies also says which of its files are the very same bytes as another (the engine folds those in).
import { useCallback, useEffect, useState } from 'react';
import type { DuplicateSetView, Edit, GroupsView, LikenessApi } from '../../../electron/ipc/contract';
import { bestCopy, othersOf } from '../logic/duplicates';
import { setAsideEdit } from '../logic/edits';
import { baseName, formatBytes, formatCount, plural } from '../logic/format';
import { errorMessage } from '../state/problems';
import { Dialog } from './Dialog';

interface Props {
  api: LikenessApi;
  view: GroupsView;
  /** Makes an edit; resolves once the engine has answered. */
  onEdit: (e: Edit, what: string) => Promise<void>;
  onClose: () => void;
}

export function DuplicatesDialog({ api, view, onEdit, onClose }: Props) {
  const [sets, setSets] = useState<DuplicateSetView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [keep, setKeep] = useState<Record<number, string>>({});
  const load = useCallback(() => {
    api.call('duplicates.list', { folder: view.folder }).then(setSets, (err) => setError(errorMessage(err)));
  }, [api, view.folder]);
  // Again after every edit: places and exclusions change.
  useEffect(load, [load, view]);

  const chosen = (i: number, set: DuplicateSetView) => keep[i] ?? bestCopy(set.photos)?.key ?? '';
  const act = async (others: string[], how: 'exclude' | 'file', what: string) => {
    const e = setAsideEdit(others, how, view.groups);
    if (e) await onEdit(e, what);
  };
  const pending = sets ? sets.map((s, i) => othersOf(s, chosen(i, s))) : [];
  const allOthers = pending.flat();

  return (
    <Dialog labelledBy="dup-title" className="duplicates-dialog" testId="duplicates" onClose={onClose}>
      <h2 id="dup-title">Duplicates</h2>
      <p className="hint">
        Keep one copy of each set; the others are set aside — excluded (left where they are) or filed into a “Duplicates” folder when you apply. Nothing is ever deleted.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!sets && !error && <p className="hint">Looking for copies…</p>}
      {sets && (
        <>
          <div className="dup-all">
            <span>{plural(sets.length, 'set')} · {plural(allOthers.length, 'copy', 'copies')} not set aside yet</span>
            <button type="button" disabled={!allOthers.length} onClick={() => act(allOthers, 'exclude', 'Excluding duplicates')} data-testid="dup-exclude-all">
              Keep the chosen copy of every set, exclude the others
            </button>
            <button type="button" disabled={!allOthers.length} onClick={() => act(allOthers, 'file', 'Filing duplicates')}>
              …file the others in “Duplicates”
            </button>
          </div>
          <ol className="dup-sets" aria-label="Sets of copies">
            {sets.map((set, i) => {
              const keepKey = chosen(i, set);
              const others = pending[i];
              return (
                <li key={i} className="dup-set" data-testid="dup-set" data-kind={set.kind}>
                  <fieldset>
                    <legend>
                      {set.kind === 'exact' ? 'Exact copies' : 'Near copies'}: {plural(set.photos.length, 'file')}
                      {identicalNote(set)}
                    </legend>
                    <div className="dup-copies">
                      {set.photos.map((p) => (
                        <label key={p.key} className={`dup-copy${p.excluded ? ' excluded' : ''}`} data-testid="dup-copy" data-path={p.path}>
                          <img src={p.thumb} alt="" loading="lazy" />
                          <span className="dup-keep">
                            <input type="radio" name={`keep-${i}`} checked={p.key === keepKey} onChange={() => setKeep((k) => ({ ...k, [i]: p.key }))} /> Keep {baseName(p.path)}
                          </span>
                          <span className="dup-facts">
                            {p.width}×{p.height} · {formatBytes(p.bytes)} · {p.modified ? new Date(p.modified).toISOString().slice(0, 10) : 'no date'}
                          </span>
                          <span className="dup-path" title={p.path}>
                            {p.path}
                          </span>
                          {p.sameAs !== undefined && (
                            <span className="dup-same" data-testid="dup-same">
                              The same file as {p.sameAs}
                            </span>
                          )}
                          <span className="dup-place">{p.excluded ? 'Excluded' : `In ${p.place}`}</span>
                        </label>
                      ))}
                    </div>
                    <div className="dup-actions">
                      <button type="button" disabled={!others.length} onClick={() => act(others, 'exclude', 'Excluding duplicates')} data-testid="dup-exclude">
                        Keep it, exclude the other{others.length === 1 ? '' : 's'}
                      </button>
                      <button type="button" disabled={!others.length} onClick={() => act(others, 'file', 'Filing duplicates')} data-testid="dup-file">
                        Keep it, file the other{others.length === 1 ? '' : 's'} in “Duplicates”
                      </button>
                      {!others.length && <span className="hint">{formatCount(set.photos.length - 1)} set aside</span>}
                    </div>
                  </fieldset>
                </li>
              );
            })}
          </ol>
        </>
      )}
      <div className="dialog-buttons">
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Dialog>
  );
}

/** ", 2 of them identical": a near set holding byte-identical copies says so, as an exact set would. */
function identicalNote(set: DuplicateSetView): string {
  const same = set.photos.filter((p) => p.sameAs !== undefined);
  if (same.length === 0) return '';
  const identical = new Set(same.flatMap((p) => [p.path, p.sameAs as string])).size;
  return `, ${formatCount(identical)} of them identical`;
}
