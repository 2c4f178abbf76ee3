// The working screen: shown the moment a folder is opened or files are organized, until the engine is done. While
// files are organized it says when the index is being brought up to date rather than naming the engine's stages,
// and Cancel stops the apply and puts back what it did.
import type { ProgressEvent } from '../state/use-events';
import { ProgressBar } from './ProgressBar';

interface Props {
  title: string;
  progress: ProgressEvent | null;
  /** Shown at once; enabled as soon as the engine has named the job. */
  onCancel?: () => void;
  cancelReady?: boolean;
  /** What Cancel does, for its accessible description. */
  cancelHint?: string;
  /** Cancel was pressed: what is happening now. */
  cancelling?: string | null;
  /** Progress stages other than these are shown as "Updating the folder's index". */
  ownStages?: string[];
  /** The label of the own stage (default: the engine's). */
  stageLabel?: string;
}

export function ProgressScreen({ title, progress, onCancel, cancelReady = true, cancelHint, cancelling, ownStages, stageLabel }: Props) {
  const other = progress !== null && ownStages !== undefined && !ownStages.includes(progress.stage);
  return (
    <main className="screen progress-screen" aria-busy="true">
      <h1>{title}</h1>
      {other ? (
        <p className="progress-stage" data-testid="progress-refresh">
          Updating the folder’s index…
        </p>
      ) : (
        <ProgressBar progress={progress} label={title} stage={stageLabel} />
      )}
      {cancelling && (
        <p role="status" data-testid="cancelling">
          {cancelling}
        </p>
      )}
      {onCancel && (
        <button type="button" onClick={onCancel} disabled={!cancelReady || !!cancelling} title={cancelHint}>
          Cancel
        </button>
      )}
    </main>
  );
}
