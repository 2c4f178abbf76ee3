// The working screen: shown the moment a folder is opened or files are organized, until the engine is done.
import type { ProgressEvent } from '../state/use-events';
import { ProgressBar } from './ProgressBar';

interface Props {
  title: string;
  progress: ProgressEvent | null;
  /** Shown at once; enabled as soon as the engine has named the job. */
  onCancel?: () => void;
  cancelReady?: boolean;
}

export function ProgressScreen({ title, progress, onCancel, cancelReady = true }: Props) {
  return (
    <main className="screen progress-screen" aria-busy="true">
      <h1>{title}</h1>
      <ProgressBar progress={progress} label={title} />
      {onCancel && (
        <button type="button" onClick={onCancel} disabled={!cancelReady}>
          Cancel
        </button>
      )}
    </main>
  );
}
