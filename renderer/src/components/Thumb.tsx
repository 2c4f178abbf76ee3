// One photo in the groups view: its thumbnail, selection and keyboard-cursor state, a mark and ✓/✗ buttons when it
// is only suggested for its group (with why, when it is odd there), and a badge when it has copies. Dragging it drags
// the selection.
import type { Photo } from '../../../electron/ipc/contract';
import { baseName } from '../logic/format';

interface Props {
  photo: Photo;
  id: string;
  selected: boolean;
  cursor: boolean;
  duplicate?: 'exact' | 'near';
  duplicateFiles?: string[];
  onClick: (e: React.MouseEvent) => void;
  onOpen: () => void;
  onDragStart: (e: React.DragEvent) => void;
  onAccept: () => void;
  onReject: () => void;
}

export function Thumb(p: Props) {
  const { photo } = p;
  const name = baseName(photo.path);
  const cls = ['thumb', p.selected && 'selected', p.cursor && 'cursor', photo.suggested !== undefined && 'suggested', photo.reason && 'has-reason'].filter(Boolean).join(' ');
  const why = photo.suggested !== undefined && photo.reason ? `: ${photo.reason}` : '';
  return (
    <div
      id={p.id}
      role="option"
      aria-selected={p.selected}
      aria-label={`${name}${photo.suggested !== undefined ? `, suggested${why}` : ''}${p.duplicate ? `, has ${p.duplicate} copies` : ''}`}
      className={cls}
      data-testid="thumb"
      data-path={photo.path}
      title={`${photo.path}${photo.label ? ` — ${photo.label}` : ''}`}
      draggable
      onDragStart={p.onDragStart}
      onClick={p.onClick}
      onDoubleClick={p.onOpen}
    >
      <img src={photo.thumb} alt="" loading="lazy" draggable={false} />
      {p.duplicate && (
        <span className={`badge dup ${p.duplicate}`} data-testid="duplicate-badge" title={`${p.duplicate === 'exact' ? 'Exact' : 'Near'} copies: ${(p.duplicateFiles ?? []).join(', ')}`}>
          {p.duplicate === 'exact' ? 'copy' : 'similar'}
        </span>
      )}
      {photo.suggested !== undefined && photo.reason && (
        <span className="reason" data-testid="reason" aria-hidden="true">
          {photo.reason}
        </span>
      )}
      {photo.suggested !== undefined && (
        <span className="suggest" data-testid="suggestion">
          <button
            type="button"
            className="accept"
            aria-label={`Accept ${name} into this group`}
            title={`Suggested${why} (${Math.round(photo.suggested * 100)}% of its neighbours agree): keep it here`}
            onClick={(e) => {
              e.stopPropagation();
              p.onAccept();
            }}
          >
            ✓
          </button>
          <button
            type="button"
            className="reject"
            aria-label={`Reject ${name}: send it to Unsorted`}
            title="Not in this group: send it to Unsorted"
            onClick={(e) => {
              e.stopPropagation();
              p.onReject();
            }}
          >
            ✗
          </button>
        </span>
      )}
    </div>
  );
}
