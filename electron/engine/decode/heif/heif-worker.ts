// Worker-thread side of HEIF decoding. libheif runs as WebAssembly, synchronously: here it blocks only this thread,
// and when it traps (an abort, memory out of bounds, a bug) only this thread dies; the pool starts a fresh one.
import { parentPort } from 'node:worker_threads';
import { decodeHeif, HeifDecodeError } from './heif-decode';
import { libheif } from './libheif';
import type { HeifWorkerReply, HeifWorkerRequest } from './heif-protocol';

const port = parentPort;
if (!port) throw new Error('heif-worker must run in a worker thread');
libheif(); // compile the module now, while the first file is still being read

port.on('message', (msg: HeifWorkerRequest) => {
  if (msg.type === 'crash') {
    setImmediate(() => {
      throw Object.assign(new Error('Aborted(requested by a test)'), { name: 'RuntimeError' });
    });
    return;
  }
  let reply: HeifWorkerReply;
  try {
    reply = { type: 'decoded', id: msg.id, result: decodeHeif({ bytes: msg.bytes, minShortSide: msg.minShortSide, maxPixels: msg.maxPixels }) };
  } catch (err) {
    // Anything but the decoder's verdict on the file may have left the module's heap inconsistent: die, be replaced.
    if (!(err instanceof HeifDecodeError)) throw err;
    reply = { type: 'refused', id: msg.id, reason: err.reason };
  }
  const transfer = reply.type === 'decoded' ? [reply.result.raster.data.buffer as ArrayBuffer] : [];
  port.postMessage(reply, transfer);
});
