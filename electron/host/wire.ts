// The WebSocket wire format of the web host (pure). One WebSocket at /ws carries the contract of
// electron/ipc/contract.ts as JSON text messages:
//
//   client → host   {"id": <integer ≥ 0>, "call": "<CallName>", "args": {…}}
//   host → client   {"id": <same id>, "ok": true, "result": <Results[call]>}
//                   {"id": <same id>, "ok": false, "error": {"message": "…", "code": "bad-request" | "failed" | "cancelled"}}
//   host → client   {"event": <LikenessEvent>}            (pushed to every connected client, no id)
//
// A message that is not JSON or has no usable id is answered with "id": null and code "bad-request"; every call
// is validated with parseCall before the engine sees it. Replies may arrive in any order (match them by id).
// electron/host/README.md documents the same; the renderer's browser transport implements exactly this.
import { z } from 'zod';
import { ContractError, parseCall, type Args, type CallFailure, type CallName, type LikenessEvent } from '../ipc/contract';

export type ClientMessage = { id: number; call: string; args: unknown };
export type ReplyMessage = { id: number | null; ok: true; result: unknown } | { id: number | null; ok: false; error: CallFailure };
export type EventMessage = { event: LikenessEvent };

const envelope = z.object({ id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), call: z.string().max(64), args: z.unknown() });

/** Parses one client text message into a validated call, or the reply refusing it. */
export function parseClientMessage(text: string): { ok: true; id: number; name: CallName; args: Args<CallName> } | { ok: false; reply: ReplyMessage } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reply: badRequest(null, 'message is not JSON') };
  }
  const id = typeof value === 'object' && value !== null && Number.isSafeInteger((value as { id?: unknown }).id) && (value as { id: number }).id >= 0 ? (value as { id: number }).id : null;
  const env = envelope.safeParse(value);
  if (!env.success) return { ok: false, reply: badRequest(id, 'a message is {"id": number, "call": string, "args": object}') };
  try {
    const call = parseCall(env.data.call, env.data.args ?? {});
    return { ok: true, id: env.data.id, name: call.name, args: call.args };
  } catch (err) {
    return { ok: false, reply: badRequest(env.data.id, err instanceof ContractError ? err.message : String(err)) };
  }
}

function badRequest(id: number | null, message: string): ReplyMessage {
  return { id, ok: false, error: { message, code: 'bad-request' } };
}
