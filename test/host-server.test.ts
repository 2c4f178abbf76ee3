// The web host over real HTTP and a real WebSocket: the renderer page with its CSP, calls and replies by id,
// malformed messages refused, foreign origins refused, media served only from allowed roots (403 for .., encoded
// slashes and links out), and an open of a small real folder streaming progress and a groups event.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { test } from 'node:test';
import { WebSocket } from 'ws';
import type { GroupsView, LikenessEvent } from '../electron/ipc/contract';
import { LikenessService } from '../electron/engine/service';
import { startHost, type Host } from '../electron/host/server';
import { ROOT, SHARED_MODELS, tempDir } from './helpers';
import { smallFolder } from './service-fixture';

async function withHost(t: { after(fn: () => unknown): void }, dataDir: string): Promise<{ host: Host; rendererDir: string }> {
  const rendererDir = tempDir('likeness-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Likeness</title><script src="app.js"></script>');
  fs.writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)');
  const service = new LikenessService({ dataDir, modelsDir: SHARED_MODELS, transport: 'web', mediaUrl: (p) => `/media/${p}`, indexOptions: { allowDownload: false, provider: 'cpu' } });
  const host = await startHost({ service, rendererDir, port: 0 });
  t.after(async () => {
    service.close();
    await host.close();
  });
  return { host, rendererDir };
}

/** GET with the raw path exactly as given (Node does not normalize it). */
function get(port: number, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

class Client {
  private nextId = 1;
  private readonly pending = new Map<number | null, (m: unknown) => void>();
  private readonly eventListeners = new Set<(e: LikenessEvent) => void>();
  readonly events: LikenessEvent[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { id?: number | null; event?: LikenessEvent };
      if (msg.event) {
        this.events.push(msg.event);
        for (const l of this.eventListeners) l(msg.event);
      } else {
        const p = this.pending.get(msg.id ?? null);
        this.pending.delete(msg.id ?? null);
        p?.(msg);
      }
    });
  }

  static connect(port: number, origin = `http://127.0.0.1:${port}`): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin });
      ws.once('open', () => resolve(new Client(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    });
  }

  call(call: string, args: unknown): Promise<any> {
    const id = this.nextId++;
    return this.raw(JSON.stringify({ id, call, args }), id);
  }

  /** Sends text and waits for the reply carrying `id`. */
  raw(text: string, id: number | null): Promise<any> {
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.ws.send(text);
    });
  }

  waitFor(pred: (e: LikenessEvent) => boolean): Promise<LikenessEvent> {
    const seen = this.events.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const l = (e: LikenessEvent) => {
        if (pred(e)) {
          this.eventListeners.delete(l);
          resolve(e);
        }
      };
      this.eventListeners.add(l);
    });
  }

  close(): void {
    this.ws.close();
  }
}

test('the renderer page is served with a strict CSP; a foreign Host is refused', async (t) => {
  const { host } = await withHost(t, path.join(tempDir(), 'data'));
  const page = await get(host.port, '/');
  assert.equal(page.status, 200);
  assert.match(page.body.toString(), /<title>Likeness/);
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.equal((await get(host.port, '/app.js')).status, 200);
  assert.equal((await get(host.port, '/../package.json')).status, 403);
  assert.equal((await get(host.port, '/nope.js')).status, 404);
  assert.equal((await get(host.port, '/', { host: 'evil.example:80' })).status, 403, 'DNS rebinding');
});

test('calls are answered by id; malformed messages are refused; a foreign origin cannot connect', async (t) => {
  const { host } = await withHost(t, path.join(tempDir(), 'data'));
  await assert.rejects(Client.connect(host.port, 'https://evil.example'), /403/);
  const c = await Client.connect(host.port);
  t.after(() => c.close());

  const info = await c.call('app.info', {});
  assert.equal(info.ok, true);
  assert.equal(info.result.transport, 'web');
  assert.deepEqual(await c.call('folders.choose', {}), { id: 2, ok: true, result: null });

  const notJson = await c.raw('{oops', null);
  assert.deepEqual(notJson, { id: null, ok: false, error: { message: 'message is not JSON', code: 'bad-request' } });
  const unknown = await c.raw(JSON.stringify({ id: 50, call: 'fs.unlink', args: {} }), 50);
  assert.equal(unknown.ok, false);
  assert.equal(unknown.error.code, 'bad-request');
  const badArgs = await c.call('groups.regroup', { folder: '/x', granularity: 5 });
  assert.equal(badArgs.error.code, 'bad-request');
  const notOpen = await c.call('edits.undo', { folder: '/never/opened' });
  assert.equal(notOpen.error.code, 'bad-request');
  assert.match(notOpen.error.message, /not open/);
  const failing = await c.call('folders.open', { folder: '/definitely/not/here' });
  assert.deepEqual(failing.error.code, 'failed');
});

test('opening a folder over the socket streams progress and groups; media is served only from allowed roots', async (t) => {
  const { folder, dataDir } = smallFolder();
  const outside = path.join(path.dirname(folder), 'secret.txt');
  fs.writeFileSync(outside, 'secret');
  fs.symlinkSync(outside, path.join(folder, 'link-out.jpg'));
  const { host } = await withHost(t, dataDir);
  const c = await Client.connect(host.port);
  t.after(() => c.close());

  const open = await c.call('folders.open', { folder });
  assert.equal(open.ok, true, JSON.stringify(open));
  const jobId: string = open.result.jobId;
  const groups = (await c.waitFor((e) => e.type === 'groups' && e.jobId === jobId)) as Extract<LikenessEvent, { type: 'groups' }>;
  const end = await c.waitFor((e) => (e.type === 'done' || e.type === 'error') && e.jobId === jobId);
  assert.equal(end.type, 'done', JSON.stringify(end));
  assert.ok(c.events.some((e) => e.type === 'progress' && e.jobId === jobId && e.job === 'open'));
  const view: GroupsView = groups.view;
  assert.ok(view.groups.length >= 2);

  const photo = view.groups[0].photos[0];
  const thumb = await get(host.port, photo.thumb);
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers['content-type'], 'image/jpeg');
  assert.deepEqual([...thumb.body.subarray(0, 2)], [0xff, 0xd8], 'JPEG bytes');
  const full = await get(host.port, photo.full);
  assert.equal(full.status, 200);
  assert.deepEqual(full.body, fs.readFileSync(path.join(view.folder, photo.path)));
  assert.match(String(full.headers['content-security-policy']), /sandbox/);

  const key = photo.full.split('/')[3];
  for (const bad of [
    `/media/full/${key}/../secret.txt`,
    `/media/full/${key}/..%2Fsecret.txt`,
    `/media/full/${key}/..%5Csecret.txt`,
    `/media/full/${key}/%2e%2e/secret.txt`,
    `/media/full/${key}/link-out.jpg`,
    `/media/thumb/../library.sqlite`,
    `/media/full/${key}/${encodeURIComponent(outside)}`,
  ]) {
    const r = await get(host.port, bad);
    assert.equal(r.status, 403, bad);
    assert.ok(!r.body.toString().includes('secret') || r.body.toString().trim() === 'forbidden', bad);
  }

  const regroup = await c.call('groups.regroup', { folder: view.folder, granularity: 0.9 });
  assert.equal(regroup.ok, true);
  assert.equal(regroup.result.granularity, 0.9);
});

test('the host entry prints exactly one line with its port and serves on it', async (t) => {
  const compiled = __filename.endsWith('.js');
  const entry = compiled ? [path.join(ROOT, 'dist', 'electron', 'host', 'main.js')] : ['--import', 'tsx', path.join(ROOT, 'electron', 'host', 'main.ts')];
  const child = spawn(process.execPath, [...entry, '--port', '0', '--data-dir', path.join(tempDir(), 'data'), '--models-dir', SHARED_MODELS], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGTERM'));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}`)));
  });
  const m = /^Likeness web host on http:\/\/127\.0\.0\.1:(\d+)\n$/.exec(line);
  assert.ok(m, JSON.stringify(line));
  const c = await Client.connect(Number(m[1]));
  const settings = await c.call('settings.get', {});
  assert.equal(settings.ok, true);
  assert.equal(settings.result.modelId, 'mobilenetv2-int8');
  c.close();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
});
