// Two desktop-only helpers the Electron preload adds beside the contract (electron/shell/preload.ts): commands of
// the application menu, and the path of a folder dropped on the window. In a browser neither exists, and the
// app simply goes without them; this file is the only place that looks for them.

export type MenuCommand = { command: 'open-folder'; folder: string } | { command: 'undo' } | { command: 'redo' };

export interface DesktopExtras {
  onMenu?(listener: (c: MenuCommand) => void): () => void;
  pathForFile?(file: File): string;
}

export function desktopExtras(): DesktopExtras {
  const bridge = window.likeness as (DesktopExtras & object) | undefined;
  if (!bridge) return {};
  return {
    onMenu: typeof bridge.onMenu === 'function' ? (l) => bridge.onMenu!(l) : undefined,
    pathForFile: typeof bridge.pathForFile === 'function' ? (f) => bridge.pathForFile!(f) : undefined,
  };
}
