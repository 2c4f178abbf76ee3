// Pixel signatures tell copies from look-alikes: the messy folder's WhatsApp and Backup copies match their
// originals; different photos of the same subject do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodePhoto } from '../electron/engine/decode/decode';
import { signatureSimilarity, tinySignature } from '../electron/engine/decode/signature';
import { getModel } from '../electron/engine/models/catalog';
import { DATASETS, messyLabels } from './helpers';

const spec = getModel('mobilenetv2-int8').preprocess;
const signatureOf = async (rel: string) =>
  (await decodePhoto(fs.readFileSync(path.join(DATASETS, 'messy', rel)), spec, { thumbSize: 256, maxPixels: 2e8 })).signature;

/** The threshold near-duplicate detection uses must sit between these two groups. */
export const COPY_SIMILARITY = 0.9;

test('resized, re-encoded, cropped, recoloured or mirrored copies keep their signature', async () => {
  const labels = messyLabels();
  const copies = labels.filter((l) => l.kind === 'near-dup' || l.kind === 'exact-dup');
  assert.ok(copies.length >= 16);
  for (const l of copies) {
    const s = signatureSimilarity(await signatureOf(l.path), await signatureOf(l.dupOf));
    assert.ok(s >= COPY_SIMILARITY, `${l.path} ~ ${l.dupOf}: ${s.toFixed(3)}`);
  }
});

test('different photos of the same subject do not look like copies', async () => {
  const labels = messyLabels().filter((l) => l.label && !l.dupOf && l.kind !== 'long-name-dup');
  const byLabel = new Map<string, string[]>();
  for (const l of labels) byLabel.set(l.label, [...(byLabel.get(l.label) ?? []), l.path]);
  let pairs = 0;
  for (const paths of byLabel.values()) {
    const sigs = await Promise.all(paths.slice(0, 5).map(signatureOf));
    for (let i = 0; i < sigs.length; i++) {
      for (let j = i + 1; j < sigs.length; j++) {
        const s = signatureSimilarity(sigs[i], sigs[j]);
        assert.ok(s < COPY_SIMILARITY, `${paths[i]} vs ${paths[j]}: ${s.toFixed(3)}`);
        pairs++;
      }
    }
  }
  assert.ok(pairs >= 50);
});

test('a mirrored image matches its original; a flat image matches only flat ones', () => {
  const w = 64;
  const h = 48;
  const img = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) img.fill(x < 16 ? 250 : x * 2 + y, (y * w + x) * 3, (y * w + x) * 3 + 3);
  const mirrored = new Uint8Array(img.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) mirrored.set(img.subarray((y * w + x) * 3, (y * w + x) * 3 + 3), (y * w + (w - 1 - x)) * 3);
  assert.ok(signatureSimilarity(tinySignature(img, w, h), tinySignature(mirrored, w, h)) > 0.99);
  const flat = tinySignature(new Uint8Array(w * h * 3).fill(128), w, h);
  assert.equal(signatureSimilarity(flat, flat), 1);
  assert.equal(signatureSimilarity(flat, tinySignature(img, w, h)), 0);
  assert.equal(tinySignature(new Uint8Array(3 * 4).fill(9), 4, 1).length, 256, 'tiny images still give 16×16');
});
