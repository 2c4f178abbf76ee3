// bench/floors.ts — owns: the baselines `npm run bench` compares the engine against: sharp decoding alone,
// onnxruntime-node inference alone, and a peak-RSS sampler.
import * as fsp from 'node:fs/promises';
import * as os from 'node:os';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { decodePhoto } from '../electron/engine/decode/decode';
import { inferenceSessionOptions } from '../electron/engine/embed/embedder';
import { writeCropTensor } from '../electron/engine/decode/tensor';
import { filesInFlight, indexDecodeOptions, readIfImage } from '../electron/engine/pipeline/index-work';
import { ReadBuffers } from '../electron/engine/pipeline/read-buffers';
import type { PreprocessSpec } from '../electron/engine/types';

export interface DecodeFloor {
  msPerImage: number;
  photosPerSecond: number;
  /** Files timed (all of them; the first 2 were also decoded once, untimed, as a warm-up). */
  files: number;
  concurrency: number;
  /** CPU seconds of the whole process over the timed files (libvips' and libuv's threads included). */
  cpuSeconds: number;
}

/**
 * How fast sharp alone reads, decodes and shrinks the files the way the engine's decode step does (auto-orient,
 * shortest side to 256), sharp's cache off, with as many files in flight as the engine keeps. That is sharp at its
 * best here: with one file per core in flight, as this floor had before, reading left the cores a tenth idle and
 * sharp looked 9–18% slower than it is (2.77–2.97 s against 2.50–2.55 s for 200 × 12 MP), flattering every ratio.
 */
export async function sharpDecodeFloor(files: string[]): Promise<DecodeFloor> {
  const concurrency = filesInFlight();
  const decode = async (file: string): Promise<void> => {
    const buf = await fsp.readFile(file);
    await sharp(buf).rotate().resize(256, 256, { fit: 'outside' }).raw().toBuffer();
  };
  const { wallSeconds, cpuSeconds } = await timedInFlight(files, concurrency, decode);
  const msPerImage = (wallSeconds * 1000) / files.length;
  return { msPerImage, photosPerSecond: 1000 / msPerImage, files: files.length, concurrency, cpuSeconds };
}

/**
 * The engine's own work on each photo short of inference, in this process, with as many files in flight as the
 * engine keeps: read and SHA-256 (readIfImage), the one decode with its thumbnail and signature (decodePhoto), and
 * the network's input tensor (writeCropTensor). What the whole command adds to it is start-up, the model's load,
 * inference, the library and the moments a core waits.
 */
export async function photoWorkAlone(files: string[], spec: PreprocessSpec): Promise<{ wallSeconds: number; cpuSeconds: number }> {
  const tensor = new Float32Array(3 * spec.cropSize * spec.cropSize);
  const buffers = new ReadBuffers(filesInFlight());
  const work = async (file: string): Promise<void> => {
    const read = await readIfImage(file, (await fsp.stat(file)).size, buffers);
    if (typeof read === 'string') throw new Error(`${file}: ${read}`);
    const photo = await decodePhoto(read.bytes, spec, indexDecodeOptions());
    buffers.give(read.bytes);
    writeCropTensor(photo.crop, spec, tensor);
  };
  return timedInFlight(files, filesInFlight(), work);
}

/** Runs `each` over the files with `concurrency` in flight, after two untimed warm-ups (libvips init, page cache). */
async function timedInFlight(files: string[], concurrency: number, each: (file: string) => Promise<void>): Promise<{ wallSeconds: number; cpuSeconds: number }> {
  if (files.length === 0) throw new Error('no files to time');
  const prev = sharp.cache();
  sharp.cache(false);
  try {
    for (const f of files.slice(0, 2)) await each(f);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) await each(files[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
    const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    return { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  } finally {
    sharp.cache({ memory: prev.memory.max, files: prev.files.max, items: prev.items.max });
  }
}

export interface OnnxFloor {
  msPerImage: number;
  /** Batch actually run: the requested one, or the model's own fixed batch when it is static. */
  batch: number;
  runs: number;
  /** Median of the timed runs, per image. */
  medianMsPerImage: number;
  /** Fastest timed run, per image: the least disturbed by other work on a shared machine. */
  minMsPerImage: number;
  /** CPU milliseconds per image over the timed runs, every inference thread included. */
  cpuMsPerImage: number;
  inputName: string;
  inputShape: number[];
  /** Seconds to create the session (load + optimize the graph). */
  loadSeconds: number;
}

/**
 * onnxruntime-node alone: CPU provider with the engine's session options (inferenceSessionOptions: optimization
 * 'all', one thread per core, idle threads sleeping), one untimed warm-up run, then `runs` timed runs on one input.
 * A model with a fixed batch dimension runs at that batch whatever opts.batch says.
 */
export async function onnxruntimeAlone(modelPath: string, opts: { runs: number; batch: number }): Promise<OnnxFloor> {
  const t0 = process.hrtime.bigint();
  const session = await ort.InferenceSession.create(modelPath, { ...inferenceSessionOptions(os.availableParallelism()), executionProviders: ['cpu'] });
  const loadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  try {
    const inputName = session.inputNames[0];
    const meta = session.inputMetadata.find((m) => m.name === inputName) ?? session.inputMetadata[0];
    if (!meta || !meta.isTensor) throw new Error(`${modelPath}: input '${inputName}' is not a tensor`);
    const shape = meta.shape.length > 0 ? [...meta.shape] : ['batch', 3, 224, 224];
    const batch = typeof shape[0] === 'number' ? shape[0] : Math.max(1, Math.floor(opts.batch));
    const dims = shape.map((d, i) => (i === 0 ? batch : typeof d === 'number' ? d : fail(`${modelPath}: symbolic non-batch dimension '${d}' in input '${inputName}'`)));
    const feeds = { [inputName]: randomTensor(meta.type, dims) };

    await session.run(feeds); // warm-up: allocations, kernel selection
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let r = 0; r < Math.max(1, opts.runs); r++) {
      const s = process.hrtime.bigint();
      await session.run(feeds);
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    const cpu = process.cpuUsage(cpu0);
    const total = times.reduce((a, b) => a + b, 0);
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return {
      msPerImage: total / (times.length * batch),
      batch,
      runs: times.length,
      medianMsPerImage: median / batch,
      minMsPerImage: sorted[0] / batch,
      cpuMsPerImage: (cpu.user + cpu.system) / 1000 / (times.length * batch),
      inputName,
      inputShape: dims,
      loadSeconds,
    };
  } finally {
    await session.release();
  }
}

function randomTensor(type: ort.Tensor.Type, dims: number[]): ort.Tensor {
  const n = dims.reduce((a, b) => a * b, 1);
  let s = 0x2545f491;
  const rand = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  switch (type) {
    case 'float32': {
      const a = new Float32Array(n);
      for (let i = 0; i < n; i++) a[i] = rand() * 4 - 2; // roughly the range of a normalized image
      return new ort.Tensor('float32', a, dims);
    }
    case 'uint8': {
      const a = new Uint8Array(n);
      for (let i = 0; i < n; i++) a[i] = (rand() * 256) | 0;
      return new ort.Tensor('uint8', a, dims);
    }
    case 'int8': {
      const a = new Int8Array(n);
      for (let i = 0; i < n; i++) a[i] = ((rand() * 256) | 0) - 128;
      return new ort.Tensor('int8', a, dims);
    }
    default:
      throw new Error(`onnxruntimeAlone: input type ${type} not supported`);
  }
}

function fail(message: string): never {
  throw new Error(message);
}

export interface PeakRssMonitor {
  /** Stops sampling; the highest process.memoryUsage.rss() seen since the monitor started, in bytes. */
  stop(): number;
  /** process.resourceUsage().maxRSS in bytes: the whole process's lifetime peak (the OS's own count). */
  processMaxRss(): number;
}

/** Samples the process's resident set size every 50 ms until stop(). */
export function peakRssMonitor(intervalMs = 50): PeakRssMonitor {
  let peak = process.memoryUsage.rss();
  let stopped = false;
  const timer = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  }, intervalMs);
  timer.unref();
  return {
    stop(): number {
      if (!stopped) {
        stopped = true;
        clearInterval(timer);
        peak = Math.max(peak, process.memoryUsage.rss());
      }
      return peak;
    },
    processMaxRss(): number {
      return process.resourceUsage().maxRSS * 1024; // maxRSS is in KB
    },
  };
}

// Development: node --import tsx bench/floors.ts — prints each floor on the bench's fixtures.
if (require.main === module) {
  void (async () => {
    const path = await import('node:path');
    const { makeLargeJpegs } = await import('./large-jpegs');
    const { ensureVgg16Model } = await import('./vgg16-model');
    const { benchCacheDir, sharedDir } = await import('./shared-data');
    const mb = (b: number): string => `${(b / 2 ** 20).toFixed(0)} MiB`;
    const cache = benchCacheDir();
    const mon = peakRssMonitor();

    const files = await makeLargeJpegs(path.join(cache, 'large-jpegs'), 8);
    for (let i = 0; i < 3; i++) {
      const f = await sharpDecodeFloor(files);
      console.log(`sharp floor, ${f.files} × 12 MP, ${f.concurrency} in flight: ${f.msPerImage.toFixed(1)} ms/image, ${f.photosPerSecond.toFixed(1)} photos/s`);
    }
    console.log(`peak RSS so far ${mb(mon.stop())}`);

    const cases: Array<[string, string, number]> = [
      ['mobilenetv2-12-int8', path.join(sharedDir(), 'models', 'mobilenetv2-12-int8.onnx'), 1],
      ['mobilenetv2-12-int8', path.join(sharedDir(), 'models', 'mobilenetv2-12-int8.onnx'), 16],
      ['vgg16 (random weights)', await ensureVgg16Model(cache), 1],
    ];
    for (const [name, file, batch] of cases) {
      const m = peakRssMonitor();
      const runs = batch === 1 ? 30 : 6;
      const r = await onnxruntimeAlone(file, { runs, batch });
      console.log(
        `onnxruntime alone, ${name}, batch ${r.batch} × ${r.runs} runs: ${r.msPerImage.toFixed(2)} ms/image ` +
          `(median ${r.medianMsPerImage.toFixed(2)}, min ${r.minMsPerImage.toFixed(2)}), load ${r.loadSeconds.toFixed(1)} s, peak RSS ${mb(m.stop())}`,
      );
    }
    console.log(`process maxRSS (resourceUsage) ${mb(mon.processMaxRss())}`);
  })().catch((err: Error) => {
    console.error(err);
    process.exitCode = 1;
  });
}
