// One progress bar with its numbers: stage, count, speed, time left. Indeterminate while the total is unknown.
import type { ProgressEvent } from '../state/use-events';
import { formatBytes, formatCount, formatEta, formatRate, progressFraction, stageLabel } from '../logic/format';

export function ProgressBar({ progress, label, stage }: { progress: ProgressEvent | null; label: string; /** Overrides the engine's stage name. */ stage?: string }) {
  const fraction = progress ? progressFraction(progress.done, progress.total) : null;
  // A download counts bytes, every other stage counts photos.
  const bytes = progress?.stage === 'download';
  const count = (n: number) => (bytes ? formatBytes(n) : formatCount(n));
  return (
    <div
      className="progress"
      data-testid="progress"
      data-stage={progress?.stage}
      data-done={progress?.done}
      data-total={progress?.total ?? undefined}
    >
      <p className="progress-stage" data-testid="progress-stage">
        {progress ? stage ?? stageLabel(progress.stage) : 'Starting…'}
      </p>
      {fraction === null ? <progress aria-label={label} /> : <progress aria-label={label} max={1} value={fraction} />}
      {progress && (
        <p className="progress-numbers">
          <span data-testid="progress-count">
            {count(progress.done)}
            {progress.total !== null ? ` of ${count(progress.total)}` : ''}
          </span>
          {progress.rate > 0 && <span>{bytes ? `${formatBytes(progress.rate)}/s` : formatRate(progress.rate)}</span>}
          {progress.etaSeconds !== null && <span>{formatEta(progress.etaSeconds)}</span>}
        </p>
      )}
      {progress?.detail && <p className="progress-detail">{progress.detail}</p>}
    </div>
  );
}
