// Files of the open folder that were skipped or could not be organized, and calls about it that failed, each with
// its reason; then the folder's videos, which are not grouped but are no problem either, counted apart.
import type { Problem } from '../state/problems';
import { plural } from '../logic/format';

interface Props {
  skipped: Array<{ path: string; reason: string }>;
  /** Videos of the folder: not grouped, counted apart from the files that are a problem. */
  videos: string[];
  problems: Problem[];
  onClose: () => void;
}

export function ProblemsPanel({ skipped, videos, problems, onClose }: Props) {
  return (
    <aside className="problems side-panel" role="region" aria-label="Problems" data-testid="problems">
      <header>
        <h2>Problems</h2>
        <button type="button" className="quiet" onClick={onClose} aria-label="Close the problems panel">
          ×
        </button>
      </header>
      {problems.length > 0 && (
        <>
          <h3>{plural(problems.length, 'error')}</h3>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                <span className="problem-path">{p.path ?? p.source}</span>
                <span className="problem-reason">{p.reason}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{plural(skipped.length, 'file')} skipped</h3>
      {skipped.length === 0 ? (
        <p className="hint">{videos.length ? 'Every file but the videos was a usable photo.' : 'Every file in the folder was a usable photo.'}</p>
      ) : (
        <ul data-testid="skipped">
          {skipped.map((s) => (
            <li key={s.path}>
              <span className="problem-path">{s.path}</span>
              <span className="problem-reason">{s.reason}</span>
            </li>
          ))}
        </ul>
      )}
      {videos.length > 0 && (
        <>
          <h3>{plural(videos.length, 'video')}, not grouped</h3>
          <ul data-testid="videos">
            {videos.map((v) => (
              <li key={v}>
                <span className="problem-path">{v}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
