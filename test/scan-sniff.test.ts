// Recognizing files by their bytes: what a user would be told about each file of a messy folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodableFormats } from '../electron/engine/decode/capabilities';
import { sniff, SNIFF_BYTES, type ImageFormat } from '../electron/engine/scan/sniff';
import { DATASETS, messyLabels } from './helpers';

/** Concatenates strings (as Latin-1) and bytes into one head. */
function bytes(...parts: Array<string | number[] | Uint8Array>): Uint8Array {
  const chunks = parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p)));
  return new Uint8Array(Buffer.concat(chunks));
}

const u16 = (n: number) => [n & 0xff, n >> 8];
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const be32 = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

/** A ZIP local file header with its name and some (pretend-compressed) data; sizes unknown as in Word's files. */
function zipEntry(name: string, data = 'xxxxxxxxxxxxxxxx'): Uint8Array {
  return bytes('PK', [3, 4], u16(20), u16(0x0808), u16(8), u32(0), u32(0), u32(0), u32(0), u16(name.length), u16(0), name, data);
}

/** An ISO media 'ftyp' box with a major brand and compatible brands. */
function ftyp(major: string, ...compatible: string[]): Uint8Array {
  return bytes(be32(16 + 4 * compatible.length), 'ftyp', major, [0, 0, 0, 0], compatible.join(''), be32(8), 'mdat');
}

/** A little-endian TIFF header whose first directory holds the given (tag, SHORT value) entries. */
function tiff(entries: Array<[number, number]>): Uint8Array {
  const dir = entries.flatMap(([tag, v]) => [...u16(tag), ...u16(3), ...u32(1), ...u16(v), 0, 0]);
  return bytes('II*\0', u32(8), u16(entries.length), dir, u32(0));
}

const PREBUILT: ReadonlySet<ImageFormat> = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'svg']);

const reason = (head: Uint8Array, size = 1000, formats = PREBUILT) => {
  const r = sniff(head, size, formats);
  return r.image ? `image ${r.format}` : r.reason;
};

test('common photo formats are images whatever they are called', () => {
  assert.equal(reason(bytes([0xff, 0xd8, 0xff, 0xe1], '\0\0Exif')), 'image jpeg');
  assert.equal(reason(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR')), 'image png');
  assert.equal(reason(bytes('GIF89a', [1, 0, 1, 0])), 'image gif');
  assert.equal(reason(bytes('GIF87a', [1, 0, 1, 0])), 'image gif');
  assert.equal(reason(bytes('RIFF', u32(100), 'WEBPVP8 ')), 'image webp');
  assert.equal(reason(tiff([[256, 640], [257, 480], [259, 1]])), 'image tiff');
  assert.equal(reason(bytes('MM\0*', be32(8))), 'image tiff');
  assert.equal(reason(ftyp('avif', 'mif1', 'miaf', 'avif')), 'image avif');
  assert.equal(reason(bytes('<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" width="10"/>')), 'image svg');
  assert.equal(reason(bytes([0xef, 0xbb, 0xbf], '<svg viewBox="0 0 1 1"></svg>')), 'image svg');
});

test('images this build cannot decode are named, not mistaken for other files', () => {
  const heic = ftyp('heic', 'mif1', 'heic');
  assert.equal(reason(heic, 1000, decodableFormats()), 'image heif', 'HEIC is decoded by libheif (WebAssembly) in every installation');
  assert.equal(reason(heic, 1000, PREBUILT), 'unsupported image format (HEIC)', 'named where no decoder is present');
  assert.equal(reason(bytes([0, 0, 0, 0x0c], 'jP  ', [0x0d, 0x0a, 0x87, 0x0a])), 'unsupported image format (JPEG 2000)');
  assert.equal(reason(bytes([0xff, 0x0a, 0xfa])), 'unsupported image format (JPEG XL)');
  assert.equal(reason(bytes('gimp xcf v011\0', [0, 0, 3, 0x20])), 'unsupported image format (GIMP XCF)');
  assert.equal(reason(bytes('8BPS', [0, 1, 0, 0, 0, 0, 0, 0])), 'unsupported image format (Photoshop PSD)');
  assert.equal(reason(bytes('BM', u32(1000), u32(0), u32(54), u32(40), u32(16), u32(16))), 'unsupported image format (BMP)');
  assert.equal(reason(bytes([0, 0, 1, 0, 1, 0], [16, 16, 0, 0], u16(1), u16(32), u32(680), u32(22))), 'unsupported image format (icon)');
  assert.equal(reason(bytes('P6\n640 480\n255\n')), 'unsupported image format (PNM)');
});

test('camera RAW files are recognized as photos, including those built like TIFF; older makes are named', () => {
  const raw = (head: Uint8Array) => reason(head, 1000, decodableFormats());
  assert.equal(raw(bytes('II*\0', u32(16), 'CR', [2, 0])), 'image raw', 'Canon CR2');
  assert.equal(raw(tiff([[254, 1], [256, 160], [257, 120]])), 'image raw', 'NEF/PEF: small preview first');
  assert.equal(raw(tiff([[256, 4000], [0xc612, 1]])), 'image raw', 'DNG');
  assert.equal(raw(tiff([[256, 4000], [259, 34713]])), 'image raw', 'Nikon compression');
  assert.equal(raw(bytes('FUJIFILMCCD-RAW 0201')), 'image raw');
  assert.equal(raw(bytes('IIRO', [8, 0, 0, 0])), 'image raw');
  assert.equal(raw(bytes('IIU\0', [8, 0, 0, 0])), 'image raw');
  assert.equal(raw(ftyp('crx ', 'crx ', 'isom')), 'image raw', 'Canon CR3');
  assert.equal(raw(tiff([[256, 640], [257, 480], [259, 1]])), 'image tiff', 'a plain TIFF stays a TIFF');
  assert.equal(raw(bytes([0, 0x4d, 0x52, 0x4d], [0, 0, 0, 8])), 'unsupported image format (camera RAW)', 'Minolta MRW');
  assert.equal(raw(bytes('FOVb', [0, 0, 0, 0])), 'unsupported image format (camera RAW)', 'Sigma X3F');
});

test('documents, media, archives and text get a reason a person understands', () => {
  assert.equal(reason(bytes('%PDF-1.7\n%\xe2\xe3')), 'not an image (PDF document)');
  const docx = bytes(zipEntry('[Content_Types].xml'), zipEntry('_rels/.rels'), zipEntry('word/document.xml'));
  assert.equal(reason(docx), 'not an image (Word document)');
  assert.equal(reason(bytes(zipEntry('_rels/.rels'), zipEntry('xl/workbook.xml'))), 'not an image (Excel spreadsheet)');
  assert.equal(reason(bytes(zipEntry('[Content_Types].xml'))), 'not an image (Office document)', 'only the first entry in the head');
  assert.equal(reason(bytes(zipEntry('holiday/IMG_0001.JPG'))), 'not an image (ZIP archive)');
  assert.equal(reason(bytes(zipEntry('mimetype', 'application/vnd.oasis.opendocument.text'))), 'not an image (OpenDocument file)');
  assert.equal(reason(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], [0, 0])), 'not an image (Office document)');
  assert.equal(reason(ftyp('isom', 'isom', 'iso2', 'mp41')), 'video (not grouped)');
  assert.equal(reason(ftyp('qt  ', 'qt  ')), 'video (not grouped)');
  assert.equal(reason(bytes(be32(8), 'wide', be32(100), 'mdat')), 'video (not grouped)', 'old QuickTime');
  assert.equal(reason(bytes([0x1a, 0x45, 0xdf, 0xa3], [0x9f, 0x42, 0x86])), 'video (not grouped)', 'mkv/webm');
  assert.equal(reason(bytes('RIFF', u32(100), 'AVI LIST')), 'video (not grouped)');
  assert.equal(reason(ftyp('M4A ', 'M4A ', 'mp42')), 'not an image (audio)');
  assert.equal(reason(bytes('ID3', [4, 0, 0, 0, 0, 0, 0])), 'not an image (audio)');
  assert.equal(reason(bytes([0xff, 0xfb, 0x90, 0x64])), 'not an image (audio)', 'MP3 frame without a tag');
  assert.equal(reason(bytes('RIFF', u32(100), 'WAVEfmt ')), 'not an image (audio)');
  assert.equal(reason(bytes('fLaC', [0, 0, 0, 0x22])), 'not an image (audio)');
  assert.equal(reason(bytes([0x1f, 0x8b, 8, 0])), 'not an image (archive)');
  assert.equal(reason(bytes('Rar!', [0x1a, 7, 0])), 'not an image (archive)');
  assert.equal(reason(bytes('MZ', [0x90, 0])), 'not an image (program)');
  assert.equal(reason(bytes('this is text pretending to be a png\n')), 'not an image (text)');
  assert.equal(reason(bytes('Grüße aus Köln\r\n\tÉté 2019\n')), 'not an image (text)', 'UTF-8 text');
  assert.equal(reason(bytes([0xff, 0xfe], 'h\0i\0')), 'not an image (text)', 'UTF-16 with BOM');
  assert.equal(reason(bytes('<!DOCTYPE html><html><body>photo</body></html>')), 'not an image (web page)');
  assert.equal(reason(bytes([0, 0, 0, 0, 0, 0, 0, 0])), 'not an image (unknown file type)');
  assert.equal(reason(bytes([0x13, 0x37, 0x00, 0x42, 0x99])), 'not an image (unknown file type)');
});

test('an empty file is an empty file, whatever its name', () => {
  assert.equal(reason(new Uint8Array(0), 0), 'empty file');
});

test('the head is enough: a short head of a long file still decides', () => {
  assert.ok(SNIFF_BYTES >= 64 && SNIFF_BYTES <= 65536);
  assert.equal(reason(bytes([0xff, 0xd8, 0xff]), 5_000_000), 'image jpeg');
  assert.equal(reason(bytes('GIF'), 5_000_000), 'not an image (text)', 'cut before the version: not enough to call it a GIF');
});

/** The head sniff would get from the pipeline. */
function head(rel: string): { head: Uint8Array; size: number } {
  const file = path.join(DATASETS, 'messy', rel);
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const n = fs.readSync(fd, buf, 0, SNIFF_BYTES, 0);
    return { head: buf.subarray(0, n), size: fs.fstatSync(fd).size };
  } finally {
    fs.closeSync(fd);
  }
}

test('the messy folder: real bytes, real verdicts', () => {
  const verdict = (rel: string) => {
    const h = head(rel);
    const r = sniff(h.head, h.size);
    return r.image ? `image ${r.format}` : r.reason;
  };
  assert.equal(verdict('Downloads/png_named.jpg'), 'image png');
  assert.equal(verdict('Downloads/not really.png'), 'not an image (text)');
  assert.equal(verdict('DCIM/Camera/IMG_0000.jpg'), 'empty file');
  assert.equal(verdict('Documents/scan.pdf'), 'not an image (PDF document)');
  assert.equal(verdict('Documents/notes.docx'), 'not an image (Word document)');
  assert.equal(verdict('DCIM/Camera/VID_20191220_170832.mp4'), 'video (not grouped)');
  assert.equal(verdict('Desktop/edit.xcf'), 'unsupported image format (GIMP XCF)');
  assert.equal(verdict('Downloads/16bit gray.tif'), 'image tiff');
  assert.equal(verdict('Downloads/animated.gif'), 'image gif');
  assert.equal(verdict('labels.csv'), 'not an image (text)');
  // Every photo (and the truncated ones: their header is fine, only decoding finds the damage) is an image.
  for (const l of messyLabels()) {
    if (!l.label && l.kind !== 'corrupt-truncated' && !l.kind.startsWith('misc-')) continue;
    if (['misc-pdf', 'misc-docx', 'misc-mp4', 'misc-xcf'].includes(l.kind)) continue;
    assert.match(verdict(l.path), /^image /, `${l.path} (${l.kind})`);
  }
});
