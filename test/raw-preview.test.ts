// Camera RAW embedded previews (electron/engine/decode/raw): the largest JPEG preview is found byte for byte with
// the RAW's orientation, lossless sensor data is never taken for one, and a truncated or hostile file ends in a
// RawPreviewError, never another exception or a hang.
//
// Real RAW samples are too large to ship and none are available offline, so every file here is built at test time
// (raw-containers.ts) with the layout that make's cameras write, as exiftool's modules describe it: DNG (DNG.pm,
// Exif.pm), CR2 (Canon.pm, CanonRaw.pm), CR3 (Canon.pm, QuickTime.pm, QuickTimeStream.pl), NEF and NRW (Nikon.pm,
// MakerNotes.pm), ARW (Sony.pm), RAF (FujiFilm.pm), ORF in its current and early maker-note forms (Olympus.pm,
// MakerNotes.pm), RW2 (PanasonicRaw.pm), PEF (Pentax.pm, MakerNotes.pm), SRW (Samsung.pm). exiftool, the reference
// reader, then reads every built file and must find the same previews and orientation: that check needs exiftool
// on PATH (Debian's libimage-exiftool-perl, listed in .ci/apt-packages) and fails when it is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { findRawPreview, isCameraRaw, listRawPreviews, RawPreviewError, type RawPreview } from '../electron/engine/decode/raw/raw-preview';
import { prng, tempDir } from './helpers';
import {
  buildAll,
  buildArw,
  buildCr2,
  buildCr3,
  buildDng,
  buildNef,
  buildOrf,
  buildOrfLegacy,
  buildPef,
  buildRaf,
  buildRw2,
  buildSrw,
  makeJpegs,
  plainTiffFromCamera,
  type BuiltRaw,
  type Jpegs,
} from './raw-containers';

const ready: Promise<{ j: Jpegs; all: BuiltRaw[] }> = makeJpegs().then((j) => ({ j, all: buildAll(j) }));

function label(b: BuiltRaw): string {
  return `${b.container} (${b.le ? 'little' : 'big'}-endian)`;
}

/** What findRawPreview says: a preview, or a RawPreviewError's reason. Any other exception fails the test. */
function outcome(bytes: Buffer): { preview: RawPreview } | { reason: string } {
  try {
    return { preview: findRawPreview(bytes) };
  } catch (err) {
    if (err instanceof RawPreviewError) return { reason: err.reason };
    throw err;
  }
}

type Outcome = { preview: RawPreview } | { reason: string };

/**
 * findRawPreview's outcome for each input, computed in a worker thread. A reader caught in an endless loop would
 * freeze the test's own thread, test timeouts included, so the worker is stopped after `ms` and the test fails
 * instead of hanging CI; an exception other than RawPreviewError fails it too.
 */
async function outcomesWithin(inputs: Buffer[], ms: number): Promise<Outcome[]> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { findRawPreview, RawPreviewError } = require(workerData.module);
    parentPort.postMessage(workerData.inputs.map((u8) => {
      const bytes = Buffer.from(u8.buffer, u8.byteOffset, u8.length);
      try {
        const p = findRawPreview(bytes);
        return { at: p.jpeg.byteOffset - bytes.byteOffset, length: p.jpeg.length, width: p.width, height: p.height, orientation: p.orientation, container: p.container };
      } catch (err) {
        return err instanceof RawPreviewError ? { reason: err.reason } : { crash: String((err && err.stack) || err) };
      }
    }));`;
  const module = path.join(__dirname, '..', 'electron', 'engine', 'decode', 'raw', 'raw-preview.js');
  const worker = new Worker(code, { eval: true, workerData: { module, inputs } });
  type Raw = { at: number; length: number; width: number; height: number; orientation: number; container: string } | { reason: string } | { crash: string };
  let timer: NodeJS.Timeout | undefined;
  try {
    const raw = await new Promise<Raw[]>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms for ${inputs.length} inputs: a reader loops`)), ms);
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    return raw.map((r, i) => {
      if ('crash' in r) assert.fail(`input ${i} threw something other than a RawPreviewError: ${r.crash}`);
      if ('reason' in r) return r;
      const { at, length, ...rest } = r;
      return { preview: { jpeg: inputs[i].subarray(at, at + length), ...rest } };
    });
  } finally {
    clearTimeout(timer);
    await worker.terminate();
  }
}

/** A returned preview must be a whole JPEG inside the input, with a sane size and orientation. */
function assertSane(p: RawPreview, input: Buffer, what: string): void {
  assert.equal(p.jpeg.buffer, input.buffer, `${what}: a subarray of the input`);
  assert.ok(p.jpeg.byteOffset >= input.byteOffset && p.jpeg.byteOffset + p.jpeg.length <= input.byteOffset + input.length, `${what}: within the input`);
  assert.ok(p.jpeg[0] === 0xff && p.jpeg[1] === 0xd8, `${what}: starts with FF D8`);
  assert.ok(p.width > 0 && p.height > 0, `${what}: size`);
  assert.ok(Number.isInteger(p.orientation) && p.orientation >= 1 && p.orientation <= 8, `${what}: orientation ${p.orientation}`);
}

function u16(b: BuiltRaw, bytes: Buffer, at: number): number {
  return b.le ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at);
}

function u32(b: BuiltRaw, bytes: Buffer, at: number): number {
  return b.le ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
}

function set32(b: BuiltRaw, bytes: Buffer, at: number, v: number): void {
  if (b.le) bytes.writeUInt32LE(v >>> 0, at);
  else bytes.writeUInt32BE(v >>> 0, at);
}

/** Rewrites the inline 32-bit (LONG) or 16-bit (SHORT) value of every directory entry `change` returns a value for. */
function patchEntries(b: BuiltRaw, bytes: Buffer, change: (tag: number, value: number) => number | undefined): void {
  for (const at of b.entries) {
    const tag = u16(b, bytes, at);
    const type = u16(b, bytes, at + 2);
    if (u32(b, bytes, at + 4) !== 1 || (type !== 3 && type !== 4)) continue;
    const value = type === 3 ? u16(b, bytes, at + 8) : u32(b, bytes, at + 8);
    const next = change(tag, value);
    if (next === undefined) continue;
    if (type === 4) set32(b, bytes, at + 8, next);
    else if (b.le) bytes.writeUInt16LE(next, at + 8);
    else bytes.writeUInt16BE(next, at + 8);
  }
}

test('the largest preview of every format is found byte for byte, with the RAW orientation', async () => {
  const { all } = await ready;
  assert.deepEqual(new Set(all.map((b) => b.container)), new Set(['DNG', 'CR2', 'CR3', 'NEF', 'NRW', 'ARW', 'RAF', 'ORF', 'RW2', 'PEF', 'SRW']));
  for (const b of all) {
    const p = findRawPreview(b.bytes);
    assertSane(p, b.bytes, label(b));
    assert.ok(p.jpeg.equals(b.largest), `${label(b)}: the largest preview, byte for byte`);
    assert.deepEqual([p.width, p.height], [64, 48], `${label(b)}: size from the JPEG's own frame header`);
    assert.equal(p.orientation, b.orientation, `${label(b)}: orientation`);
    assert.equal(p.container, b.container);
  }
});

test('every preview a file holds is found: thumbnails, maker-note previews, CR3 boxes', async () => {
  const { all } = await ready;
  for (const b of all) {
    const { container, previews } = listRawPreviews(b.bytes);
    assert.equal(container, b.container);
    const found = previews.map((p) => p.jpeg.toString('base64'));
    assert.deepEqual(new Set(found), new Set(b.previews.map((p) => p.toString('base64'))), `${label(b)}: ${previews.map((p) => p.where).join(', ')}`);
    assert.equal(found.length, b.previews.length, `${label(b)}: each once`);
    const areas = previews.map((p) => p.width * p.height);
    assert.deepEqual(areas, [...areas].sort((x, y) => y - x), `${label(b)}: largest first`);
  }
});

test('orientation is read in both byte orders, for every value, and is 1 when nothing records one', async () => {
  const { j } = await ready;
  const builders = [buildCr2, buildDng, buildNef, buildArw, buildPef, buildSrw, buildOrf, buildOrfLegacy, buildRw2, buildCr3];
  const orders = new Set<boolean>();
  for (const build of builders) {
    for (let o = 1; o <= 8; o++) {
      const b = build(j, o);
      orders.add(b.le);
      assert.equal(findRawPreview(b.bytes).orientation, o, `${label(b)} orientation ${o}`);
    }
  }
  assert.deepEqual(orders, new Set([true, false]), 'both byte orders covered');

  // No Orientation tag in IFD0 (renamed to an unknown tag in place): the preview has no EXIF either, so 1.
  for (const b of [buildNef(j, 6), buildCr2(j, 6)]) {
    const bytes = Buffer.from(b.bytes);
    for (const at of b.entries) if (u16(b, bytes, at) === 0x0112) bytes[b.le ? at : at + 1] = 0x13;
    assert.equal(findRawPreview(bytes).orientation, 1, `${label(b)} without an orientation tag`);
  }
  // RAF records none itself: the embedded JPEG's EXIF orientation is the RAW's; without one, 1.
  assert.equal(findRawPreview(buildRaf(j).bytes).orientation, 6);
  const plain = Buffer.from(buildRaf(j).bytes);
  plain.writeUInt32BE(j.big.length, 88);
  j.big.copy(plain, 160);
  assert.equal(findRawPreview(plain.subarray(0, 160 + j.big.length)).orientation, 1);
});

test('lossless JPEG sensor data (SOF3) is never taken for a preview', async () => {
  const { j } = await ready;
  for (const b of [buildCr2(j), buildDng(j)]) {
    // The SOF3 strip declares 4000×3000: by area it would win if it counted.
    assert.ok(b.bytes.includes(j.lossless), `${label(b)} holds the lossless strip`);
    const { previews } = listRawPreviews(b.bytes);
    assert.ok(previews.every((p) => !p.jpeg.equals(j.lossless)), label(b));
    // With every preview's length set to 0 ("none here") only the lossless strip is left: no usable preview.
    const bytes = Buffer.from(b.bytes);
    const lengths = new Set([j.big.length, j.small.length]);
    patchEntries(b, bytes, (tag, v) => ((tag === 0x0117 || tag === 0x0202) && lengths.has(v) ? 0 : undefined));
    assert.deepEqual(outcome(bytes), { reason: `camera RAW (${b.container}) holds no usable JPEG preview` });
  }
});

test('a truncated file gives a RawPreviewError saying so, or a smaller preview that is whole', async () => {
  const { all } = await ready;
  const cases: { b: BuiltRaw; cut: number }[] = [];
  for (const b of all) {
    const cuts = new Set<number>();
    for (let i = 0; i < 64; i++) cuts.add(Math.floor((b.bytes.length * i) / 64));
    for (const p of b.previews) {
      const at = b.bytes.indexOf(p);
      for (const c of [at, at + 1, at + (p.length >> 1), at + p.length - 1]) cuts.add(c);
    }
    for (let c = 0; c < 40; c++) cuts.add(c);
    for (const cut of cuts) cases.push({ b, cut });
  }
  const inputs = cases.map(({ b, cut }) => b.bytes.subarray(0, cut));
  const results = await outcomesWithin(inputs, 5000);
  cases.forEach(({ b, cut }, k) => {
    const r = results[k];
    const what = `${label(b)} cut at ${cut} of ${b.bytes.length}`;
    if ('preview' in r) {
      assertSane(r.preview, inputs[k], what);
      assert.ok(b.previews.some((p) => p.equals(r.preview.jpeg)), `${what}: one of the previews, whole`);
      const largestEnd = b.bytes.indexOf(b.largest) + b.largest.length;
      assert.ok(cut >= largestEnd || !r.preview.jpeg.equals(b.largest), what);
    } else if (cut >= 16) {
      assert.match(r.reason, /^camera RAW (\(\S+\) )?is truncated$/, what);
    } else {
      assert.match(r.reason, /^(camera RAW (\(\S+\) )?is truncated|not a camera RAW file)$/, what);
    }
  });
});

test('zeroed preview offsets: the preview is reported corrupt, or one stored without an offset is used', async () => {
  const { all } = await ready;
  for (const b of all) {
    assert.ok(b.previewFields.length > 0, label(b));
    const bytes = Buffer.from(b.bytes);
    for (const f of b.previewFields) bytes.fill(0, f.at, f.at + f.size);
    const r = outcome(bytes);
    if (b.unpointed.length === 0) {
      assert.deepEqual(r, { reason: `camera RAW (${b.container}) preview is corrupt` }, label(b));
    } else {
      assert.ok('preview' in r && r.preview.jpeg.equals(b.unpointed[0]), `${label(b)}: the largest preview stored in a box`);
    }
  }
});

test('directory cycles neither hang nor hide a preview that is still reachable', async () => {
  const { all } = await ready;
  const tiffs = all.filter((x) => x.entries.length > 0);
  const inputs = tiffs.flatMap((b) => {
    // The last directory of IFD0's chain links back to IFD0: everything is still reachable once.
    const chained = Buffer.from(b.bytes);
    const ifd0 = u32(b, chained, 4);
    let at = ifd0;
    for (let n = 0; n < 10; n++) {
      const nextAt = at + 2 + 12 * u16(b, chained, at);
      const next = u32(b, chained, nextAt);
      if (next === 0) {
        set32(b, chained, nextAt, ifd0);
        break;
      }
      at = next;
    }
    // SubIFDs and the EXIF IFD pointing back at IFD0 as well; then every preview offset zeroed on top.
    const looped = Buffer.from(chained);
    patchEntries(b, looped, (tag) => (tag === 0x014a || tag === 0x8769 ? ifd0 : undefined));
    const bare = Buffer.from(looped);
    for (const f of b.previewFields) bare.fill(0, f.at, f.at + f.size);
    return [chained, looped, bare];
  });
  const results = await outcomesWithin(inputs, 5000);
  tiffs.forEach((b, i) => {
    const [r, l, none] = results.slice(3 * i, 3 * i + 3);
    assert.ok('preview' in r && r.preview.jpeg.equals(b.largest), `${label(b)} with a chain cycle`);
    if ('preview' in l) assertSane(l.preview, inputs[3 * i + 1], `${label(b)} with SubIFD and EXIF cycles`);
    assert.deepEqual(none, { reason: `camera RAW (${b.container}) preview is corrupt` }, `${label(b)} cycles, no offsets`);
  });
});

test('absurd counts and sizes are refused without reading or allocating by them', async () => {
  const { all, j } = await ready;
  // Each directory entry in turn claims 4 billion values.
  const cases = all.flatMap((b) => b.entries.map((at) => ({ b, at })));
  const inputs = cases.map(({ b, at }) => {
    const bytes = Buffer.from(b.bytes);
    set32(b, bytes, at + 4, 0xffffffff);
    return bytes;
  });
  // IFD0 claiming 65535 entries: it cannot be read, and nothing else is reachable.
  const tiffs = all.filter((b) => b.entries.length > 0);
  const headless = tiffs.map((b) => {
    const bytes = Buffer.from(b.bytes);
    const ifd0 = u32(b, bytes, 4);
    if (b.le) bytes.writeUInt16LE(0xffff, ifd0);
    else bytes.writeUInt16BE(0xffff, ifd0);
    return bytes;
  });
  // CR3: a box claiming 4 GB, and one claiming a 64-bit size of 2^60; RAF: a JPEG length of 4 GB.
  const cr3 = buildCr3(j).bytes;
  const moov = cr3.indexOf('moov') - 4;
  const huge = Buffer.from(cr3);
  huge.writeUInt32BE(0xfffffff0, moov);
  const wide = Buffer.from(cr3);
  wide.writeUInt32BE(1, moov);
  wide.writeUInt32BE(0x10000000, moov + 8);
  const raf = Buffer.from(buildRaf(j).bytes);
  raf.writeUInt32BE(0xffffffff, 88);

  const results = await outcomesWithin([...inputs, ...headless, huge, wide, raf], 5000);
  cases.forEach(({ b, at }, k) => {
    const r = results[k];
    if (!('preview' in r)) return;
    assertSane(r.preview, inputs[k], label(b));
    assert.ok(b.previews.some((p) => p.equals(r.preview.jpeg)), `${label(b)} entry at ${at}`);
  });
  tiffs.forEach((b, k) => {
    // CR2, ORF and RW2 mark themselves; the others are named from IFD0, which is now unreadable.
    const r = results[inputs.length + k];
    assert.ok('reason' in r && new RegExp(`^camera RAW (\\(${b.container}\\) )?is truncated$`).test(r.reason), `${label(b)}: ${JSON.stringify(r)}`);
  });
  assert.deepEqual(results.slice(inputs.length + tiffs.length), [
    { reason: 'camera RAW (CR3) is truncated' },
    { reason: 'camera RAW (CR3) is truncated' },
    { reason: 'camera RAW (RAF) is truncated' },
  ]);
});

test('random bytes and random damage end in a RawPreviewError or a whole preview', async () => {
  const { all } = await ready;
  const rnd = prng(20240501);
  const magics = ['II*\0', 'MM\0*', 'IIRO', 'MMOR', 'IIU\0', 'FUJIFILMCCD-RAW ', '\0\0\0\x18ftypcrx \0\0\0\x01crx isom', 'II*\0\x10\0\0\0CR\x02\0'];
  const noise: Buffer[] = [];
  for (let i = 0; i < 400; i++) {
    const bytes = Buffer.alloc(Math.floor(rnd() * 3000));
    for (let k = 0; k < bytes.length; k++) bytes[k] = Math.floor(rnd() * 256);
    if (i % 2) Buffer.from(magics[i % magics.length], 'latin1').copy(bytes);
    noise.push(bytes);
  }

  // Each built file with a few bytes overwritten, many times: anything goes except another exception or a hang.
  // Most bytes of a file are JPEG data, so damage is aimed at the structure too: directory entries, offsets,
  // and the first bytes (headers, CR3 boxes, RAF's header).
  const damaged: { b: BuiltRaw; bytes: Buffer }[] = [];
  for (const b of all) {
    const structure = [...b.entries.flatMap((at) => Array.from({ length: 12 }, (_, k) => at + k)), ...b.previewFields.map((f) => f.at)];
    for (let i = 0; i < 600; i++) {
      const bytes = Buffer.from(b.bytes);
      const n = 1 + Math.floor(rnd() * 6);
      for (let k = 0; k < n; k++) {
        const pick = rnd();
        const at =
          pick < 0.4 && structure.length > 0
            ? structure[Math.floor(rnd() * structure.length)]
            : pick < 0.7
              ? Math.floor(rnd() * Math.min(600, bytes.length))
              : Math.floor(rnd() * bytes.length);
        bytes[at] = rnd() < 0.3 ? 0xff : rnd() < 0.2 ? 0 : Math.floor(rnd() * 256);
      }
      damaged.push({ b, bytes });
    }
  }
  const results = await outcomesWithin([...noise, ...damaged.map((d) => d.bytes)], 8000);
  noise.forEach((_, i) => assert.ok('reason' in results[i], `random bytes ${i} gave a preview`));
  damaged.forEach(({ b, bytes }, i) => {
    const r = results[noise.length + i];
    if ('preview' in r) assertSane(r.preview, bytes, `${label(b)} damaged (${i})`);
  });
});

test('isCameraRaw names each container from its head and refuses plain TIFFs and JPEGs', async () => {
  const { all, j } = await ready;
  for (const b of all) {
    assert.equal(isCameraRaw(b.bytes.subarray(0, 4096)), b.container, label(b));
    assert.equal(isCameraRaw(b.bytes), b.container, `${label(b)}: looks at 4096 bytes at most`);
  }
  const tiff = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } }).tiff().toBuffer();
  const notRaw: [string, Buffer][] = [
    ['a TIFF', tiff],
    ['a JPEG', j.big],
    ['a TIFF from a Nikon camera (Make only)', plainTiffFromCamera('NIKON CORPORATION')],
    ['a big-endian TIFF from a Sony camera', plainTiffFromCamera('SONY', false)],
    ['a PNG', await sharp({ create: { width: 8, height: 8, channels: 3, background: 'red' } }).png().toBuffer()],
    ['nothing', Buffer.alloc(0)],
  ];
  for (const [what, bytes] of notRaw) {
    assert.equal(isCameraRaw(bytes), null, what);
    assert.deepEqual(outcome(bytes), { reason: 'not a camera RAW file' }, what);
  }
});

test('exiftool finds the same previews and orientation in every built file', { timeout: 8000 }, async () => {
  const { all } = await ready;
  const dir = tempDir('likeness-raw-');
  try {
    const files = all.map((b, i) => {
      const file = path.join(dir, `${i}-${b.container}.${b.ext}`);
      fs.writeFileSync(file, b.bytes);
      return file;
    });
    let out: string;
    try {
      // -ee: the CR3's full-size JPEG is a track sample, which exiftool reads only when asked for embedded data.
      const args = ['-j', '-b', '-a', '-G1', '-n', '-ee', '-PreviewImage', '-JpgFromRaw', '-ThumbnailImage', '-OtherImage', '-Orientation', '-FileType', '-Warning', '-Error', ...files];
      out = execFileSync('exiftool', args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        assert.fail('exiftool is not on PATH: install Debian\'s libimage-exiftool-perl (CI installs it from .ci/apt-packages)');
      }
      throw err;
    }
    const tags = JSON.parse(out) as Record<string, string | number>[];
    assert.equal(tags.length, all.length);
    all.forEach((b, i) => {
      const t = tags.find((x) => x.SourceFile === files[i]);
      assert.ok(t, files[i]);
      const what = `${label(b)} (${path.basename(files[i])})`;
      assert.equal(t['File:FileType'], b.container, `${what}: exiftool's file type`);
      assert.equal(t['ExifTool:Warning'] ?? t['ExifTool:Error'], undefined, `${what}: exiftool complains`);
      const images = Object.entries(t)
        .filter(([, v]) => typeof v === 'string' && v.startsWith('base64:'))
        .map(([k, v]) => [k, Buffer.from((v as string).slice(7), 'base64')] as const);
      const ours = listRawPreviews(b.bytes).previews;
      assert.deepEqual(
        new Set(images.map(([, v]) => v.toString('base64'))),
        new Set(ours.map((p) => p.jpeg.toString('base64'))),
        `${what}: exiftool found ${images.map(([k]) => k).join(', ')}; we found ${ours.map((p) => p.where).join(', ')}`,
      );
      assert.ok(images.some(([, v]) => v.equals(findRawPreview(b.bytes).jpeg)), `${what}: our choice is one exiftool extracts`);
      const orientations = Object.entries(t).filter(([k]) => k.endsWith(':Orientation')).map(([, v]) => v);
      assert.ok(orientations.length > 0, `${what}: exiftool reads an orientation`);
      for (const o of orientations) assert.equal(o, findRawPreview(b.bytes).orientation, `${what}: orientation`);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
