// First screen: which folder to look at (dialog, typed path, or a recent one) and which network looks at it.
import { useEffect, useRef, useState } from 'react';
import type { AppInfo, LikenessApi, Settings } from '../../../electron/ipc/contract';
import { ModelChooser } from './ModelChooser';
import { ThemeChooser } from './ThemeChooser';

interface Props {
  api: LikenessApi;
  info: AppInfo | null;
  onOpen: (folder: string) => void;
  report: (source: string, err: unknown) => void;
  theme: Settings['theme'];
  onTheme: (t: Settings['theme']) => void;
  /** A path that just failed to open, shown again in the field to be corrected. */
  typed?: string | null;
}

export function WelcomeScreen({ api, info, onOpen, report, theme, onTheme, typed }: Props) {
  const [path, setPath] = useState(typed ?? '');
  const [recent, setRecent] = useState<string[]>([]);
  const [hint, setHint] = useState<string | null>(null);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api.call('folders.recent', {}).then(setRecent, (err) => report('Recent folders', err));
  }, [api, report]);

  async function choose() {
    try {
      const chosen = await api.call('folders.choose', {});
      if (chosen) onOpen(chosen);
      else {
        // The browser host has no folder dialog: the path is typed instead.
        setHint(info?.transport === 'web' ? 'A browser cannot show a folder dialog: type the folder’s full path here (~/ for your home folder).' : null);
        field.current?.focus();
      }
    } catch (err) {
      report('Choosing a folder', err);
    }
  }

  return (
    <main className="screen welcome" data-testid="welcome">
      <h1>Likeness</h1>
      <p className="lede">Groups your photos by what they show. You review the groups, then Likeness files each group into its own folder.</p>

      <section aria-labelledby="folder-heading">
        <h2 id="folder-heading">Open a photo folder</h2>
        <button type="button" className="primary" onClick={choose}>
          Choose folder…
        </button>
        <form
          className="path-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (path.trim()) onOpen(path.trim());
          }}
        >
          <label htmlFor="folder-path">Folder path</label>
          <input
            id="folder-path"
            ref={field}
            type="text"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/me/Pictures"
            spellCheck={false}
            autoComplete="off"
            aria-describedby={hint ? 'folder-hint' : undefined}
          />
          <button type="submit" disabled={!path.trim()}>
            Open
          </button>
        </form>
        {hint && (
          <p id="folder-hint" className="hint">
            {hint}
          </p>
        )}
        {recent.length > 0 && (
          <>
            <h3>Recent folders</h3>
            <ul className="recent" aria-label="Recent folders">
              {recent.map((f) => (
                <li key={f}>
                  <button type="button" className="link" onClick={() => onOpen(f)} aria-label={`Open ${f}`}>
                    {f}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <ModelChooser api={api} info={info} report={report} />
      <ThemeChooser theme={theme} onTheme={onTheme} />
    </main>
  );
}
