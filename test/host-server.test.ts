// The web host over real HTTP and a real WebSocket: nothing without this run's token (page, media, socket), the
// token traded for a cookie on the first load, the renderer page with its CSP, calls and replies by id, malformed
// messages refused, foreign origins refused, media served only from allowed roots (403 for .., encoded slashes and
// links out), and an open of a small real folder streaming progress and a groups event.
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
import { cookieName, newToken, TOKEN_ENV } from '../electron/host/auth';
import { ROOT, SHARED_MODELS, tempDir } from './helpers';
import { smallFolder } from './service-fixture';

const TOKEN = newToken();
/** What the page's requests carry once the first load has set the cookie. */
const authed = (port: number, token = TOKEN) => ({ cookie: `${cookieName(port)}=${token}` });

async function withHost(t: { after(fn: () => unknown): void }, dataDir: string): Promise<{ host: Host; rendererDir: string }> {
  const rendererDir = tempDir('likeness-renderer-');
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Likeness</title><script src="app.js"></script>');
  fs.writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)');
  const service = new LikenessService({ dataDir, modelsDir: SHARED_MODELS, transport: 'web', mediaUrl: (p) => `/media/${p}`, indexOptions: { allowDownload: false, provider: 'cpu' } });
  const host = await startHost({ service, rendererDir, port: 0, token: TOKEN });
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

  /** Connects as the page does: from this host's origin, with the token's cookie (unless other headers are given). */
  static connect(port: number, origin: string | undefined = `http://127.0.0.1:${port}`, headers: Record<string, string> = authed(port)): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin, headers });
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
  const auth = authed(host.port);
  const page = await get(host.port, '/', auth);
  assert.equal(page.status, 200);
  assert.match(page.body.toString(), /<title>Likeness/);
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
  assert.equal((await get(host.port, '/app.js', auth)).status, 200);
  assert.equal((await get(host.port, '/../package.json', auth)).status, 403);
  assert.equal((await get(host.port, '/nope.js', auth)).status, 404);
  assert.equal((await get(host.port, '/', { ...auth, host: 'evil.example:80' })).status, 403, 'DNS rebinding');
});

test('without this run\'s token nothing is served: no page, no photo, no socket; the printed address logs the browser in', async (t) => {
  const { folder, dataDir } = smallFolder();
  const { host } = await withHost(t, dataDir);
  assert.equal(host.url, `http://127.0.0.1:${host.port}/?token=${TOKEN}`);

  // Open the folder as the person would, so that its photos are really there to be asked for.
  const owner = await Client.connect(host.port);
  t.after(() => owner.close());
  const open = await owner.call('folders.open', { folder });
  const groups = (await owner.waitFor((e) => e.type === 'groups' && e.jobId === open.result.jobId)) as Extract<LikenessEvent, { type: 'groups' }>;
  await owner.waitFor((e) => e.type === 'done' && e.jobId === open.result.jobId);
  const photo = groups.view.groups[0].photos[0];

  const wrong = newToken();
  for (const p of ['/', '/app.js', photo.thumb, photo.full]) {
    assert.equal((await get(host.port, p)).status, 401, `${p} without a token`);
    assert.equal((await get(host.port, p, authed(host.port, wrong))).status, 403, `${p} with a stale cookie`);
    assert.equal((await get(host.port, p, { authorization: `Bearer ${wrong}` })).status, 403, `${p} with a wrong bearer token`);
    assert.equal((await get(host.port, `${p}?token=${wrong}`)).status, 403, `${p} with a wrong token in the address`);
    assert.equal((await get(host.port, `${p}?token=${TOKEN.slice(0, -1)}`)).status, 403, `${p} with all but the token's last character`);
  }
  const refused = await get(host.port, photo.full);
  assert.ok(!refused.body.equals(fs.readFileSync(path.join(groups.view.folder, photo.path))), 'no photo bytes without the token');
  // The token is checked before the path is even looked at.
  assert.equal((await get(host.port, '/media/thumb/../library.sqlite')).status, 401);

  // Another local process, no browser, no Origin: refused without the token or with a wrong one.
  await assert.rejects(Client.connect(host.port, undefined, {}), /refused with 401/);
  await assert.rejects(Client.connect(host.port, undefined, authed(host.port, wrong)), /refused with 403/);
  await assert.rejects(Client.connect(host.port, undefined, { authorization: `Bearer ${wrong}` }), /refused with 403/);
  // A script that knows the token may connect without a browser.
  const script = await Client.connect(host.port, undefined, { authorization: `Bearer ${TOKEN}` });
  assert.equal((await script.call('app.info', {})).ok, true);
  script.close();

  // The printed address: the token becomes an HttpOnly, SameSite=Strict cookie and leaves the address bar.
  const first = await get(host.port, new URL(host.url).pathname + new URL(host.url).search);
  assert.equal(first.status, 303);
  assert.equal(first.headers.location, '/');
  const cookie = String(first.headers['set-cookie']);
  assert.match(cookie, new RegExp(`^${cookieName(host.port)}=${TOKEN};`));
  assert.match(cookie, /; HttpOnly/);
  assert.match(cookie, /; SameSite=Strict/);
  const cookieHeader = { cookie: cookie.split(';')[0] };
  assert.equal((await get(host.port, '/', cookieHeader)).status, 200, 'the app is served with the cookie');
  const full = await get(host.port, photo.full, cookieHeader);
  assert.equal(full.status, 200);
  assert.deepEqual(full.body, fs.readFileSync(path.join(groups.view.folder, photo.path)));
  const page = await Client.connect(host.port, host.origin, cookieHeader);
  assert.equal((await page.call('app.info', {})).ok, true);
  page.close();
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
  const auth = authed(host.port);
  const thumb = await get(host.port, photo.thumb, auth);
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers['content-type'], 'image/jpeg');
  assert.deepEqual([...thumb.body.subarray(0, 2)], [0xff, 0xd8], 'JPEG bytes');
  const full = await get(host.port, photo.full, auth);
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
    const r = await get(host.port, bad, auth);
    assert.equal(r.status, 403, bad);
    assert.ok(!r.body.toString().includes('secret') || r.body.toString().trim() === 'forbidden', bad);
  }

  const regroup = await c.call('groups.regroup', { folder: view.folder, granularity: 0.9 });
  assert.equal(regroup.ok, true);
  assert.equal(regroup.result.granularity, 0.9);
});

/** Starts the host entry (`npm run web` without the build) and resolves with its first stdout line, or its exit. */
function runEntry(t: { after(fn: () => unknown): void }, env: NodeJS.ProcessEnv): Promise<{ line: string; child: ReturnType<typeof spawn> } | { exitCode: number | null; stderr: string }> {
  const compiled = __filename.endsWith('.js');
  const entry = compiled ? [path.join(ROOT, 'dist', 'electron', 'host', 'main.js')] : ['--import', 'tsx', path.join(ROOT, 'electron', 'host', 'main.ts')];
  const child = spawn(process.execPath, [...entry, '--port', '0', '--data-dir', path.join(tempDir(), 'data'), '--models-dir', SHARED_MODELS], { stdio: ['ignore', 'pipe', 'pipe'], env });
  t.after(() => child.kill('SIGTERM'));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ line: out, child });
    });
    child.once('exit', (exitCode) => resolve({ exitCode, stderr }));
  });
}

async function stop(child: ReturnType<typeof spawn>): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

test('the host entry prints exactly one line, its address with a fresh token, and serves on it', async (t) => {
  const { [TOKEN_ENV]: _unset, ...env } = process.env;
  const tokens: string[] = [];
  for (let run = 0; run < 2; run++) {
    const started = await runEntry(t, env);
    assert.ok('line' in started, JSON.stringify(started));
    const m = /^Likeness web host on http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+)\n$/.exec(started.line);
    assert.ok(m, JSON.stringify(started.line));
    assert.ok(m[2].length >= 22, 'at least 128 bits of base64url');
    tokens.push(m[2]);
    const port = Number(m[1]);
    await assert.rejects(Client.connect(port, undefined, {}), /refused with 401/);
    const c = await Client.connect(port, undefined, authed(port, m[2]));
    const settings = await c.call('settings.get', {});
    assert.equal(settings.ok, true);
    assert.equal(settings.result.modelId, 'mobilenetv2-int8');
    c.close();
    await stop(started.child);
  }
  assert.notEqual(tokens[0], tokens[1], 'each run has its own token');
});

test('a script may choose the token through the environment; an empty or short one is refused, never "no token"', async (t) => {
  const chosen = 'script-chosen-token-0123456789';
  const started = await runEntry(t, { ...process.env, [TOKEN_ENV]: chosen });
  assert.ok('line' in started, JSON.stringify(started));
  assert.match(started.line, new RegExp(`/\\?token=${chosen}\\n$`));
  const port = Number(new URL(started.line.trim().split(' ').pop()!).port);
  await assert.rejects(Client.connect(port, undefined, authed(port, newToken())), /refused with 403/);
  const c = await Client.connect(port, undefined, { authorization: `Bearer ${chosen}` });
  assert.equal((await c.call('app.info', {})).ok, true);
  c.close();
  await stop(started.child);

  for (const bad of ['', 'short']) {
    const refused = await runEntry(t, { ...process.env, [TOKEN_ENV]: bad });
    assert.ok('exitCode' in refused, `${JSON.stringify(bad)} must not start a host`);
    assert.equal(refused.exitCode, 1);
    assert.match(refused.stderr, new RegExp(`${TOKEN_ENV} must be at least 22 characters`));
  }
});
