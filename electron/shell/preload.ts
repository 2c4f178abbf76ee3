// The preload bridge: exposes `window.likeness` (the contract's LikenessApi: call + onEvent) and nothing else of
// Electron: never ipcRenderer itself. Runs sandboxed, where only 'electron' can be required, so it imports nothing
// else at runtime; the channel names repeat those of ipc-guard.ts (a test checks they agree).
// Besides the contract, two Electron-only helpers the renderer may use when present: onMenu (application menu
// commands: 'open-folder' with the chosen folder, 'undo', 'redo') and pathForFile (the path of a folder dropped
// on the window).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { Args, CallFailure, CallName, LikenessApi, LikenessEvent, Results } from '../ipc/contract';

const CALL_CHANNEL = 'likeness:call';
const EVENT_CHANNEL = 'likeness:event';
const MENU_CHANNEL = 'likeness:menu';

export type MenuCommand = { command: 'open-folder'; folder: string } | { command: 'undo' } | { command: 'redo' };

type Reply = { ok: true; result: unknown } | { ok: false; error: CallFailure };

const api: LikenessApi & { onMenu(listener: (c: MenuCommand) => void): () => void; pathForFile(file: File): string } = {
  async call<C extends CallName>(name: C, args: Args<C>): Promise<Results[C]> {
    const reply = (await ipcRenderer.invoke(CALL_CHANNEL, { name, args })) as Reply;
    if (reply.ok) return reply.result as Results[C];
    // Only the message of an Error crosses the context bridge (its code does not).
    throw new Error(reply.error.message);
  },
  onEvent(listener: (e: LikenessEvent) => void): () => void {
    const wrapped = (_e: unknown, event: LikenessEvent) => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => void ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
  onMenu(listener: (c: MenuCommand) => void): () => void {
    const wrapped = (_e: unknown, c: MenuCommand) => listener(c);
    ipcRenderer.on(MENU_CHANNEL, wrapped);
    return () => void ipcRenderer.removeListener(MENU_CHANNEL, wrapped);
  },
  pathForFile: (file: File) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('likeness', api);
