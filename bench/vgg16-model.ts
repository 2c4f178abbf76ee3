// bench/vgg16-model.ts — owns: providing the bench's VGG-16-architecture ONNX model (random weights).
// Runs bench/make-vgg16.py (Debian's python3-torchvision) once per cache dir and remembers the file's
// size and sha256 beside it (<file>.json), so a bench can build a catalog entry without rehashing 553 MB.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { benchCacheDir } from './shared-data';

/** File name in the cache dir: not the zoo's 'vgg16-12.onnx', since its weights (and checksum) differ. */
export const VGG16_FILE = 'vgg16-random-12.onnx';
/** Debian packages the export needs (same list as bench/APT-PACKAGES). */
export const VGG16_APT_PACKAGES = ['python3-torchvision'];

const SCRIPT = 'make-vgg16.py';
/** Exit code of make-vgg16.py when torch/torchvision cannot be imported. */
const EXIT_MISSING = 3;

export interface Vgg16Facts {
  path: string;
  bytes: number;
  sha256: string;
  /** Seconds the export took, when this cache dir's copy was made by ensureVgg16Model. */
  exportSeconds: number | null;
  /** The exporter's own line (torch / torchvision versions). */
  exporter: string | null;
}

const inFlight = new Map<string, Promise<string>>();

/**
 * Path to the VGG-16-architecture model in cacheDir, exporting it first if it is not there yet
 * (about 15-20 s and 2.5 GB of RAM on 2 cores; the file is about 553 MB).
 */
export function ensureVgg16Model(cacheDir: string): Promise<string> {
  const file = path.resolve(cacheDir, VGG16_FILE);
  let p = inFlight.get(file);
  if (!p) {
    p = ensure(file).finally(() => inFlight.delete(file));
    inFlight.set(file, p);
  }
  return p;
}

/** Size and sha256 of the model (from the sidecar written at export; hashed and written now if absent). */
export async function vgg16Facts(modelPath: string): Promise<Vgg16Facts> {
  const st = await fsp.stat(modelPath);
  const side = await readSidecar(modelPath);
  if (side && side.bytes === st.size && side.mtimeMs === st.mtimeMs) {
    return { path: modelPath, bytes: side.bytes, sha256: side.sha256, exportSeconds: side.exportSeconds, exporter: side.exporter };
  }
  const sha256 = await sha256OfFile(modelPath);
  await writeSidecar(modelPath, { bytes: st.size, mtimeMs: st.mtimeMs, sha256, exportSeconds: null, exporter: null });
  return { path: modelPath, bytes: st.size, sha256, exportSeconds: null, exporter: null };
}

async function ensure(file: string): Promise<string> {
  if (await isFile(file)) return file;
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const python = pythonExecutable();
  const script = findScript();
  const started = process.hrtime.bigint();
  const { code, stdout, stderr, spawnError } = await run(python, [script, file]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (spawnError) {
    throw new Error(
      `cannot run ${python} to export the VGG-16 bench model (${spawnError.message}); ` +
        `it needs Debian's system python with torchvision: install it with apt-get install ${VGG16_APT_PACKAGES.join(' ')}`,
    );
  }
  if (code === EXIT_MISSING || /No module named '?(torch|torchvision)/.test(stderr)) {
    throw new Error(
      `python3-torchvision is missing (${python} cannot import torch/torchvision), so the VGG-16 bench model ` +
        `cannot be exported: install it with apt-get install ${VGG16_APT_PACKAGES.join(' ')}`,
    );
  }
  if (code !== 0 || !(await isFile(file))) {
    throw new Error(`exporting the VGG-16 bench model failed (${python} ${script} exited ${code}):\n${tail(stderr || stdout)}`);
  }
  const st = await fsp.stat(file);
  const sha256 = await sha256OfFile(file);
  await writeSidecar(file, {
    bytes: st.size,
    mtimeMs: st.mtimeMs,
    sha256,
    exportSeconds: Math.round(seconds * 10) / 10,
    exporter: stdout.trim().split('\n').pop() ?? null,
  });
  return file;
}

/** Debian's system python (apt installs torchvision for it), not whatever `python3` is first on PATH. */
function pythonExecutable(): string {
  return process.env.LIKENESS_BENCH_PYTHON || '/usr/bin/python3';
}

/** The .py sits beside this file in bench/; compiled, this file runs from dist/bench/, so look upward too. */
function findScript(): string {
  let dir = __dirname;
  for (let i = 0; i < 4; i++) {
    for (const candidate of [path.join(dir, SCRIPT), path.join(dir, 'bench', SCRIPT)]) {
      if (fs.existsSync(candidate)) return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find bench/${SCRIPT} near ${__dirname}`);
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  spawnError?: Error;
}

function run(cmd: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', (err) => resolve({ code: null, stdout, stderr, spawnError: err }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface Sidecar {
  bytes: number;
  mtimeMs: number;
  sha256: string;
  exportSeconds: number | null;
  exporter: string | null;
}

async function readSidecar(modelPath: string): Promise<Sidecar | null> {
  try {
    const v = JSON.parse(await fsp.readFile(modelPath + '.json', 'utf8')) as Partial<Sidecar>;
    if (typeof v.bytes !== 'number' || typeof v.mtimeMs !== 'number' || typeof v.sha256 !== 'string') return null;
    return { bytes: v.bytes, mtimeMs: v.mtimeMs, sha256: v.sha256, exportSeconds: v.exportSeconds ?? null, exporter: v.exporter ?? null };
  } catch {
    return null;
  }
}

async function writeSidecar(modelPath: string, s: Sidecar): Promise<void> {
  const tmp = `${modelPath}.json.${process.pid}.tmp`;
  await fsp.writeFile(tmp, JSON.stringify(s, null, 2) + '\n');
  await fsp.rename(tmp, modelPath + '.json');
}

function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(file, { highWaterMark: 4 << 20 })
      .on('data', (b) => h.update(b))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fsp.stat(p)).isFile();
  } catch {
    return false;
  }
}

function tail(s: string, lines = 20): string {
  return s.trim().split('\n').slice(-lines).join('\n');
}

// Development: node --import tsx bench/vgg16-model.ts [cacheDir]
if (require.main === module) {
  const dir = process.argv[2] ?? benchCacheDir();
  const t0 = Date.now();
  ensureVgg16Model(dir)
    .then(vgg16Facts)
    .then((f) => console.log(JSON.stringify({ ...f, seconds: (Date.now() - t0) / 1000 }, null, 2)))
    .catch((err: Error) => {
      console.error(err.message);
      process.exitCode = 1;
    });
}
