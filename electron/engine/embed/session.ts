// Creates an onnxruntime-node session, trying execution providers in order and falling back (with a note
// saying why) when one cannot be set up on this machine.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { providerLabel } from './providers';

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: string;
  notes: string[];
}

/** Shared library each non-bundled provider needs next to the native binding (downloaded at install time). */
const PROVIDER_LIBRARY: Record<string, { linux: string; win32: string }> = {
  cuda: { linux: 'libonnxruntime_providers_cuda.so', win32: 'onnxruntime_providers_cuda.dll' },
  tensorrt: { linux: 'libonnxruntime_providers_tensorrt.so', win32: 'onnxruntime_providers_tensorrt.dll' },
};

/** Backends this install can load: bundled ones, plus optional ones whose library was installed. */
export function usableBackends(): string[] {
  const bindingDir = path.join(path.dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', process.platform, process.arch);
  return ort.listSupportedBackends()
    .filter((b) => {
      if (b.bundled) return true;
      const lib = PROVIDER_LIBRARY[b.name]?.[process.platform as 'linux' | 'win32'];
      return !!lib && fs.existsSync(path.join(bindingDir, lib));
    })
    .map((b) => b.name);
}

/** `model`: the graph's bytes, or a file onnxruntime reads itself. */
export async function openSession(model: Uint8Array | string, tryOrder: string[], options: ort.InferenceSession.SessionOptions): Promise<OpenedSession> {
  const notes: string[] = [];
  for (let i = 0; i < tryOrder.length; i++) {
    const provider = tryOrder[i];
    try {
      const opts = { ...options, executionProviders: [provider] };
      const session = typeof model === 'string' ? await ort.InferenceSession.create(model, opts) : await ort.InferenceSession.create(model, opts);
      return { session, provider, notes };
    } catch (err) {
      if (i === tryOrder.length - 1) throw err;
      notes.push(`${providerLabel(provider)} could not be used (${firstLine(err)}); using ${providerLabel(tryOrder[i + 1])}`);
    }
  }
  throw new Error('no execution provider to try');
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].slice(0, 200);
}
