// Decoding photos for indexing: every real photo decodes upright to the network's crop and a thumbnail, in
// 8-bit RGB whatever the source; damaged or hostile files are refused with a reason a person understands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import sharp, { type Color, type Metadata, type Sharp } from 'sharp';
import { decodePhoto, DecodeError, explainSharpError, type DecodedPhoto } from '../electron/engine/decode/decode';
import { getModel } from '../electron/engine/models/catalog';
import { cropToRgb } from '../electron/engine/decode/tensor';
import { endsEarly } from '../electron/engine/decode/truncation';
import type { PreprocessSpec } from '../electron/engine/types';
import { DATASETS, messyLabels } from './helpers';

const MESSY = path.join(DATASETS, 'messy');
const SPEC: PreprocessSpec = getModel('mobilenetv2-int8').preprocess;
const OPTS = { thumbSize: 256, maxPixels: 200_000_000 };
const CROP_BYTES = 224 * 224 * 3;

const messy = (rel: string) => fs.readFileSync(path.join(MESSY, rel));
/** decodePhoto, with the network's square materialized as 8-bit RGB (`rgb`) to compare pixels. */
const decode = async (bytes: Buffer, opts = OPTS, spec = SPEC) => {
  const p = await decodePhoto(bytes, spec, opts);
  return { ...p, rgb: cropToRgb(p.crop, spec.cropSize) };
};

/** The reason decodePhoto gives for `bytes`, or 'decoded'. */
async function outcome(bytes: Buffer, opts = OPTS): Promise<string> {
  try {
    await decode(bytes, opts);
    return 'decoded';
  } catch (err) {
    assert.ok(err instanceof DecodeError, `a DecodeError, not ${String(err)}`);
    return err.reason;
  }
}

async function thumbInfo(p: DecodedPhoto): Promise<Metadata> {
  return sharp(p.thumbnail).metadata();
}

/** Mean absolute difference of two equally long byte arrays. */
function meanDiff(a: Uint8Array, b: Uint8Array): number {
  assert.equal(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

function solid(width: number, height: number, background: Color, channels: 3 | 4 = 3): Sharp {
  return sharp({ create: { width, height, channels, background } });
}

test('every labelled photo of the messy folder decodes: upright size, crop, thumbnail', async () => {
  const photos = messyLabels().filter((l) => l.label && l.kind !== 'corrupt-truncated');
  assert.ok(photos.length > 130);
  for (const l of photos) {
    const bytes = messy(l.path);
    const p = await decode(bytes);
    const meta = await sharp(bytes).metadata();
    assert.deepEqual([p.width, p.height], [meta.autoOrient.width, meta.autoOrient.height], l.path);
    assert.equal(p.rgb.length, CROP_BYTES, l.path);
    const t = await thumbInfo(p);
    assert.equal(t.format, 'jpeg', l.path);
    assert.equal(t.channels, 3, l.path);
    assert.equal(Math.min(t.width!, t.height!), Math.min(256, p.width, p.height), `${l.path}: thumbnail short side`);
    assert.equal(t.width! >= t.height!, p.width >= p.height, `${l.path}: thumbnail is upright`);
  }
});

test('the format is read from the bytes: a PNG named .jpg is a PNG', async () => {
  assert.equal((await decode(messy('Downloads/png_named.jpg'))).format, 'png');
  assert.equal((await decode(messy('照片_85.webp'))).format, 'webp');
});

test('truncated JPEGs are refused as truncated, not decoded half grey', async () => {
  assert.equal(await outcome(messy('Downloads/truncated download.jpg')), 'file is truncated');
  assert.equal(await outcome(messy('Downloads/skimage_truncated.jpg')), 'file is truncated');
});

test('truncated PNG, WebP and TIFF are truncated too; garbage is corrupt or not an image', async () => {
  const src = solid(300, 200, '#3080c0').composite([{ input: await solid(100, 80, '#ff0000').png().toBuffer(), left: 40, top: 30 }]);
  for (const encoded of [await src.clone().png().toBuffer(), await src.clone().webp().toBuffer(), await src.clone().tiff().toBuffer()]) {
    assert.equal(await outcome(encoded.subarray(0, encoded.length >> 1)), 'file is truncated');
  }
  const jpeg = await src.clone().jpeg().toBuffer();
  assert.equal(await outcome(jpeg.subarray(0, 100)), 'file is truncated');
  const png = Buffer.from(await src.clone().png().toBuffer());
  for (let i = 100; i < 400; i++) png[i] ^= 0x5a;
  assert.match(await outcome(png), /^file is corrupt \(.+\)$/);
  assert.equal(await outcome(Buffer.from('this is text pretending to be a png\n')), 'unsupported image format');
  assert.equal(await outcome(Buffer.alloc(0)), 'empty file');
});

test('EXIF orientation 6 and 8: width and height are the stored ones swapped', async () => {
  const rotated = messyLabels().filter((l) => l.kind === 'exif-orientation-6' || l.kind === 'exif-orientation-8');
  assert.ok(rotated.length >= 10);
  for (const l of rotated) {
    const bytes = messy(l.path);
    const raw = await sharp(bytes).metadata();
    const p = await decode(bytes);
    assert.deepEqual([p.width, p.height], [raw.height, raw.width], l.path);
  }
});

/** decodePhoto's geometry (short side to 256 at most, centre square, to 224) applied to upright raw pixels by sharp. */
async function referenceCrop(pixels: Buffer, width: number, height: number): Promise<Buffer> {
  const { data, info } = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .resize(256, 256, { fit: 'outside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const side = Math.min(info.width, info.height);
  const left = Math.floor((info.width - side) / 2);
  const top = Math.floor((info.height - side) / 2);
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .extract({ left, top, width: side, height: side })
    .resize(224, 224, { fit: 'fill' })
    .raw()
    .toBuffer();
}

test('EXIF orientation 3: the crop and the thumbnail are the stored pixels turned 180°', async () => {
  const upsideDown = messyLabels().filter((l) => l.kind === 'exif-orientation-3');
  assert.ok(upsideDown.length >= 10);
  for (const l of upsideDown) {
    const bytes = messy(l.path);
    // The stored pixels, orientation ignored, turned by hand: reversing the pixel order is a 180° turn.
    const { data, info } = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const turned = Buffer.alloc(data.length);
    const n = info.width * info.height;
    for (let i = 0; i < n; i++) data.copy(turned, (n - 1 - i) * 3, i * 3, i * 3 + 3);
    const p = await decode(bytes);
    const expected = await referenceCrop(turned, info.width, info.height);
    const unturned = await referenceCrop(data, info.width, info.height);
    const d = meanDiff(p.rgb, expected);
    // The engine resamples the crop with a triangle filter, the reference with libvips' lanczos: a few levels apart.
    assert.ok(d < 5, `${l.path}: crop differs from the turned pixels by ${d.toFixed(2)}`);
    assert.ok(meanDiff(p.rgb, unturned) > 10, `${l.path}: the comparison tells turned from not turned`);

    const thumb = await sharp(p.thumbnail).raw().toBuffer({ resolveWithObject: true });
    const ref = await sharp(turned, { raw: { width: info.width, height: info.height, channels: 3 } })
      .resize(thumb.info.width, thumb.info.height, { fit: 'fill' })
      .raw()
      .toBuffer();
    const dt = meanDiff(thumb.data, ref);
    assert.ok(dt < 6, `${l.path}: thumbnail differs from the turned pixels by ${dt.toFixed(2)}`);
  }
});

/** Every pixel of an interleaved RGB crop, as [r, g, b] of the first and a check that all are close to it. */
function uniform(rgb: Buffer, expected: [number, number, number], tolerance = 3): boolean {
  for (let i = 0; i < rgb.length; i += 3) {
    for (let c = 0; c < 3; c++) if (Math.abs(rgb[i + c] - expected[c]) > tolerance) return false;
  }
  return true;
}

test('16-bit grey, multipage TIFF and animated GIF come out as 8-bit RGB', async () => {
  // A chessboard whose 16-bit samples only go up to 255: scaled from 65535 full scale, it is (correctly) all
  // but black, as every viewer shows it; what matters is 3 equal channels of 8 bits.
  const grey = await decode(messy('Downloads/16bit gray.tif'));
  assert.deepEqual([grey.width, grey.height, grey.format, grey.rgb.length], [200, 200, 'tiff', CROP_BYTES]);
  assert.ok(uniform(grey.rgb, [0, 0, 0], 1));
  const ramp = new Uint16Array(256 * 64);
  for (let i = 0; i < ramp.length; i++) ramp[i] = (i % 256) * 257; // 0..65535 left to right
  const ramp16 = await sharp(ramp, { raw: { width: 256, height: 64, channels: 1 } }).toColourspace('grey16').png().toBuffer();
  assert.equal((await sharp(ramp16).metadata()).depth, 'ushort');
  const deep = await decode(ramp16);
  // The crop's left edge is source column 96, its right edge column 159: values there, in 8 bits.
  assert.ok(Math.abs(deep.rgb[0] - 96) <= 2 && Math.abs(deep.rgb[223 * 3] - 159) <= 2, `${deep.rgb[0]}..${deep.rgb[223 * 3]}`);
  assert.ok(deep.rgb[0] === deep.rgb[1] && deep.rgb[1] === deep.rgb[2]);

  // The messy multipage TIFF has 64-bit float samples, which libvips refuses: read by the fallback.
  const multi = await decode(messy('Downloads/multipage.tif'));
  assert.deepEqual([multi.width, multi.height, multi.format, multi.rgb.length], [10, 10, 'tiff', CROP_BYTES]);
  const anim = await decode(messy('Downloads/animated.gif'));
  assert.deepEqual([anim.width, anim.height, anim.format, anim.rgb.length], [14, 25, 'gif', CROP_BYTES]);
});

test('the 64-bit TIFF is read while other TIFFs decode at once: never called corrupt', async () => {
  // libvips keeps one error text for the whole process: with other files failing or decoding on other threads, the
  // "samples out of range" that marks this TIFF sometimes arrived empty, and the photo was skipped as corrupt.
  const others = messyLabels().filter((l) => /\.tiff?$/i.test(l.path) && l.path !== 'Downloads/multipage.tif').map((l) => messy(l.path));
  assert.ok(others.length >= 10, `the messy folder's other TIFFs (${others.length})`);
  const wide = messy('Downloads/multipage.tif');
  const failures: string[] = [];
  for (let round = 0; round < 150; round++) {
    const [mine] = await Promise.all([outcome(wide), ...others.map((b) => outcome(b))]);
    if (mine !== 'decoded') failures.push(mine);
  }
  assert.deepEqual(failures, [], 'decoded in every round');
});

test('multi-frame files: only the first page or frame is used', async () => {
  const red = await solid(64, 48, '#ff0000').png().toBuffer();
  const blue = await solid(64, 48, '#0000ff').png().toBuffer();
  const tiff = await sharp([red, blue], { join: { animated: true } }).tiff().toBuffer();
  assert.equal((await sharp(tiff).metadata()).pages, 2);
  const gif = await sharp([red, blue], { join: { animated: true } }).gif().toBuffer();
  assert.equal((await sharp(gif).metadata()).pages, 2);
  for (const bytes of [tiff, gif]) {
    const p = await decode(bytes);
    assert.deepEqual([p.width, p.height], [64, 48]);
    assert.ok(uniform(p.rgb, [255, 0, 0], 8), 'first frame (red), not the second or a stack of both');
  }
});

test('transparency is flattened onto white; grey, CMYK and 16-bit become 8-bit sRGB', async () => {
  const clear = await decode(await solid(50, 50, { r: 0, g: 0, b: 0, alpha: 0 }, 4).png().toBuffer());
  assert.ok(uniform(clear.rgb, [255, 255, 255]), 'a fully transparent image is white');
  const half = await decode(await solid(50, 50, { r: 0, g: 0, b: 0, alpha: 0.5 }, 4).png().toBuffer());
  assert.ok(uniform(half.rgb, [128, 128, 128], 3), 'half-transparent black on white is mid grey');

  const grey = await decode(await solid(80, 60, '#808080').greyscale().jpeg().toBuffer());
  assert.ok(uniform(grey.rgb, [128, 128, 128], 3));
  const cmyk = await solid(80, 60, '#ff0000').toColourspace('cmyk').jpeg().toBuffer();
  assert.equal((await sharp(cmyk).metadata()).space, 'cmyk');
  const fromCmyk = await decode(cmyk);
  assert.ok(fromCmyk.rgb[0] > 200 && fromCmyk.rgb[1] < 60 && fromCmyk.rgb[2] < 60, `red stays red: ${[...fromCmyk.rgb.subarray(0, 3)]}`);
  const deep = await solid(80, 60, '#4080c0').toColourspace('rgb16').png().toBuffer();
  assert.equal((await sharp(deep).metadata()).depth, 'ushort');
  assert.ok(uniform((await decode(deep)).rgb, [0x40, 0x80, 0xc0], 2));
});

test('the crop is the centre of the image, resized so the short side fits', async () => {
  // 400×200: left half red, right half blue, with a green band in the middle 40 columns.
  const img = await solid(400, 200, '#ff0000')
    .composite([
      { input: await solid(200, 200, '#0000ff').png().toBuffer(), left: 200, top: 0 },
      { input: await solid(40, 200, '#00ff00').png().toBuffer(), left: 180, top: 0 },
    ])
    .png()
    .toBuffer();
  const p = await decode(img);
  const at = (x: number, y: number) => [...p.rgb.subarray((y * 224 + x) * 3, (y * 224 + x) * 3 + 3)];
  // The crop spans source columns 100..300: red, then green 180..220 (crop 89..134), then blue.
  assert.deepEqual(at(10, 100), [255, 0, 0]);
  assert.deepEqual(at(112, 100), [0, 255, 0]);
  assert.deepEqual(at(213, 100), [0, 0, 255]);
  assert.deepEqual(at(80, 5), [255, 0, 0]);
  assert.deepEqual(at(143, 5), [0, 0, 255]);
});

test('small images: the crop is enlarged, the thumbnail never is', async () => {
  const tiny = await decode(await solid(32, 24, '#20a040').png().toBuffer());
  assert.equal(tiny.rgb.length, CROP_BYTES);
  assert.deepEqual([(await thumbInfo(tiny)).width, (await thumbInfo(tiny)).height], [32, 24]);
  const big = await decode(await solid(1200, 900, '#20a040').jpeg().toBuffer());
  assert.deepEqual([(await thumbInfo(big)).width, (await thumbInfo(big)).height], [341, 256]);
  const line = await decode(messy('DCIM/Camera/empty.jpg')); // 161×1
  assert.deepEqual([line.width, line.height, line.rgb.length], [161, 1, CROP_BYTES]);
  // A model that resizes to 256 and crops 224 gets exactly that; one that crops what it resizes too.
  const other = await decode(await solid(600, 400, '#20a040').jpeg().toBuffer(), OPTS, { ...SPEC, resizeShortSide: 256, cropSize: 224 });
  assert.equal(other.rgb.length, CROP_BYTES);
  const square = await decode(await solid(600, 400, '#20a040').jpeg().toBuffer(), OPTS, { ...SPEC, resizeShortSide: 299, cropSize: 299 });
  assert.equal(square.rgb.length, 299 * 299 * 3);
});

test('the decoded photo holds nothing of the bytes it came from: indexing reads the next file into them', async () => {
  // A small JPEG is its own thumbnail; it must be a copy, or the next file read would overwrite it.
  for (const bytes of [await solid(200, 150, '#20a040').jpeg().toBuffer(), await solid(1200, 900, '#a04020').jpeg().toBuffer()]) {
    const photo = await decode(bytes);
    const before = Buffer.from(photo.thumbnail);
    const crop = Buffer.from(photo.rgb);
    bytes.fill(0);
    assert.deepEqual(photo.thumbnail, before, 'thumbnail unchanged');
    assert.deepEqual(cropToRgb(photo.crop, SPEC.cropSize), crop, 'crop unchanged');
  }
});

test('an SVG is rendered at the size needed, not at 72 dpi', async () => {
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="24" height="16"><rect width="24" height="16" fill="#f00"/></svg>');
  const p = await decode(svg);
  assert.deepEqual([p.width, p.height, p.format], [24, 16, 'svg']);
  const t = await thumbInfo(p);
  assert.equal(Math.min(t.width!, t.height!), 256);
  assert.ok(uniform(p.rgb, [255, 0, 0], 4));
  // A huge declared size is not a bomb: the drawing is rendered at the size needed.
  const poster = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="50000"><rect width="100000" height="50000" fill="#00f"/></svg>');
  const big = await decode(poster, { thumbSize: 256, maxPixels: 1_000_000 });
  assert.deepEqual([big.width, big.height, Math.min((await thumbInfo(big)).height!, 256)], [100000, 50000, 256]);
});

/** A PNG that declares `width`×`height` and holds one row of pixel data: a decompression bomb's header. */
function bombPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const idat = zlib.deflateSync(Buffer.alloc(1 + width * 3));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

test('decompression bombs are refused before decoding, with the numbers', async () => {
  const bomb = bombPng(50_000, 50_000);
  assert.ok(bomb.length < 200_000);
  assert.equal(await outcome(bomb), 'image is too large (2500 megapixels, limit 200)');
  const photo = messy('IMG_1014.JPG'); // 400×711
  assert.equal(await outcome(photo, { thumbSize: 256, maxPixels: 100_000 }), 'image is too large (0.3 megapixels, limit 0.1)');
  assert.equal(await outcome(photo, { thumbSize: 256, maxPixels: 400 * 711 }), 'decoded');
});

test('libvips messages become reasons a person understands', () => {
  const cases: Array<[string, string]> = [
    ['VipsJpeg: premature end of JPEG image', 'file is truncated'],
    [
      'Input file has corrupt header: VipsJpeg: premature end of JPEG image\nVipsJpeg: Bogus Huffman table definition\nVipsJpeg: premature end of JPEG image',
      'file is truncated',
    ],
    ['Input buffer has corrupt header: gifload_buffer: Unexpected end of GIF source data', 'file is truncated'],
    ['source: bad seek to 7310\nheif: Invalid input: Unexpected end of file: Extent in iloc box references data outside of file bounds (points to file position 250)\n (2.100)', 'file is truncated'],
    ['Input buffer has corrupt header: source: bad seek to 4294967355\nheif: Invalid input: Unspecified: Insufficient input data (2.0)', 'file is truncated'],
    ['vipspng: libpng read error', 'file is corrupt (libpng read error)'],
    ['webp2vips: unable to read pixels', 'file is corrupt (unable to read pixels)'],
    ['Input buffer has corrupt header: webp: unable to parse image', 'file is corrupt (unable to parse image)'],
    ['gifload_buffer: Invalid frame data', 'file is corrupt (Invalid frame data)'],
    ['tiff2vips: Unsupported marker type 0xa6', 'file is corrupt (Unsupported marker type 0xa6)'],
    ['source: bad seek to 7310\nsource: bad seek to 7282\nheif: Invalid input: Unspecified: Corrupt frame detected (2.0)', 'file is corrupt (Corrupt frame detected)'],
    ['Input buffer has corrupt header:', 'file is corrupt (unreadable header)'],
    ['Input buffer contains unsupported image format', 'unsupported image format'],
    ['Input file contains unsupported image format', 'unsupported image format'],
    ['Input file has corrupt header: tiff2vips: samples out of range', 'unsupported image format (TIFF with more than 32 bits per sample)'],
    ['Input image exceeds pixel limit', 'image is too large'],
    ['Input Buffer is empty', 'empty file'],
    ['Unknown error', 'file is corrupt (unreadable data)'], // libvips lost its message under concurrency
  ];
  for (const [message, reason] of cases) assert.equal(explainSharpError(message), reason, message);
  assert.ok(explainSharpError(`tiff2vips: ${'x'.repeat(300)}`).length < 100, 'details stay short');
});

test('a truncated JPEG stays "truncated" even when many decodes run at once (libvips may lose its message)', async () => {
  const cut = messy('Downloads/truncated download.jpg');
  const whole = messy('IMG_1033.jpg');
  assert.equal(endsEarly(cut), true, 'a JPEG without its end marker ends early');
  assert.equal(endsEarly(whole), false);
  const outcomes = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 ? outcome(whole) : outcome(cut))));
  assert.deepEqual([...new Set(outcomes.filter((_, i) => i % 2 === 0))], ['file is truncated']);
  assert.deepEqual([...new Set(outcomes.filter((_, i) => i % 2 === 1))], ['decoded']);
});

test('EXIF orientation 6 and 8: the crop is the stored pixels turned a quarter the right way', async () => {
  for (const [kind, angle] of [['exif-orientation-6', 90], ['exif-orientation-8', 270]] as const) {
    for (const l of messyLabels().filter((x) => x.kind === kind).slice(0, 3)) {
      const bytes = messy(l.path);
      // An explicit angle makes sharp ignore the EXIF tag: these are the stored pixels, turned by hand.
      const turn = async (deg: number) => {
        const { data, info } = await sharp(bytes).rotate(deg).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
        return referenceCrop(data, info.width, info.height);
      };
      const p = await decode(bytes);
      const right = meanDiff(p.rgb, await turn(angle));
      const wrong = meanDiff(p.rgb, await turn((angle + 180) % 360));
      assert.ok(right < 5, `${l.path}: differs from the pixels turned ${angle}° by ${right.toFixed(2)}`);
      assert.ok(wrong > 2 * right + 5, `${l.path}: the check tells ${angle}° from ${(angle + 180) % 360}° (${right.toFixed(1)} vs ${wrong.toFixed(1)})`);
    }
  }
});
