// The large preview of one photo, a modal dialog on an opaque backdrop: ←/→ step through the photos in screen order,
// Tab stays inside, Escape closes and focus goes back to the grid. It counts the photos as the toolbar does.
import { useEffect } from 'react';
import type { Photo } from '../../../electron/ipc/contract';
import { baseName, formatCount } from '../logic/format';
import { Dialog } from './Dialog';

interface Props {
  photo: Photo;
  position: number;
  total: number;
  onMove: (delta: number) => void;
  onClose: () => void;
}

export function Preview({ photo, position, total, onMove, onClose }: Props) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowLeft') onMove(-1);
      else if (e.key === 'ArrowRight') onMove(1);
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onMove]);

  const name = baseName(photo.path);
  return (
    <Dialog label={`Preview of ${name}`} className="preview-dialog" backdrop="opaque" testId="preview" onClose={onClose} initialFocus=".close" restoreFocus={false}>
      <figure className="preview">
        <img src={photo.full} alt={`${name}${photo.label ? `: ${photo.label}` : ''}`} />
        <figcaption>
          <span>{photo.path}</span>
          <span className="hint" data-testid="preview-position">
            {photo.width}×{photo.height}
            {photo.label ? ` · ${photo.label}` : ''} · {formatCount(position + 1)} of {formatCount(total)}
          </span>
        </figcaption>
      </figure>
      <button type="button" className="nav prev" onClick={() => onMove(-1)} disabled={position === 0} aria-label="Previous photo">
        ←
      </button>
      <button type="button" className="nav next" onClick={() => onMove(1)} disabled={position >= total - 1} aria-label="Next photo">
        →
      </button>
      <button type="button" className="close" onClick={onClose} aria-label="Close preview">
        ×
      </button>
    </Dialog>
  );
}
