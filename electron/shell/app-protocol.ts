// The likeness: scheme, decided without Electron (pure apart from the file checks of the media resolver):
//   likeness://app/<file>       the built renderer (index.html, its bundle), from the renderer folder only
//   likeness://media/<media>    thumbnails and photos through the media resolver (403 outside allowed roots)
// main.ts turns the answer into a Response; tests call it with URLs and check the status.
import * as path from 'node:path';
import { mediaContentType, resolveStatic, type MediaRoots } from '../engine/service';

export type ProtocolAnswer = { status: 200; file: string; headers: Record<string, string> } | { status: 403 | 404 | 415; reason: string };

/** The app page's Content-Security-Policy: our scheme only; no inline script, no remote anything. */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // Styles React sets from script go through the CSSOM, which CSP does not count as inline.
  "style-src 'self'",
  "img-src 'self' likeness: data: blob:",
  "font-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface ProtocolDeps {
  media: MediaRoots;
  rendererDir: string;
}

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** The host and the still-encoded path of a likeness: URL, or null for anything else. */
export function splitAppUrl(url: string): { host: string; rawPath: string } | null {
  const m = /^likeness:\/\/([a-z]+)\/([^?#]*)/.exec(url);
  return m ? { host: m[1], rawPath: m[2] } : null;
}

export async function answerAppRequest(url: string, deps: ProtocolDeps): Promise<ProtocolAnswer> {
  const parts = splitAppUrl(url);
  if (!parts) return { status: 403, reason: 'not a likeness URL' };
  if (parts.host === 'media') {
    const r = await deps.media.resolve(parts.rawPath);
    if (!r.ok) return { status: r.status, reason: r.reason };
    // Bytes from the user's folder are never a page: no script, no sniffing into HTML.
    return { status: 200, file: r.file, headers: { 'content-type': mediaContentType(r.file), 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; sandbox" } };
  }
  if (parts.host === 'app') {
    const r = await resolveStatic(parts.rawPath === '' ? 'index.html' : parts.rawPath, deps.rendererDir);
    if (!r.ok) return { status: r.status, reason: r.reason };
    const type = STATIC_TYPES[path.extname(r.file).toLowerCase()] ?? 'application/octet-stream';
    return { status: 200, file: r.file, headers: { 'content-type': type, 'content-security-policy': APP_CSP, 'x-content-type-options': 'nosniff' } };
  }
  return { status: 403, reason: `unknown host ${parts.host}` };
}
