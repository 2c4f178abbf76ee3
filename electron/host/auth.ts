// The web host's per-run secret (pure, no I/O but the random bytes). Anyone on the machine can reach 127.0.0.1, and
// a WebSocket client outside a browser sends no Origin at all, so the Host and Origin checks alone let any local
// process (another user's, too) open folders and move files. Every request must therefore prove it knows a token
// that only the person who started the host has seen, as Jupyter does: it is printed in the URL
// (`http://127.0.0.1:PORT/?token=…`), and the first page load trades it for an HttpOnly, SameSite=Strict cookie, so
// the page's own requests (bundle, thumbnails, socket) carry it without script ever reading it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The environment variable through which a script may choose the token. */
export const TOKEN_ENV = 'LIKENESS_WEB_TOKEN';
/** 32 bytes: 256 random bits, well above the 128 a guess would have to beat. */
const TOKEN_BYTES = 32;
/** A chosen token must be at least this long: 22 URL-safe characters carry 128 bits when random. */
export const MIN_TOKEN_LENGTH = 22;
const TOKEN_CHARS = /^[A-Za-z0-9._~-]+$/;

export class TokenError extends Error {}

/** A fresh random token, URL-safe (base64url). */
export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * The token of this run: the environment's when set, else a fresh one. A set but unusable value is an error, never
 * a reason to run without authentication: an empty variable must not quietly open the host to everyone.
 */
export function tokenFromEnv(env: NodeJS.ProcessEnv): string {
  const chosen = env[TOKEN_ENV];
  if (chosen === undefined) return newToken();
  if (chosen.length < MIN_TOKEN_LENGTH) throw new TokenError(`${TOKEN_ENV} must be at least ${MIN_TOKEN_LENGTH} characters (it is ${chosen.length}); unset it to get a random token`);
  if (!TOKEN_CHARS.test(chosen)) throw new TokenError(`${TOKEN_ENV} may hold only letters, digits and - . _ ~ (it goes into a URL and a cookie)`);
  return chosen;
}

/**
 * Whether `given` is the token, in time that does not depend on where they differ or on their lengths: both are
 * hashed first, so timingSafeEqual compares two equal-length digests.
 */
export function tokenMatches(given: string, token: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/**
 * The cookie's name carries the port: cookies are shared by every port of a host, and two hosts running at once
 * (a person's and a test's) must not overwrite each other's.
 */
export function cookieName(port: number): string {
  return `likeness-token-${port}`;
}

/** The Set-Cookie value that keeps the token for this host's pages: unreadable from script, never sent cross-site. */
export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

export interface Credential {
  /** The token the request presents, or null when it presents none. */
  token: string | null;
  /** Where it came from: a first page load brings it in the query, the page's own requests in the cookie. */
  source: 'query' | 'bearer' | 'cookie' | null;
}

/**
 * The token a request presents. The address's `?token=` comes first, then `Authorization: Bearer`, then the cookie:
 * a token given explicitly is the one meant, so a stale cookie from an earlier run on the same port does not stand
 * in the way of the new address.
 */
export function credentialOf(headers: { cookie?: string; authorization?: string }, query: string, port: number): Credential {
  const fromQuery = new URLSearchParams(query).get('token');
  if (fromQuery !== null) return { token: fromQuery, source: 'query' };
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (bearer) return { token: bearer[1], source: 'bearer' };
  const name = cookieName(port);
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return { token: part.slice(eq + 1).trim(), source: 'cookie' };
  }
  return { token: null, source: null };
}

export type Verdict = { ok: true; source: 'query' | 'bearer' | 'cookie' } | { ok: false; status: 401 | 403; message: string };

/** 401 when the request presents no token, 403 when it presents a wrong one (a stale cookie from an earlier run, say). */
export function judge(cred: Credential, token: string): Verdict {
  if (cred.token === null || cred.source === null) return { ok: false, status: 401, message: 'this Likeness host needs its token: open the address it printed when it started (…/?token=…)' };
  if (!tokenMatches(cred.token, token)) return { ok: false, status: 403, message: 'wrong token: this Likeness host was started with another one; open the address it printed when it started' };
  return { ok: true, source: cred.source };
}
