// Main's IPC guard and the main ↔ engine bridge, with fake events and in-memory ports (no Electron): calls from
// anything but our page in our window are refused, malformed arguments never reach the engine, desktop calls are
// answered by main, opened folders are observed, and engine replies and events travel by id.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ts from 'typescript';
import type { LikenessEvent } from '../electron/ipc/contract';
import { LikenessService } from '../electron/engine/service';
import { EngineClient, serveEngine, type FromEngine, type Port, type ToEngine } from '../electron/shell/engine-bridge';
import { APP_URL, CALL_CHANNEL, EVENT_CHANNEL, handleInvoke, MENU_CHANNEL, type GuardDeps, type SenderInfo } from '../electron/shell/ipc-guard';
import { ROOT, tempDir } from './helpers';

const WINDOW = 7;
const ev = (url: string, opts: { id?: number; iframe?: boolean; noFrame?: boolean } = {}): SenderInfo => ({
  sender: { id: opts.id ?? WINDOW },
  senderFrame: opts.noFrame ? null : { url, parent: opts.iframe ? {} : null },
});

function deps(over: Partial<GuardDeps> = {}) {
  const engineCalls: string[] = [];
  const observed: Array<[string, unknown]> = [];
  const d: GuardDeps = {
    windowIds: () => new Set([WINDOW]),
    local: () => undefined,
    engine: async (name) => {
      engineCalls.push(name);
      return { ok: true, result: name === 'folders.open' ? { jobId: 'j', folder: '/real/photos', recovered: [] } : 'fine' };
    },
    observe: (name, _a, result) => observed.push([name, result]),
    ...over,
  };
  return { d, engineCalls, observed };
}

test('a call from our page is validated and relayed; the reply comes back', async () => {
  const { d, engineCalls } = deps();
  const r = await handleInvoke(ev(APP_URL), { name: 'settings.get', args: {} }, d);
  assert.deepEqual(r, { ok: true, result: 'fine' });
  assert.deepEqual(engineCalls, ['settings.get']);
  const hash = await handleInvoke(ev(`${APP_URL}#/groups`), { name: 'app.info', args: {} }, d);
  assert.equal(hash.ok, true);
});

test('calls from another origin, an iframe, another window or a destroyed frame are refused before the engine', async () => {
  const { d, engineCalls } = deps();
  for (const sender of [
    ev('https://evil.example/'),
    ev('file:///etc/passwd'),
    ev('likeness://media/thumb/x'),
    ev('http://127.0.0.1:5178/'),
    ev('likeness://app.evil.example/index.html'),
    ev('likeness://apps/index.html'),
    ev('likeness://evil@app/index.html'),
    ev('likeness://app:8080/index.html'),
    ev('https://app/index.html'),
    ev('likeness-app://app/index.html'),
    ev('not a url'),
    ev(APP_URL, { iframe: true }),
    ev(APP_URL, { id: 99 }),
    ev(APP_URL, { noFrame: true }),
  ]) {
    const r = await handleInvoke(sender, { name: 'settings.get', args: {} }, d);
    assert.equal(r.ok, false, JSON.stringify(sender));
    assert.equal(!r.ok && r.error.code, 'bad-request');
  }
  assert.deepEqual(engineCalls, []);
});

test('malformed payloads and arguments never reach the engine', async () => {
  const { d, engineCalls } = deps();
  for (const payload of [null, 'settings.get', { name: 'nope', args: {} }, { name: 'folders.open', args: { folder: 3 } }, { name: 'groups.regroup', args: { folder: '/x', granularity: -1 } }, { name: 'edits.apply', args: { folder: '/x', edit: { kind: 'merge', groups: ['g-aa'] } } }]) {
    const r = await handleInvoke(ev(APP_URL), payload, d);
    assert.equal(!r.ok && r.error.code, 'bad-request', JSON.stringify(payload));
  }
  assert.deepEqual(engineCalls, []);
});

test('desktop calls are answered by main; an opened folder is observed; an engine failure is a failed reply', async () => {
  const { d, engineCalls, observed } = deps({
    local: (name) => (name === 'folders.choose' ? Promise.resolve({ ok: true, result: '/chosen' }) : undefined),
  });
  assert.deepEqual(await handleInvoke(ev(APP_URL), { name: 'folders.choose', args: {} }, d), { ok: true, result: '/chosen' });
  await handleInvoke(ev(APP_URL), { name: 'folders.open', args: { folder: '/photos' } }, d);
  assert.deepEqual(engineCalls, ['folders.open']);
  assert.deepEqual(observed.find(([n]) => n === 'folders.open'), ['folders.open', { jobId: 'j', folder: '/real/photos', recovered: [] }]);
  const broken = deps({ engine: () => Promise.reject(new Error('engine gone')) });
  assert.deepEqual(await handleInvoke(ev(APP_URL), { name: 'settings.get', args: {} }, broken.d), { ok: false, error: { message: 'engine gone', code: 'failed' } });
});

/** Two connected in-memory ports, delivering asynchronously like a real process boundary (and cloning). */
function portPair(): [Port<FromEngine, ToEngine>, Port<ToEngine, FromEngine>] {
  const a: Array<(m: FromEngine) => void> = [];
  const b: Array<(m: ToEngine) => void> = [];
  return [
    { postMessage: (m) => setImmediate(() => b.forEach((l) => l(structuredClone(m)))), onMessage: (l) => a.push(l) },
    { postMessage: (m) => setImmediate(() => a.forEach((l) => l(structuredClone(m)))), onMessage: (l) => b.push(l) },
  ];
}

test('the engine bridge carries calls to a real service and its events back', async (t) => {
  const [mainEnd, engineEnd] = portPair();
  const events: LikenessEvent[] = [];
  const client = new EngineClient(mainEnd, (e) => events.push(e));
  const service = new LikenessService({ dataDir: path.join(tempDir(), 'data'), transport: 'electron', mediaUrl: (p) => `likeness://media/${p}` });
  t.after(() => service.close());
  serveEngine(engineEnd, service);

  const [settings, info, bad] = await Promise.all([client.call('settings.get', {}), client.call('app.info', {}), client.call('groups.regroup', { folder: '/x', granularity: 9 })]);
  assert.equal(settings.ok && (settings.result as { modelId: string }).modelId, 'mobilenetv2-int8');
  assert.equal(info.ok && (info.result as { transport: string }).transport, 'electron');
  assert.equal(!bad.ok && bad.error.code, 'bad-request', 'the engine validates too');

  const open = await client.call('folders.open', { folder: '/no/such/folder' });
  assert.equal(!open.ok && open.error.code, 'failed');
  const dl = await client.call('models.download', { modelId: 'mobilenetv2-int8' });
  assert.ok(dl.ok);
  const jobId = (dl.result as { jobId: string }).jobId;
  // Cancel at once: no network needed, and the job's end still arrives as an event through the bridge.
  await client.call('jobs.cancel', { jobId });
  await new Promise<void>((resolve) => {
    const check = () => (events.some((e) => (e.type === 'error' || e.type === 'done') && e.jobId === jobId) ? resolve() : setImmediate(check));
    check();
  });
  const end = events.find((e) => (e.type === 'error' || e.type === 'done') && e.jobId === jobId);
  assert.equal(end?.type, 'error');
});

test('calls in flight fail (not hang) when the engine process dies', async () => {
  const [mainEnd] = portPair(); // nobody answers
  const client = new EngineClient(mainEnd, () => undefined);
  const pending = client.call('settings.get', {});
  assert.equal(client.inFlight, 1);
  client.failAll('the engine stopped');
  assert.deepEqual(await pending, { ok: false, error: { message: 'the engine stopped', code: 'failed' } });
});

test('the preload compiles to one script that requires nothing but electron (a sandboxed preload can require no file)', () => {
  // Sandboxed preloads get a require() limited to electron's renderer modules, events, timers and url: a relative
  // import (../ipc/contract) or a package (zod) would fail at runtime. Types are fine: they leave no require().
  const src = fs.readFileSync(path.join(ROOT, 'electron', 'shell', 'preload.ts'), 'utf8');
  const out = ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } }).outputText;
  const required = [...out.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
  assert.deepEqual(required, ['electron']);
  assert.doesNotMatch(out, /\bimport\s*\(/, 'no dynamic import');
  // Electron's sandboxed wrapper passes exports and module (lib/sandboxed_renderer/init.ts), so CommonJS output runs.
  assert.match(out, /contextBridge\.exposeInMainWorld\('likeness', api\)/);
});

test('the sandboxed preload uses the same channels as main and never exposes ipcRenderer', () => {
  const src = fs.readFileSync(path.join(ROOT, 'electron', 'shell', 'preload.ts'), 'utf8');
  for (const ch of [CALL_CHANNEL, EVENT_CHANNEL, MENU_CHANNEL]) assert.ok(src.includes(`'${ch}'`), ch);
  assert.match(src, /exposeInMainWorld\('likeness', api\)/);
  assert.doesNotMatch(src.replace(/^\s*\/\/.*$/gm, ''), /exposeInMainWorld\([^)]*ipcRenderer/);
  // Sandboxed preloads can require only 'electron': no relative imports at runtime.
  assert.doesNotMatch(src, /^import (?!type)[^;]*from '\.{1,2}\//m);
});
