// Fewer, larger groups ↔ more, smaller groups. The engine re-groups from cached features (keeping the user's
// edits) once the slider rests, not on every step of a drag.
import { useEffect, useState } from 'react';
import { useDebouncedEffect } from '../state/use-debounced';

export function GranularitySlider({ value, onChange }: { value: number; onChange: (g: number) => void }) {
  const [local, setLocal] = useState(value);
  const [touched, setTouched] = useState(false);
  useEffect(() => setLocal(value), [value]);
  useDebouncedEffect(local, 250, (g) => {
    if (touched && Math.abs(g - value) > 1e-9) onChange(g);
  });
  return (
    <label className="granularity">
      <span>Fewer groups</span>
      <input
        type="range"
        min={0}
        max={1}
        step={0.05}
        value={local}
        aria-label="Granularity: fewer, larger groups to more, smaller groups"
        data-testid="granularity"
        onChange={(e) => {
          setTouched(true);
          setLocal(Number(e.target.value));
        }}
      />
      <span>More groups</span>
    </label>
  );
}
