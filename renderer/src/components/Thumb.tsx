// One photo of the grid, a grid cell: its thumbnail, selection and focus, ✓/✗ buttons when it is only suggested for
// its group (with why, when it is odd there; out of the Tab order: A and R do the same from the keyboard), and a
// badge when it has copies. Dragging it drags the selection.
import { memo } from 'react';
import type { Photo } from '../../../electron/ipc/contract';
import { baseName } from '../logic/format';

/** What a photo cell does, one stable object for every cell (so cells re-render only when their own state changes). */
export interface ThumbHandlers {
  click(photo: Photo, e: React.MouseEvent): void;
  open(photo: Photo): void;
  dragStart(photo: Photo, e: React.DragEvent): void;
  accept(photo: Photo): void;
  reject(photo: Photo): void;
  contextMenu(photo: Photo, e: React.MouseEvent): void;
}

interface Props {
  photo: Photo;
  id: string;
  selected: boolean;
  active: boolean;
  colIndex: number;
  duplicate?: 'exact' | 'near';
  duplicateFiles?: string[];
  h: ThumbHandlers;
}

/** What a screen reader says for a photo: its name, whether it has copies, whether it is only suggested and why. */
export function photoLabel(photo: Photo, duplicate?: 'exact' | 'near'): string {
  const parts = [baseName(photo.path)];
  if (photo.label) parts.push(photo.label);
  // The words shown on the photo (the badge's "copy" or "similar", then why it is odd) come next, together and in
  // the order they are shown, as axe's label-in-name rule asks; what they mean follows.
  if (duplicate) parts.push(duplicate === 'exact' ? 'copy' : 'similar');
  if (photo.suggested !== undefined && photo.reason) parts.push(photo.reason);
  if (photo.suggested !== undefined) parts.push(`suggested, ${Math.round(photo.suggested * 100)}% of its neighbours agree`);
  if (duplicate) parts.push(duplicate === 'exact' ? 'the same photo is elsewhere too' : 'a near copy is elsewhere');
  return parts.join(', ');
}

export const Thumb = memo(function Thumb(p: Props) {
  const { photo } = p;
  const name = baseName(photo.path);
  const cls = ['thumb', p.selected && 'selected', p.active && 'active', photo.suggested !== undefined && 'suggested', photo.reason && 'has-reason'].filter(Boolean).join(' ');
  const why = photo.suggested !== undefined && photo.reason ? `: ${photo.reason}` : '';
  return (
    <div
      id={p.id}
      role="gridcell"
      aria-colindex={p.colIndex}
      aria-selected={p.selected}
      aria-label={photoLabel(photo, p.duplicate)}
      tabIndex={p.active ? 0 : -1}
      className={cls}
      data-testid="thumb"
      data-path={photo.path}
      title={`${photo.path}${photo.label ? ` — ${photo.label}` : ''}`}
      draggable
      onDragStart={(e) => p.h.dragStart(photo, e)}
      onClick={(e) => p.h.click(photo, e)}
      onDoubleClick={() => p.h.open(photo)}
      onContextMenu={(e) => p.h.contextMenu(photo, e)}
    >
      {/* Eager: the grid only draws the rows in view, so lazy loading would only delay them. */}
      <img src={photo.thumb} alt="" decoding="async" draggable={false} />
      {p.duplicate && (
        <span className={`badge dup ${p.duplicate}`} data-testid="duplicate-badge" title={`${p.duplicate === 'exact' ? 'Exact' : 'Near'} copies: ${(p.duplicateFiles ?? []).join(', ')}`}>
          {p.duplicate === 'exact' ? 'copy' : 'similar'}
        </span>
      )}
      {/* A word break between the badge and the reason: read together they would run into one word ("similarlooks"). */}
      {p.duplicate && photo.suggested !== undefined && photo.reason ? ' ' : null}
      {photo.suggested !== undefined && photo.reason && (
        <span className="reason" data-testid="reason" aria-hidden="true">
          {photo.reason}
        </span>
      )}
      {photo.suggested !== undefined && (
        <span className="suggest" data-testid="suggestion">
          <button
            type="button"
            tabIndex={-1}
            className="accept"
            aria-label={`Accept ${name} into this group`}
            title={`Suggested${why} (${Math.round(photo.suggested * 100)}% of its neighbours agree): keep it here (A)`}
            onClick={(e) => {
              e.stopPropagation();
              p.h.accept(photo);
            }}
          >
            ✓
          </button>
          <button
            type="button"
            tabIndex={-1}
            className="reject"
            aria-label={`Reject ${name}: send it to Unsorted`}
            title="Not in this group: send it to Unsorted (R)"
            onClick={(e) => {
              e.stopPropagation();
              p.h.reject(photo);
            }}
          >
            ✗
          </button>
        </span>
      )}
    </div>
  );
});
