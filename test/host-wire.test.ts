// The web host's wire format: what a client may send and how refusals look (ids kept so the caller can match).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseClientMessage } from '../electron/host/wire';

test('a well-formed call is parsed and its arguments validated', () => {
  const m = parseClientMessage(JSON.stringify({ id: 7, call: 'groups.regroup', args: { folder: '/p', granularity: 0.25 } }));
  assert.deepEqual(m, { ok: true, id: 7, name: 'groups.regroup', args: { folder: '/p', granularity: 0.25 } });
});

test('malformed messages are refused as bad requests, with the id when there is one', () => {
  const cases: Array<[string, number | null, RegExp]> = [
    ['not json', null, /not JSON/],
    [JSON.stringify([1, 2]), null, /id/],
    [JSON.stringify({ call: 'app.info', args: {} }), null, /id/],
    [JSON.stringify({ id: -1, call: 'app.info', args: {} }), null, /id/],
    [JSON.stringify({ id: 1.5, call: 'app.info', args: {} }), null, /id/],
    [JSON.stringify({ id: 3, args: {} }), 3, /call/],
    [JSON.stringify({ id: 4, call: 'fs.readFile', args: { path: '/etc/passwd' } }), 4, /unknown call/],
    [JSON.stringify({ id: 5, call: '__proto__', args: {} }), 5, /unknown call/],
    [JSON.stringify({ id: 6, call: 'groups.regroup', args: { folder: '/p', granularity: 'big' } }), 6, /granularity/],
    [JSON.stringify({ id: 8, call: 'folders.open', args: { folder: 'a\u0000b' } }), 8, /NUL/],
    [JSON.stringify({ id: 9, call: 'edits.apply', args: { folder: '/p', edit: { kind: 'rm-rf' } } }), 9, /edit/],
  ];
  for (const [text, id, why] of cases) {
    const m = parseClientMessage(text);
    assert.equal(m.ok, false, text);
    if (m.ok) continue;
    assert.equal(m.reply.id, id, text);
    assert.equal(m.reply.ok, false);
    if (!m.reply.ok) {
      assert.equal(m.reply.error.code, 'bad-request');
      assert.match(m.reply.error.message, why, text);
    }
  }
});
