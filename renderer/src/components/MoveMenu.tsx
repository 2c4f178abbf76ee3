// "Move to…": a native menu of every group and Unsorted, for the selected photos (keyboard and screen-reader
// friendly, unlike dragging).
import type { GroupsView } from '../../../electron/ipc/contract';

const UNSORTED = '__unsorted__';

export function MoveMenu({ view, disabled, onMove }: { view: GroupsView; disabled: boolean; onMove: (to: string | null) => void }) {
  return (
    <select
      aria-label="Move selected photos to"
      data-testid="move-to"
      disabled={disabled}
      value=""
      onChange={(e) => {
        const v = e.target.value;
        if (v) onMove(v === UNSORTED ? null : v);
      }}
    >
      <option value="" disabled>
        Move to…
      </option>
      {view.groups.map((g) => (
        <option key={g.id} value={g.id}>
          {g.name}
        </option>
      ))}
      <option value={UNSORTED}>Unsorted</option>
    </select>
  );
}
