// Fewer, larger groups ↔ more, smaller groups. The engine re-groups from cached features (keeping every edit) once
// the slider rests, not on every step of a drag; each resting place is a step that Undo goes back over.
import { useState } from 'react';
import { useDebouncedEffect } from '../state/use-debounced';

export function GranularitySlider({ value, onChange }: { value: number; onChange: (g: number) => void }) {
  /** Where the person put the slider, until the engine's value replaces it. */
  const [draft, setDraft] = useState<number | null>(null);
  // A new value from the engine (a regroup done, an undo) shows in the same render as the view it came with, not
  // an effect later: "a new view is on screen" (app-events) includes the slider.
  const [shownValue, setShownValue] = useState(value);
  if (shownValue !== value) {
    setShownValue(value);
    setDraft(null);
  }
  const local = draft ?? value;
  useDebouncedEffect(draft, 250, (g) => {
    if (g !== null && Math.abs(g - value) > 1e-9) onChange(g);
  });
  return (
    <label className="granularity slider-control">
      <span aria-hidden="true">Fewer</span>
      <input
        type="range"
        min={0}
        max={1}
        step={0.05}
        value={local}
        aria-label="Groups: fewer and larger, to more and smaller"
        aria-valuetext={`${Math.round(local * 100)}% (${local < 0.34 ? 'fewer, larger groups' : local > 0.66 ? 'more, smaller groups' : 'in between'})`}
        data-testid="granularity"
        onChange={(e) => setDraft(Number(e.target.value))}
      />
      <span aria-hidden="true">More groups</span>
    </label>
  );
}
