// The web host's HTTP + WebSocket server: serves the built renderer, photos and thumbnails under /media/ through
// the media resolver (403 outside the allowed roots), and the contract over one WebSocket at /ws (wire.ts).
// Bound to 127.0.0.1 only; requests whose Host (and WebSocket Origin) is not this server are refused, so a web
// page elsewhere cannot reach the engine through the browser (cross-site WebSocket, DNS rebinding).
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { LikenessService } from '../engine/service';
import { mediaContentType, resolveStatic, toCallFailure } from '../engine/service';
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
}

export interface Host {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHost(opts: HostOptions): Promise<Host> {
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();
  let port = 0;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];

  server.on('request', (req, res) => {
    handleHttp(req, res, opts, allowedHosts(), port).catch(() => {
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

  return {
    url: `http://127.0.0.1:${port}`,
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

async function handleHttp(req: http.IncomingMessage, res: http.ServerResponse, opts: HostOptions, hosts: string[], port: number): Promise<void> {
  if (!hosts.includes(req.headers.host ?? '')) return plain(res, 403, 'forbidden host');
  if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'method not allowed');
  // The raw path, still percent-encoded: the resolver must see %2F and .. as sent, not as a URL parser fixes them.
  const rawPath = (req.url ?? '/').split('?')[0].split('#')[0];
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

function plain(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
  res.end(`${text}\n`);
}
