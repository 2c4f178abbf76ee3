// Downloads the real shared MobileNet file from a local HTTP server that can cut, stall, ignore Range and redirect;
// and checks ensureModel's use of pre-placed files and its verified-models cache.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { SHARED } from './helpers';
import type { ModelEntry, Progress } from '../electron/engine/types';
import { getModel } from '../electron/engine/models/catalog';
import { ModelChecksumError, ModelDownloadError, downloadModel, networkProblem } from '../electron/engine/models/download';
import { ModelDamagedError, ModelMissingError, ensureModel, modelStatus } from '../electron/engine/models/locate';

const SHARED_MODELS = path.join(SHARED, 'models');
const entry = getModel('mobilenetv2-int8');
const DATA = fs.readFileSync(path.join(SHARED_MODELS, entry.file));
const MB = 1 << 20;

/** What the next request to /model.onnx should suffer; consumed by that request. */
interface Mischief {
  cutAfter?: number;
  stallAfter?: number;
  ignoreRange?: boolean;
  status?: number;
}

interface Seen {
  url: string;
  range?: string;
}

class ModelServer {
  readonly seen: Seen[] = [];
  readonly plan: Mischief[] = [];
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  port = 0;

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(p = '/model.onnx'): string {
    return `http://127.0.0.1:${this.port}${p}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.seen.push({ url: req.url ?? '', range: req.headers.range });
    if (req.url === '/hop1') return void res.writeHead(302, { location: '/hop2' }).end();
    if (req.url === '/hop2') return void res.writeHead(301, { location: this.url('/model.onnx') }).end();
    if (req.url !== '/model.onnx') return void res.writeHead(404).end('not found');
    const plan = this.plan.shift() ?? {};
    if (plan.status) return void res.writeHead(plan.status).end();

    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m && !plan.ignoreRange) {
      start = Number(m[1]);
      if (start >= DATA.length) return void res.writeHead(416, { 'content-range': `bytes */${DATA.length}` }).end();
      res.writeHead(206, { 'content-length': DATA.length - start, 'content-range': `bytes ${start}-${DATA.length - 1}/${DATA.length}` });
    } else {
      res.writeHead(200, { 'content-length': DATA.length, 'accept-ranges': 'bytes' });
    }
    const body = DATA.subarray(start);
    if (plan.cutAfter !== undefined) {
      res.write(body.subarray(0, plan.cutAfter), () => res.destroy());
    } else if (plan.stallAfter !== undefined) {
      res.write(body.subarray(0, plan.stallAfter)); // and never finish: the client must give up
    } else {
      res.end(body);
    }
  }
}

const tmpDirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-models-'));
  tmpDirs.push(dir);
  return dir;
}
after(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

async function withServer(fn: (s: ModelServer) => Promise<void>): Promise<void> {
  const s = await new ModelServer().start();
  try {
    await fn(s);
  } finally {
    await s.stop();
  }
}

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

test('(a) downloads with growing progress and the right checksum', () =>
  withServer(async (s) => {
    const dir = path.join(tmpDir(), 'not', 'yet', 'there');
    const events: Progress[] = [];
    const file = await downloadModel(entry, dir, { url: s.url(), onProgress: (p) => events.push(p) });
    assert.equal(file, path.join(dir, entry.file));
    assert.equal(sha256(file), entry.sha256);
    assert.deepEqual(fs.readdirSync(dir), [entry.file]);
    assert.ok(events.length >= 3, `got ${events.length} progress events`);
    for (let i = 1; i < events.length; i++) assert.ok(events[i].done > events[i - 1].done, 'done increases');
    for (const p of events) {
      assert.equal(p.stage, 'download');
      assert.equal(p.total, entry.bytes);
      assert.ok(p.rate >= 0);
    }
    assert.equal(events[0].done, 0);
    assert.equal(events.at(-1)!.done, entry.bytes);
  }));

test('(b) a connection cut after ~1 MB is resumed with a Range request', () =>
  withServer(async (s) => {
    const dir = tmpDir();
    s.plan.push({ cutAfter: MB });
    const file = await downloadModel(entry, dir, { url: s.url() });
    assert.equal(sha256(file), entry.sha256);
    assert.equal(s.seen.length, 2);
    assert.equal(s.seen[0].range, undefined);
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(s.seen[1].range ?? '')?.[1]);
    assert.ok(resumedAt > 0 && resumedAt <= MB, `resumed at ${s.seen[1].range}`);
    assert.deepEqual(fs.readdirSync(dir), [entry.file]);
  }));

test('(c) a wrong checksum throws ModelChecksumError and leaves nothing behind', () =>
  withServer(async (s) => {
    const dir = tmpDir();
    const wrong: ModelEntry = { ...entry, sha256: 'f'.repeat(64) };
    await assert.rejects(downloadModel(wrong, dir, { url: s.url() }), (err: unknown) => {
      assert.ok(err instanceof ModelChecksumError);
      assert.equal(err.message, `downloaded file does not match its checksum: expected ${'f'.repeat(64)}, got ${entry.sha256}`);
      return true;
    });
    assert.deepEqual(fs.readdirSync(dir), []);
  }));

test('(c2) a wrong size is a checksum error too, caught before downloading it all', () =>
  withServer(async (s) => {
    const dir = tmpDir();
    await assert.rejects(downloadModel({ ...entry, bytes: entry.bytes + 1 }, dir, { url: s.url() }), ModelChecksumError);
    assert.deepEqual(fs.readdirSync(dir), []);
  }));

test('(d) abort leaves the .part; the next call resumes from it', () =>
  withServer(async (s) => {
    const dir = tmpDir();
    s.plan.push({ stallAfter: MB });
    const controller = new AbortController();
    const onProgress = (p: Progress): void => {
      if (p.done >= MB / 2) controller.abort();
    };
    await assert.rejects(downloadModel(entry, dir, { url: s.url(), signal: controller.signal, onProgress }), { name: 'AbortError' });
    const partSize = fs.statSync(path.join(dir, `${entry.file}.part`)).size;
    assert.ok(partSize >= MB / 2 && partSize <= MB, `part holds ${partSize} bytes`);
    assert.deepEqual(modelStatus(entry, dir), { present: false, path: path.join(dir, entry.file), bytes: entry.bytes, bytesOnDisk: 0, partialBytes: partSize });

    const file = await downloadModel(entry, dir, { url: s.url() });
    assert.equal(s.seen.at(-1)!.range, `bytes=${partSize}-`);
    assert.equal(sha256(file), entry.sha256);
    assert.deepEqual(fs.readdirSync(dir), [entry.file]);
  }));

test('(d2) a server that ignores Range (200) makes the download start over', () =>
  withServer(async (s) => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, `${entry.file}.part`), DATA.subarray(0, MB));
    s.plan.push({ ignoreRange: true });
    const file = await downloadModel(entry, dir, { url: s.url() });
    assert.equal(s.seen.length, 1);
    assert.equal(s.seen[0].range, `bytes=${MB}-`);
    assert.equal(sha256(file), entry.sha256);
    assert.equal(fs.statSync(file).size, entry.bytes);
  }));

test('(e) redirects are followed', () =>
  withServer(async (s) => {
    const dir = tmpDir();
    const file = await downloadModel(entry, dir, { url: s.url('/hop1') });
    assert.deepEqual(s.seen.map((r) => r.url), ['/hop1', '/hop2', '/model.onnx']);
    assert.equal(sha256(file), entry.sha256);
  }));

test('HTTP errors: 404 fails at once, 5xx is retried', () =>
  withServer(async (s) => {
    const dir = tmpDir();
    await assert.rejects(downloadModel(entry, dir, { url: s.url('/missing.onnx') }), (err: unknown) => {
      assert.ok(err instanceof ModelDownloadError);
      assert.equal(err.status, 404);
      return true;
    });
    assert.equal(s.seen.length, 1);

    s.plan.push({ status: 503 });
    const file = await downloadModel(entry, dir, { url: s.url() });
    assert.equal(sha256(file), entry.sha256);

    s.plan.push({ status: 503 }, { status: 503 });
    await assert.rejects(downloadModel(entry, tmpDir(), { url: s.url(), retries: 1 }), ModelDownloadError);
  }));

test('a computer without a network is told so in words, not as a system call\'s code', async () => {
  // .invalid never resolves (RFC 2606): the same answer a computer gets with no network at all.
  await assert.rejects(downloadModel(entry, tmpDir(), { url: 'http://likeness-model.invalid/model.onnx', retries: 0 }), (err: unknown) => {
    assert.ok(err instanceof ModelDownloadError);
    assert.match(err.message, /^could not download .* \(1 attempt\): likeness-model\.invalid could not be found: is this computer offline\? \((ENOTFOUND|EAI_AGAIN)\)$/);
    return true;
  });
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  assert.equal(networkProblem('127.0.0.1:9', refused), '127.0.0.1:9 refused the connection (ECONNREFUSED)');
  const odd = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
  assert.equal(networkProblem('github.com', odd), 'the connection to github.com was cut (ECONNRESET)');
  const leaf = Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  assert.match(networkProblem('github.com', leaf), /^github\.com's certificate could not be trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
  const everyAddress = Object.assign(new AggregateError([], ''), { code: 'EADDRNOTAVAIL' });
  assert.equal(networkProblem('github.com', everyAddress), 'github.com: EADDRNOTAVAIL');
});

test('(f) ensureModel uses the pre-placed shared file without any request, and remembers it', (t) =>
  withServer(async (s) => {
    const dataDir = tmpDir();
    const before = process.env.LIKENESS_CACHE_DIR;
    t.after(() => (process.env.LIKENESS_CACHE_DIR = before));
    const cacheDir = (process.env.LIKENESS_CACHE_DIR = tmpDir()); // not one where an earlier test verified the file
    const local = { ...entry, url: s.url() };
    const file = await ensureModel(local, { modelsDir: SHARED_MODELS, dataDir, allowDownload: true });
    assert.equal(file, path.join(SHARED_MODELS, entry.file));
    assert.equal(s.seen.length, 0);
    for (const dir of [dataDir, cacheDir]) {
      const verified = JSON.parse(fs.readFileSync(path.join(dir, 'verified-models.json'), 'utf8'));
      assert.deepEqual(verified.files.map((f: { path: string; sha256: string }) => [f.path, f.sha256]), [[file, entry.sha256]], dir);
    }
    assert.equal(await ensureModel(local, { modelsDir: SHARED_MODELS, dataDir, allowDownload: false }), file);
    assert.deepEqual(modelStatus(entry, SHARED_MODELS), { present: true, path: file, bytes: entry.bytes, bytesOnDisk: entry.bytes, partialBytes: 0 });
  }));

test('(f) a missing model without download permission is a ModelMissingError naming path and command', () =>
  withServer(async (s) => {
    const modelsDir = tmpDir();
    const promise = ensureModel({ ...entry, url: s.url() }, { modelsDir, dataDir: tmpDir(), allowDownload: false });
    await assert.rejects(promise, (err: unknown) => {
      assert.ok(err instanceof ModelMissingError);
      assert.ok(err.message.includes(path.join(modelsDir, entry.file)));
      assert.ok(err.message.includes('likeness models download mobilenetv2-int8'));
      assert.ok(!err.message.includes('\n'));
      return true;
    });
    assert.equal(s.seen.length, 0);
    assert.deepEqual(fs.readdirSync(modelsDir), []);
  }));

test('ensureModel downloads a missing model when allowed and records it as verified', () =>
  withServer(async (s) => {
    const modelsDir = tmpDir();
    const dataDir = tmpDir();
    const file = await ensureModel({ ...entry, url: s.url() }, { modelsDir, dataDir, allowDownload: true });
    assert.equal(file, path.join(modelsDir, entry.file));
    assert.equal(sha256(file), entry.sha256);
    const verified = JSON.parse(fs.readFileSync(path.join(dataDir, 'verified-models.json'), 'utf8'));
    assert.equal(verified.files[0].path, file);
  }));

test('a damaged pre-placed file is reported, unless already verified and unchanged', async () => {
  const modelsDir = tmpDir();
  const dataDir = tmpDir();
  const file = path.join(modelsDir, entry.file);
  const damaged = Buffer.from(DATA);
  damaged[damaged.length >> 1] ^= 0xff;
  fs.writeFileSync(file, damaged);
  const opts = { modelsDir, dataDir, allowDownload: true };
  await assert.rejects(ensureModel(entry, opts), (err: unknown) => {
    assert.ok(err instanceof ModelDamagedError);
    assert.match(err.message, /mobilenetv2-12-int8\.onnx is damaged or not the expected file \(checksum mismatch\); delete it or download again/);
    return true;
  });
  fs.writeFileSync(file, DATA.subarray(1));
  await assert.rejects(ensureModel(entry, opts), /is damaged or not the expected file \(3655032 bytes, expected 3655033\)/);

  // The cache is trusted while size and mtime stand: proof that a second run does not rehash.
  // (A whole-second mtime, so that restoring it below is exact on every file system.)
  const when = 1_700_000_000;
  fs.writeFileSync(file, DATA);
  fs.utimesSync(file, when, when);
  await ensureModel(entry, opts);
  fs.writeFileSync(file, damaged);
  fs.utimesSync(file, when, when);
  assert.equal(await ensureModel(entry, opts), file);
  // A touched file is hashed again.
  fs.utimesSync(file, when + 5, when + 5);
  await assert.rejects(ensureModel(entry, opts), ModelDamagedError);
});

test("a new library's first run does not hash again a model another library verified on this machine", async (t) => {
  const modelsDir = tmpDir();
  const file = path.join(modelsDir, entry.file);
  const when = 1_700_000_000;
  fs.writeFileSync(file, DATA);
  fs.utimesSync(file, when, when);
  const before = process.env.LIKENESS_CACHE_DIR;
  t.after(() => (process.env.LIKENESS_CACHE_DIR = before));
  process.env.LIKENESS_CACHE_DIR = tmpDir();
  await ensureModel(entry, { modelsDir, dataDir: tmpDir(), allowDownload: false });
  // The same size and time, other bytes: only a file that is not hashed again passes.
  const damaged = Buffer.from(DATA);
  damaged[damaged.length >> 1] ^= 0xff;
  fs.writeFileSync(file, damaged);
  fs.utimesSync(file, when, when);
  assert.equal(await ensureModel(entry, { modelsDir, dataDir: tmpDir(), allowDownload: false }), file);
  // Without that cache folder, a new library hashes the file and finds it damaged.
  process.env.LIKENESS_CACHE_DIR = tmpDir();
  await assert.rejects(ensureModel(entry, { modelsDir, dataDir: tmpDir(), allowDownload: false }), ModelDamagedError);
});
