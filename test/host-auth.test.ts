// The web host's token rules without a server: tokens are random and long enough, a chosen one is checked and never
// means "off", the token an explicit address gives wins over a stale cookie, and only the exact token passes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cookieName, credentialOf, judge, MIN_TOKEN_LENGTH, newToken, TOKEN_ENV, tokenCookie, tokenFromEnv, tokenMatches } from '../electron/host/auth';

test('a fresh token carries at least 128 random bits and differs every time', () => {
  const tokens = new Set(Array.from({ length: 50 }, () => newToken()));
  assert.equal(tokens.size, 50);
  for (const t of tokens) {
    assert.match(t, /^[A-Za-z0-9_-]+$/, 'URL- and cookie-safe');
    assert.ok(Buffer.from(t, 'base64url').length >= 16);
  }
});

test('a token chosen through the environment is used as it is; empty, short or unsafe ones stop the host', () => {
  assert.equal(tokenFromEnv({ [TOKEN_ENV]: 'a-token-of-my-own_0123456789' }), 'a-token-of-my-own_0123456789');
  assert.ok(tokenFromEnv({}).length >= MIN_TOKEN_LENGTH, 'unset: a random one');
  assert.throws(() => tokenFromEnv({ [TOKEN_ENV]: '' }), /at least 22 characters/);
  assert.throws(() => tokenFromEnv({ [TOKEN_ENV]: 'x'.repeat(MIN_TOKEN_LENGTH - 1) }), /at least 22 characters/);
  assert.throws(() => tokenFromEnv({ [TOKEN_ENV]: 'has spaces and; semicolons here' }), /only letters, digits/);
});

test('only the exact token matches', () => {
  const token = newToken();
  assert.equal(tokenMatches(token, token), true);
  assert.equal(tokenMatches(token.slice(0, -1), token), false);
  assert.equal(tokenMatches(`${token}x`, token), false);
  assert.equal(tokenMatches('', token), false);
  assert.equal(tokenMatches(token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase(), token), false);
});

test('the address\'s token comes before a bearer header and the cookie; none at all is 401, a wrong one 403', () => {
  const token = newToken();
  const stale = newToken();
  const cookie = `theme=dark; ${cookieName(5178)}=${stale}; other=1`;
  assert.deepEqual(credentialOf({ cookie }, `token=${token}`, 5178), { token, source: 'query' });
  assert.deepEqual(credentialOf({ cookie, authorization: `Bearer ${token}` }, '', 5178), { token, source: 'bearer' });
  assert.deepEqual(credentialOf({ cookie }, '', 5178), { token: stale, source: 'cookie' });
  assert.deepEqual(credentialOf({ cookie }, '', 5179), { token: null, source: null }, "another port's cookie is not this host's");

  assert.deepEqual(judge(credentialOf({ cookie }, `token=${token}`, 5178), token), { ok: true, source: 'query' }, 'a new address overrides a stale cookie');
  const status = (v: ReturnType<typeof judge>) => (v.ok ? 200 : v.status);
  assert.equal(status(judge(credentialOf({ cookie }, '', 5178), token)), 403, 'a stale cookie alone');
  assert.equal(status(judge(credentialOf({ cookie: `${cookieName(5178)}=${token}` }, '', 5178), token)), 200);
  assert.equal(status(judge(credentialOf({}, '', 5178), token)), 401);
  assert.equal(status(judge(credentialOf({ authorization: 'Basic abc' }, '', 5178), token)), 401, 'not a bearer token');
});

test('the cookie is HttpOnly, SameSite=Strict and named for its port', () => {
  const c = tokenCookie(5178, 'abc');
  assert.equal(c.split(';')[0], 'likeness-token-5178=abc');
  assert.match(c, /; HttpOnly/);
  assert.match(c, /; SameSite=Strict/);
  assert.match(c, /; Path=\//);
});
