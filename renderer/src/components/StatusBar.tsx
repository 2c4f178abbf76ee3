// The bar under the grid: what is selected, whether the engine is regrouping (a busy indicator, announced), and the
// two view controls, the groups slider and the thumbnail size. Fixed height, so nothing moves as the selection does.
import { formatCount } from '../logic/format';
import { GranularitySlider } from './GranularitySlider';

export const ZOOM_SIZES = [96, 128, 160, 200, 256] as const;

interface Props {
  selected: number;
  shown: number;
  filtered: boolean;
  busy: 'regroup' | 'edit' | null;
  granularity: number;
  zoom: number;
  onRegroup: (g: number) => void;
  onZoom: (level: number) => void;
}

export function StatusBar(p: Props) {
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span className="selection-status" role="status" data-testid="selection-status">
        {p.selected > 0 ? `${formatCount(p.selected)} selected` : 'Nothing selected'}
        {p.filtered && ` · ${formatCount(p.shown)} shown by the search`}
      </span>
      <span className="busy" role="status" data-testid="busy" data-busy={p.busy ?? undefined}>
        {p.busy === 'regroup' && (
          <>
            <span className="spinner" aria-hidden="true" /> Regrouping…
          </>
        )}
        {p.busy === 'edit' && (
          <>
            <span className="spinner" aria-hidden="true" /> Saving…
          </>
        )}
      </span>
      <span className="view-controls">
        <GranularitySlider value={p.granularity} onChange={p.onRegroup} />
        <label className="zoom slider-control">
          <span aria-hidden="true">Size</span>
          <input
            type="range"
            min={0}
            max={ZOOM_SIZES.length - 1}
            step={1}
            value={p.zoom}
            aria-label="Thumbnail size"
            aria-valuetext={`${ZOOM_SIZES[p.zoom]} pixels`}
            aria-keyshortcuts="Control+Plus Control+Minus"
            data-testid="zoom"
            onChange={(e) => p.onZoom(Number(e.target.value))}
          />
        </label>
      </span>
    </footer>
  );
}
