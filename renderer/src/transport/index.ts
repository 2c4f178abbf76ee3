// Picks the transport once at startup: the Electron preload's bridge when present, else the WebSocket host that
// served this page. Nothing else in the renderer knows which one it talks to.
import type { LikenessApi } from '../../../electron/ipc/contract';
import { websocketTransport } from './websocket';

declare global {
  interface Window {
    likeness?: LikenessApi;
  }
}

export function chooseTransport(): LikenessApi {
  if (window.likeness) return window.likeness;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return websocketTransport(`${scheme}://${location.host}/ws`);
}
