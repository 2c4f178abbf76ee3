// Light, dark, or as the system says (the default); kept in the settings.
import { useEffect, useState } from 'react';
import type { LikenessApi, Settings } from '../../../electron/ipc/contract';
import { applyTheme } from '../theme';

export function ThemeChooser({ api, report }: { api: LikenessApi; report: (source: string, err: unknown) => void }) {
  const [theme, setTheme] = useState<Settings['theme']>('system');
  useEffect(() => {
    api.call('settings.get', {}).then((s) => setTheme(s.theme), (err) => report('Settings', err));
  }, [api, report]);
  return (
    <section className="theme-chooser">
      <label>
        Theme{' '}
        <select
          value={theme}
          onChange={async (e) => {
            const t = e.target.value as Settings['theme'];
            setTheme(t);
            applyTheme(t);
            try {
              await api.call('settings.set', { theme: t });
            } catch (err) {
              report('Saving the theme', err);
            }
          }}
        >
          <option value="system">As the system</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
    </section>
  );
}
