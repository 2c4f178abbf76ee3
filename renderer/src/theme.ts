// The theme follows the OS (prefers-color-scheme in app.css) unless the settings ask for light or dark.
import type { Settings } from '../../electron/ipc/contract';

export function applyTheme(theme: Settings['theme']): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}
