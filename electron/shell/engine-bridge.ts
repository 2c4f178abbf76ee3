// The protocol between Electron's main process and the engine process (a utilityProcess running the service):
// main forwards validated calls and gets replies by id; the engine pushes every LikenessEvent. Pure: both ends
// take a port-like object, so this is tested under Node with an in-memory pair, no Electron.
//
//   main → engine   {type: 'call', id, name, args}
//   engine → main   {type: 'reply', id, ok: true, result} | {type: 'reply', id, ok: false, error: CallFailure}
//   engine → main   {type: 'event', event: LikenessEvent}
//   engine → main   {type: 'ready'}   once the service is up
import type { CallFailure, LikenessEvent } from '../ipc/contract';

export type ToEngine = { type: 'call'; id: number; name: string; args: unknown };
export type FromEngine =
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: CallFailure }
  | { type: 'event'; event: LikenessEvent }
  | { type: 'ready' };

export type CallReply = { ok: true; result: unknown } | { ok: false; error: CallFailure };

/** What either end needs of its port: Electron's UtilityProcess / parentPort, or a fake in tests. */
export interface Port<In, Out> {
  postMessage(message: Out): void;
  onMessage(listener: (message: In) => void): void;
}

/** What the engine end needs of the service. */
export interface CallHandler {
  handle(name: unknown, args: unknown): Promise<CallReply>;
  onEvent(listener: (e: LikenessEvent) => void): () => void;
}

/** Main's end: calls with replies matched by id, events to a listener. */
export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, (r: CallReply) => void>();

  constructor(private readonly port: Port<FromEngine, ToEngine>, onEvent: (e: LikenessEvent) => void) {
    port.onMessage((m) => {
      if (m.type === 'event') onEvent(m.event);
      else if (m.type === 'reply') {
        const resolve = this.pending.get(m.id);
        this.pending.delete(m.id);
        resolve?.(m.ok ? { ok: true, result: m.result } : { ok: false, error: m.error });
      }
    });
  }

  call(name: string, args: unknown): Promise<CallReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.port.postMessage({ type: 'call', id, name, args });
    });
  }

  /** The engine process died: every call in flight fails rather than hanging the UI. */
  failAll(message: string): void {
    for (const resolve of this.pending.values()) resolve({ ok: false, error: { message, code: 'failed' } });
    this.pending.clear();
  }

  get inFlight(): number {
    return this.pending.size;
  }
}

/** The engine's end: runs each call on the service (which validates it again) and forwards its events. */
export function serveEngine(port: Port<ToEngine, FromEngine>, service: CallHandler): void {
  service.onEvent((event) => port.postMessage({ type: 'event', event }));
  port.onMessage((m) => {
    if (m?.type !== 'call' || typeof m.id !== 'number') return;
    void service.handle(m.name, m.args).then((r) => port.postMessage({ type: 'reply', id: m.id, ...r }));
  });
  port.postMessage({ type: 'ready' });
}
