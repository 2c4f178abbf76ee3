// The JS JPEG header reader must say exactly what libvips says of every JPEG in the shared data (size, channels,
// depth, orientation, upright size, ICC profile present), or say nothing (null) so that libvips is asked instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { readJpegHeader } from '../electron/engine/decode/jpeg-header';
import { jpegMetadata } from '../electron/engine/decode/jpeg-metadata';
import { DATASETS } from './helpers';

function jpegsUnder(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) jpegsUnder(p, out);
    else if (e.isFile()) {
      const fd = fs.openSync(p, 'r');
      const head = Buffer.alloc(3);
      fs.readSync(fd, head, 0, 3, 0);
      fs.closeSync(fd);
      if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) out.push(p);
    }
  }
  return out;
}

test('the JS header reader agrees with libvips on every JPEG of the shared data sets', async () => {
  const files = ['messy', 'photos', 'ants-bees', 'imagenette-val-1k'].flatMap((d) => jpegsUnder(path.join(DATASETS, d)));
  assert.ok(files.length > 1000, `${files.length} JPEGs`);
  let answered = 0;
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    const h = readJpegHeader(bytes);
    let vips: Metadata;
    try {
      vips = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch {
      continue; // a file libvips cannot read at all: the decode reports it either way
    }
    if (!h) continue;
    answered++;
    const ours = jpegMetadata(h);
    const name = path.relative(DATASETS, file);
    assert.equal(ours.width, vips.width, `${name} width`);
    assert.equal(ours.height, vips.height, `${name} height`);
    assert.equal(ours.channels, vips.channels, `${name} channels`);
    assert.equal(ours.space, vips.space, `${name} space`);
    assert.equal(ours.depth, vips.depth, `${name} depth`);
    assert.equal(ours.orientation, vips.orientation ?? 1, `${name} orientation`);
    assert.deepEqual(ours.autoOrient, vips.autoOrient, `${name} upright size`);
    assert.equal(Boolean(ours.icc), Boolean(vips.icc), `${name} ICC profile`);
  }
  assert.ok(answered > 0.95 * files.length, `answered for ${answered} of ${files.length}`);
});

test('anything that is not a plain JPEG header gets no answer', () => {
  assert.equal(readJpegHeader(Buffer.from('not a jpeg')), null);
  assert.equal(readJpegHeader(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0, 2])), null, 'a scan before any frame header');
  assert.equal(readJpegHeader(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 0])), null, 'a segment longer than the file');
  // A frame header of 640×480, three components, after an EXIF block saying "rotate 90° clockwise" (6).
  const exif = Buffer.from([0x45, 0x78, 0x69, 0x66, 0, 0, 0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, exif.length + 2]), exif]);
  const sof = Buffer.from([0xff, 0xc0, 0, 17, 8, 0x01, 0xe0, 0x02, 0x80, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  const h = readJpegHeader(Buffer.concat([Buffer.from([0xff, 0xd8]), app1, sof]));
  assert.deepEqual(h, { precision: 8, height: 480, width: 640, channels: 3, orientation: 6, icc: false });
  assert.deepEqual(jpegMetadata(h!).autoOrient, { width: 480, height: 640 });
});
