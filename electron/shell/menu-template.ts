// The application menu as a template (pure; Electron types only): File (Open Folder…, Open Recent, Close/Quit),
// Edit (Undo/Redo of the user's grouping edits, routed to the renderer, and the clipboard roles), View, Window,
// Help; on macOS the app menu first. Undo/Redo show their shortcut but do not register it: the keys reach the
// page, which decides between text undo in a field and grouping undo.
// On macOS a menu key equivalent cannot be left unregistered (registerAccelerator is Linux/Windows only): Electron
// gives the page the keydown first and runs the menu's key equivalent only when the page did not handle it
// (electron_api_web_contents_mac.mm, PlatformHandleKeyboardEvent). The page handles Cmd+Z itself outside text
// fields, so an Undo that arrives *by its accelerator* is one the page left alone — a text field's — and is
// reported as `fromKeyboard` so main performs the native text undo instead of a grouping undo.
import type { KeyboardEvent, MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openFolder(): void;
  openRecent(folder: string): void;
  clearRecent(): void;
  /** `fromKeyboard`: macOS ran the item for a Cmd+Z the page did not take (see above); a click otherwise. */
  undo(fromKeyboard: boolean): void;
  redo(fromKeyboard: boolean): void;
}

export interface MenuOptions {
  appName?: string;
  /** View › Toggle Developer Tools: in development only (never in a packaged app). */
  devTools?: boolean;
}

/** What an Edit › Undo/Redo means: the page's grouping edit, or the focused text field's own undo. */
export function editTarget(fromKeyboard: boolean): 'grouping' | 'text' {
  return fromKeyboard ? 'text' : 'grouping';
}

const byKeyboard = (event: KeyboardEvent | undefined) => event?.triggeredByAccelerator === true;

export function menuTemplate(platform: NodeJS.Platform, recent: string[], actions: MenuActions, options: MenuOptions = {}): MenuItemConstructorOptions[] {
  const appName = options.appName ?? 'Likeness';
  const mac = platform === 'darwin';
  const recentItems: MenuItemConstructorOptions[] = recent.length
    ? [...recent.map((f) => ({ label: f, click: () => actions.openRecent(f) })), { type: 'separator' }, { label: 'Clear Recent', click: actions.clearRecent }]
    : [{ label: 'No Recent Folders', enabled: false }];
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: appName,
      submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }],
    });
  }
  template.push(
    {
      label: '&File',
      submenu: [
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: actions.openFolder },
        { label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: (_i, _w, e) => actions.undo(byKeyboard(e)) },
        { label: 'Redo', accelerator: mac ? 'Shift+CmdOrCtrl+Z' : 'CmdOrCtrl+Y', registerAccelerator: false, click: (_i, _w, e) => actions.redo(byKeyboard(e)) },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: '&View',
      submenu: [
        // Reload would drop the page's state mid-job; DevTools would hand anyone at the keyboard the page's bridge.
        ...(options.devTools ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { label: '&Window', submenu: mac ? [{ role: 'minimize' }, { role: 'zoom' }, { type: 'separator' }, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] },
  );
  // macOS: About lives in the app menu (a Help › About without role or click did nothing there).
  if (!mac) template.push({ role: 'help', submenu: [{ label: `About ${appName}`, role: 'about' }] });
  return template;
}
