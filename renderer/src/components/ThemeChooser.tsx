// Light, dark, or as the system says (the default); kept in the settings. The groups screen offers the same choice
// in its menu.
import type { Settings } from '../../../electron/ipc/contract';

export function ThemeChooser({ theme, onTheme }: { theme: Settings['theme']; onTheme: (t: Settings['theme']) => void }) {
  return (
    <section className="theme-chooser">
      <label>
        Theme{' '}
        <select value={theme} onChange={(e) => onTheme(e.target.value as Settings['theme'])} data-testid="theme">
          <option value="system">As the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
    </section>
  );
}
