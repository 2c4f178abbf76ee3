// Subscribes a component to the engine's event stream for as long as it is mounted; the handler may change on every
// render without resubscribing (it is read through a ref), so no event is lost between renders.
import { useEffect, useRef } from 'react';
import type { LikenessApi, LikenessEvent } from '../../../electron/ipc/contract';

export type ProgressEvent = Extract<LikenessEvent, { type: 'progress' }>;

export function useEvents(api: LikenessApi, handler: (e: LikenessEvent) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => api.onEvent((e) => ref.current(e)), [api]);
}
