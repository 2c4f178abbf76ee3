// Messages between the indexing thread and the embed worker (see embed-worker.ts and worker-embedder.ts).
import type { ModelEntry } from '../types';
import type { EmbedderOptions } from './embedder';

export interface EmbedderInfo {
  featureDim: number;
  classes: number;
  provider: string;
  providerNotes: string[];
  maxBatch: number;
  batchNote: string | null;
}

export type WorkerRequest =
  | { type: 'load'; id: number; modelPath: string; entry: ModelEntry; options: EmbedderOptions }
  | { type: 'embed'; id: number; input: Float32Array; count: number }
  | { type: 'close'; id: number };

export type WorkerReply =
  | { type: 'loaded'; id: number; info: EmbedderInfo }
  /** `input` is the request's own input, handed back so that the next batch can be written into it. */
  | { type: 'embedded'; id: number; features: Float32Array; logits: Float32Array; input: Float32Array }
  | { type: 'closed'; id: number }
  | { type: 'error'; id: number; message: string };
