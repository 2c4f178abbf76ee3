import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedQueue } from '../electron/engine/pipeline/bounded-queue';
import { ProgressMeter } from '../electron/engine/pipeline/progress-meter';
import { ReadBuffers } from '../electron/engine/pipeline/read-buffers';
import { formatDuration, renderProgressLine } from '../electron/cli/progress-bar';

test('progress reports rate and time left from recent work', () => {
  const m = new ProgressMeter('index', 1000, 5000, 0);
  m.update(0, 0);
  const p = m.update(100, 2000)!;
  assert.equal(p.rate, 50);
  assert.equal(p.etaSeconds, 18);
  assert.equal(p.total, 1000);
  const done = m.update(1000, 20000)!;
  assert.equal(done.etaSeconds, 0);
});

test('progress updates are throttled but the last one always gets through', () => {
  const m = new ProgressMeter('index', 10, 5000, 100);
  assert.ok(m.update(1, 0));
  assert.equal(m.update(2, 50), null);
  assert.ok(m.update(3, 150));
  assert.ok(m.update(10, 160), 'completion is never swallowed');
});

test('the queue holds producers back when full and hands out batches in order', async () => {
  const q = new BoundedQueue<number>(4);
  let pushed = 0;
  const producer = (async () => {
    for (let i = 0; i < 10; i++) {
      await q.push(i);
      pushed++;
      assert.ok(q.size <= 4, 'never more than capacity in memory');
    }
    q.close();
  })();
  await new Promise((r) => setImmediate(r));
  assert.equal(pushed, 4, 'producer waits on a full queue');
  const got: number[] = [];
  for (;;) {
    const batch = await q.take(3);
    if (batch.length === 0) break;
    got.push(...batch);
  }
  await producer;
  assert.deepEqual(got, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('the terminal line shows stage, count, rate and time left', () => {
  const line = renderProgressLine({ stage: 'index', done: 50, total: 200, rate: 25, etaSeconds: 6 }, 100);
  assert.match(line, /^Indexing \[#+-+\]  25%  50\/200  25\/s  6s left$/);
  assert.ok(renderProgressLine({ stage: 'index', done: 50, total: 200, rate: 25, etaSeconds: 6 }, 30).length <= 29);
  assert.match(renderProgressLine({ stage: 'scan', done: 1234, total: null, rate: 0, etaSeconds: null }, 80), /^Scanning  1234$/);
  assert.match(renderProgressLine({ stage: 'download', done: 3_000_000, total: 138_000_000, rate: 1_500_000, etaSeconds: 90 }, 120), /3\.0 MB\/138 MB  1\.5 MB\/s  1m30s left/);
  // Count, rate and time left are never cut while the terminal can hold them: the bar narrows, then goes.
  const late = { stage: 'index' as const, done: 112, total: 200, rate: 51, etaSeconds: 2 };
  for (let columns = 38; columns <= 140; columns++) {
    const at = renderProgressLine(late, columns);
    assert.ok(at.length <= columns - 1, `${columns} columns: ${at}`);
    assert.match(at, /  56%  112\/200  51\/s  2s left$/, `${columns} columns: ${at}`);
  }
  assert.match(renderProgressLine(late, 80), /^Indexing \[[#-]{39}\]  56%  112\/200  51\/s  2s left$/, 'in 80 columns, a bar of 39 and the whole of the rest');
  // Narrower still, the label goes before the figures do; nothing is ever wider than the terminal allows.
  const download = { stage: 'download' as const, done: 3_000_000, total: 553_000_000, rate: 1_200_000, etaSeconds: 450 };
  assert.equal(renderProgressLine(download, 42), '  0%  3.0 MB/553 MB  1.2 MB/s  7m30s left');
  for (let columns = 0; columns <= 40; columns++) assert.ok(renderProgressLine(download, columns).length <= Math.max(0, columns - 1), `${columns} columns`);
  assert.equal(formatDuration(3725), '1h02m');
  assert.equal(formatDuration(65), '1m05s');
});

test('read buffers: each file gets exactly its size, memory handed back is reused, a huge scan is not kept', () => {
  const buffers = new ReadBuffers(2, 8 * 1024 * 1024);
  const a = buffers.take(1_500_000);
  assert.equal(a.length, 1_500_000);
  a[0] = 7;
  buffers.give(a);
  const b = buffers.take(1_200_000);
  assert.equal(b.length, 1_200_000);
  assert.equal(b.buffer, a.buffer, 'the same memory, for a file that fits it');
  const c = buffers.take(1_000_000);
  assert.notEqual(c.buffer, b.buffer, 'memory in use is never handed out twice');
  buffers.give(b);
  buffers.give(c);
  const huge = buffers.take(20_000_000);
  buffers.give(huge);
  assert.ok(buffers.held < 8 * 1024 * 1024, `a 20 MB buffer is not kept (${buffers.held} bytes held)`);
  const big = buffers.take(3_000_000);
  buffers.give(big);
  assert.equal(buffers.held, 2 * 1024 * 1024 + 3 * 1024 * 1024, 'two kept at most, the larger ones');
});
