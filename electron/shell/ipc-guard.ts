// Main's checks on every call from the renderer (pure; Electron types only): the sender must be our own page
// in our own window, the arguments must match the contract. Anything else is refused before it reaches the engine.
import { ContractError, parseCall, type Args, type CallFailure, type CallName } from '../ipc/contract';
import type { CallReply } from './engine-bridge';

/** Our page's origin: the renderer is loaded from likeness://app/index.html. */
const APP_PROTOCOL = 'likeness:';
const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_PROTOCOL}//${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** The IPC channels: one for calls (invoke), one for events and one for menu commands (main → renderer). */
export const CALL_CHANNEL = 'likeness:call';
export const EVENT_CHANNEL = 'likeness:event';
export const MENU_CHANNEL = 'likeness:menu';

/** The parts of Electron's IpcMainInvokeEvent the guard looks at (fakes in tests). */
export interface SenderInfo {
  senderFrame: { url: string; parent: unknown } | null;
  sender: { id: number };
}

/** Whether an IPC message comes from our app page in the top frame of one of our windows. */
export function isTrustedSender(event: SenderInfo, windowIds: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent) return false; // a destroyed frame, or an iframe
  if (!windowIds.has(event.sender.id)) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  // The exact origin, compared by parts (Node's URL gives 'null' as the origin of a non-special scheme): no prefix
  // test a look-alike (likeness://app.evil/, likeness://app@evil/) could pass, no credentials, no port.
  return url.protocol === APP_PROTOCOL && url.hostname === APP_HOST && url.port === '' && url.username === '' && url.password === '';
}

/** The payload of one invoke: {name, args}. */
export function parseInvoke(payload: unknown): { name: CallName; args: Args<CallName> } {
  if (typeof payload !== 'object' || payload === null) throw new ContractError('a call is {name, args}');
  const { name, args } = payload as { name?: unknown; args?: unknown };
  return parseCall(name, args);
}

export interface GuardDeps {
  windowIds(): ReadonlySet<number>;
  /** Calls main answers itself (dialogs, reveal in folder); undefined when the call goes to the engine. */
  local(name: CallName, args: Args<CallName>): Promise<CallReply> | undefined;
  engine(name: CallName, args: Args<CallName>): Promise<CallReply>;
  /** Sees every successful reply (main learns opened folders from it). */
  observe?(name: CallName, args: Args<CallName>, result: unknown): void;
}

/** The ipcMain.handle body: check, then answer locally or relay to the engine. Never throws. */
export async function handleInvoke(event: SenderInfo, payload: unknown, deps: GuardDeps): Promise<CallReply> {
  if (!isTrustedSender(event, deps.windowIds())) return refuse('call from an untrusted page refused');
  let call: { name: CallName; args: Args<CallName> };
  try {
    call = parseInvoke(payload);
  } catch (err) {
    return refuse((err as Error).message);
  }
  let reply: CallReply;
  try {
    reply = await (deps.local(call.name, call.args) ?? deps.engine(call.name, call.args));
  } catch (err) {
    reply = { ok: false, error: { message: (err as Error).message, code: 'failed' } };
  }
  if (reply.ok) deps.observe?.(call.name, call.args, reply.result);
  return reply;
}

function refuse(message: string): { ok: false; error: CallFailure } {
  return { ok: false, error: { message, code: 'bad-request' } };
}
