// The large preview of one photo, a modal dialog on an opaque backdrop: ←/→ step through the photos in screen order,
// Tab stays inside, Escape closes and focus goes back to the grid. It counts the photos as the toolbar does.
// The thumbnail fills the photo's frame at once and the full photo replaces it when it arrives (a HEIC or RAW is
// converted on first view, which takes a second or more); a photo whose full picture cannot be served stays shown
// by its thumbnail, and the caption says so.
import { useEffect, useState, type CSSProperties } from 'react';
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

  // What became of which address: a step to another photo starts at 'loading' without an effect to reset it.
  const [outcome, setOutcome] = useState<{ url: string; shown: 'full' | 'failed' } | null>(null);
  const shown = outcome?.url === photo.full ? outcome.shown : 'loading';
  // The first answer for an address counts: the thumbnail loading after a failure must not turn it into 'full'.
  const settle = (as: 'full' | 'failed') => setOutcome((o) => (o?.url === photo.full ? o : { url: photo.full, shown: as }));

  const name = baseName(photo.path);
  // The frame has the photo's shape and size on screen before any pixel arrives, so nothing moves when it does.
  const frame = {
    '--aspect': photo.width > 0 && photo.height > 0 ? photo.width / photo.height : 1,
    '--natural-width': photo.width > 0 ? `${photo.width}px` : '100vw',
    backgroundImage: shown === 'full' ? undefined : `url("${photo.thumb}")`,
  } as CSSProperties;
  return (
    <Dialog label={`Preview of ${name}`} className="preview-dialog" backdrop="opaque" testId="preview" onClose={onClose} initialFocus=".close" restoreFocus={false}>
      <figure className="preview">
        <div className="preview-frame" style={frame} data-shown={shown}>
          <img
            key={photo.full}
            src={shown === 'failed' ? photo.thumb : photo.full}
            alt={`${name}${photo.label ? `: ${photo.label}` : ''}`}
            onLoad={() => settle('full')}
            onError={() => settle('failed')}
          />
        </div>
        <figcaption>
          <span>{photo.path}</span>
          <span className="hint" data-testid="preview-position">
            {photo.width}×{photo.height}
            {photo.label ? ` · ${photo.label}` : ''} · {formatCount(position + 1)} of {formatCount(total)}
          </span>
          <span className="hint" role="status" data-testid="preview-status">
            {shown === 'loading' ? 'Loading the full photo…' : shown === 'failed' ? 'The full photo cannot be shown here: this is its thumbnail.' : ''}
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
