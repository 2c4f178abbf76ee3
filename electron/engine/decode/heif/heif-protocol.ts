// Messages between the HEIF pool (heif-pool.ts) and its worker threads (heif-worker.ts).
import type { HeifResult } from './heif-decode';

export type HeifWorkerRequest =
  | { type: 'decode'; id: number; bytes: Uint8Array; minShortSide: number; maxPixels: number }
  /** Tests only: make the worker die the way a WebAssembly abort does, to check that callers survive it. */
  | { type: 'crash'; id: number };

export type HeifWorkerReply =
  | { type: 'decoded'; id: number; result: HeifResult }
  /** The file cannot be shown; `reason` is for people. */
  | { type: 'refused'; id: number; reason: string };
