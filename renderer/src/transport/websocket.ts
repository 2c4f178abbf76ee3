// The LikenessApi over the host's WebSocket (`npm run web`, browser tests). Wire format (electron/host/README.md):
// the client sends {id, call, args}; the host answers {id, ok: true, result} or {id, ok: false, error: {message, code}}
// and pushes {event} for every engine event. Calls made before the socket opens wait for it; a dropped connection
// fails the calls in flight and the next call reconnects.
import type { Args, CallFailure, CallName, LikenessApi, LikenessEvent, Results } from '../../../electron/ipc/contract';

/** A failed call, with the host's code ('bad-request' | 'failed' | 'cancelled'). */
export class CallError extends Error {
  constructor(message: string, readonly code: CallFailure['code'] | 'disconnected') {
    super(message);
  }
  override name = 'CallError';
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export function websocketTransport(url: string): LikenessApi {
  const listeners = new Set<(e: LikenessEvent) => void>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let ready: Promise<WebSocket> | null = null;

  function connect(): Promise<WebSocket> {
    if (ready) return ready;
    ready = new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      socket = ws;
      ws.onopen = () => resolve(ws);
      ws.onmessage = (msg) => receive(msg.data);
      ws.onclose = () => {
        ready = null;
        socket = null;
        reject(new CallError('cannot reach the Likeness host', 'disconnected'));
        for (const p of pending.values()) p.reject(new CallError('the connection to the Likeness host was lost', 'disconnected'));
        pending.clear();
      };
    });
    return ready;
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: { id?: number; ok?: boolean; result?: unknown; error?: CallFailure; event?: LikenessEvent };
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (msg.event) {
      for (const l of listeners) l(msg.event);
      return;
    }
    if (typeof msg.id !== 'number') return;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(new CallError(msg.error?.message ?? 'the call failed', msg.error?.code ?? 'failed'));
  }

  return {
    async call<C extends CallName>(name: C, args: Args<C>): Promise<Results[C]> {
      const ws = await connect();
      const id = nextId++;
      return new Promise<Results[C]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ id, call: name, args }));
      });
    },
    onEvent(listener) {
      listeners.add(listener);
      // Subscribing opens the socket, so events of jobs started elsewhere are not missed.
      if (!socket) connect().catch(() => undefined);
      return () => listeners.delete(listener);
    },
  };
}
