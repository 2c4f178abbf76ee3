// The large preview of one photo: ←/→ step through the photos in screen order, Escape closes.
import { useEffect, useRef } from 'react';
import type { Photo } from '../../../electron/ipc/contract';
import { baseName, formatCount } from '../logic/format';

interface Props {
  photo: Photo;
  position: number;
  total: number;
  onMove: (delta: number) => void;
  onClose: () => void;
}

export function Preview({ photo, position, total, onMove, onClose }: Props) {
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowLeft') onMove(-1);
      else if (e.key === 'ArrowRight') onMove(1);
      else if (e.key === 'Escape') onClose();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onMove, onClose]);
  useEffect(() => dialog.current?.focus(), []);

  const name = baseName(photo.path);
  return (
    <div className="overlay" data-testid="preview" role="dialog" aria-modal="true" aria-label={`Preview of ${name}`} tabIndex={-1} ref={dialog}>
      <figure className="preview">
        <img src={photo.full} alt={`${name}${photo.label ? `: ${photo.label}` : ''}`} />
        <figcaption>
          <span>{photo.path}</span>
          <span className="hint">
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
    </div>
  );
}
