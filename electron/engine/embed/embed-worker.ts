// Worker-thread side of the off-thread embedder. onnxruntime-node runs inference synchronously on the calling
// JS thread, so the Embedder lives here: the indexing thread keeps decoding and writing while the network runs.
import { parentPort } from 'node:worker_threads';
import { Embedder } from './embedder';
import type { WorkerReply, WorkerRequest } from './embed-protocol';

let embedder: Embedder | null = null;
const port = parentPort;
if (!port) throw new Error('embed-worker must run in a worker thread');

port.on('message', (msg: WorkerRequest) => {
  void handle(msg).then(
    (reply) => reply && port.postMessage(reply, reply.type === 'embedded' ? [reply.features.buffer, reply.logits.buffer, reply.input.buffer].map((b) => b as ArrayBuffer) : []),
    (err: unknown) => port.postMessage({ type: 'error', id: 'id' in msg ? msg.id : -1, message: err instanceof Error ? err.message : String(err) } satisfies WorkerReply),
  );
});

async function handle(msg: WorkerRequest): Promise<WorkerReply | null> {
  switch (msg.type) {
    case 'load': {
      embedder = await Embedder.load(msg.modelPath, msg.entry, msg.options);
      const e = embedder;
      return { type: 'loaded', id: msg.id, info: { featureDim: e.featureDim, classes: e.classes, provider: e.provider, providerNotes: e.providerNotes, maxBatch: e.maxBatch, batchNote: e.batchNote } };
    }
    case 'embed': {
      if (!embedder) throw new Error('no model loaded');
      const { features, logits } = await embedder.embed(msg.input, msg.count);
      return { type: 'embedded', id: msg.id, features, logits, input: msg.input };
    }
    case 'close':
      await embedder?.close();
      embedder = null;
      return { type: 'closed', id: msg.id };
  }
}
