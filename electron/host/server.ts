// The web host's HTTP + WebSocket server: serves the built renderer, photos and thumbnails under /media/ through
// the media resolver (403 outside the allowed roots), and the contract over one WebSocket at /ws (wire.ts).
// Bound to 127.0.0.1 only; requests whose Host (and WebSocket Origin) is not this server are refused, so a web
// page elsewhere cannot reach the engine through the browser (cross-site WebSocket, DNS rebinding). And every
// request must carry this run's token (auth.ts), checked before anything else is done for it: other processes
// and users of the machine reach 127.0.0.1 too.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LikenessService } from '../engine/service';
import { mediaContentType, resolveStatic, toCallFailure } from '../engine/service';
import { credentialOf, judge, tokenCookie, type Verdict } from './auth';
import type { EventMessage, ReplyMessage } from './wire';
import { parseClientMessage } from './wire';

export const MEDIA_PREFIX = '/media/';
export const WS_PATH = '/ws';
/** Edits name up to 200,000 photos by hash: ~14 MB of JSON at most. */
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

export interface HostOptions {
  service: LikenessService;
  /** The built renderer (index.html and its bundle). */
  rendererDir: string;
  port?: number;
  /** This run's secret (auth.ts): every request must present it. */
  token: string;
}

export interface Host {
  /** The address to open, token included: `http://127.0.0.1:PORT/?token=…`. */
  url: string;
  /** `http://127.0.0.1:PORT`, without the token. */
  origin: string;
  port: number;
  close(): Promise<void>;
}

export async function startHost(opts: HostOptions): Promise<Host> {
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const authorize = (req: http.IncomingMessage): Verdict => judge(credentialOf(req.headers, queryOf(req.url), port), opts.token);

  server.on('request', (req, res) => {
    handleHttp(req, res, opts, allowedHosts(), port, authorize).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const origin = req.headers.origin;
    const originOk = origin === undefined || allowedHosts().some((h) => origin === `http://${h}`);
    if (url.pathname !== WS_PATH || !allowedHosts().includes(req.headers.host ?? '') || !originOk) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    const auth = authorize(req);
    if (!auth.ok) {
      socket.end(`HTTP/1.1 ${auth.status} ${http.STATUS_CODES[auth.status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${auth.message}\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws);
      ws.on('close', () => clients.delete(ws));
      ws.on('error', () => clients.delete(ws));
      ws.on('message', (data, isBinary) => {
        if (isBinary) return send(ws, { id: null, ok: false, error: { message: 'messages are JSON text', code: 'bad-request' } });
        void answer(ws, data.toString());
      });
    });
  });

  const answer = async (ws: WebSocket, text: string) => {
    const msg = parseClientMessage(text);
    if (!msg.ok) return send(ws, msg.reply);
    let reply: ReplyMessage;
    try {
      reply = { id: msg.id, ok: true, result: await opts.service.call(msg.name, msg.args as never) };
    } catch (err) {
      reply = { id: msg.id, ok: false, error: toCallFailure(err) };
    }
    send(ws, reply);
  };

  const unsubscribe = opts.service.onEvent((event) => {
    const text = JSON.stringify({ event } satisfies EventMessage);
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${encodeURIComponent(opts.token)}`,
    origin,
    port,
    close: async () => {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(ws: WebSocket, msg: ReplyMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
}

async function handleHttp(req: http.IncomingMessage, res: http.ServerResponse, opts: HostOptions, hosts: string[], port: number, authorize: (req: http.IncomingMessage) => Verdict): Promise<void> {
  if (!hosts.includes(req.headers.host ?? '')) return plain(res, 403, 'forbidden host');
  const auth = authorize(req);
  if (!auth.ok) return plain(res, auth.status, auth.message);
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed');
  // The raw path, still percent-encoded: the resolver must see %2F and .. as sent, not as a URL parser fixes them.
  const rawPath = (req.url ?? '/').split('?')[0].split('#')[0];
  if ((rawPath === '/' || rawPath === '/index.html') && auth.source === 'query') {
    // The first load, from the printed address: keep the token in a cookie the page's requests carry, and leave
    // the address bar (and so history and bookmarks) without it.
    res.writeHead(303, { location: '/', 'set-cookie': tokenCookie(port, opts.token), 'cache-control': 'no-store' });
    return void res.end();
  }
  if (rawPath.startsWith(MEDIA_PREFIX)) {
    const r = await opts.service.media.resolve(rawPath.slice(MEDIA_PREFIX.length));
    if (!r.ok) return plain(res, r.status, r.status === 403 ? 'forbidden' : r.status === 415 ? 'this photo cannot be shown' : 'not found');
    return sendFile(req, res, r.file, {
      'content-type': mediaContentType(r.file),
      // Bytes from the user's folder are never a page: no script, no sniffing into HTML.
      'content-security-policy': "default-src 'none'; sandbox",
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, max-age=3600',
    });
  }
  return serveRenderer(req, res, opts.rendererDir, rawPath, port);
}

async function serveRenderer(req: http.IncomingMessage, res: http.ServerResponse, dir: string, rawPath: string, port: number): Promise<void> {
  const rel = rawPath === '/' ? 'index.html' : rawPath.slice(1);
  const r = await resolveStatic(rel, dir);
  if (!r.ok) {
    if (r.status === 404 && rel === 'index.html') return plain(res, 503, 'the renderer is not built: run the renderer build (npm run build) first');
    return plain(res, r.status, r.status === 403 ? 'forbidden' : 'not found');
  }
  return sendFile(req, res, r.file, {
    'content-type': STATIC_TYPES[path.extname(r.file).toLowerCase()] ?? 'application/octet-stream',
    'content-security-policy': rendererCsp(port),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-cache',
  });
}

/** The page's CSP: only this server's scripts, images and socket; no inline script, no framing, no plugins. */
export function rendererCsp(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Styles React sets from script go through the CSSOM, which CSP does not count as inline.
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

async function sendFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, headers: Record<string, string>): Promise<void> {
  const st = await fs.promises.stat(file);
  res.writeHead(200, { ...headers, 'content-length': String(st.size) });
  if (req.method === 'HEAD') return void res.end();
  await new Promise<void>((resolve) => {
    const stream = fs.createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
}

/** The query string of a request target, without the `?`. */
function queryOf(target: string | undefined): string {
  const q = (target ?? '').split('#')[0];
  const at = q.indexOf('?');
  return at < 0 ? '' : q.slice(at + 1);
}

function plain(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(`${text}\n`);
}
