// Duplicate search: every copy in the messy folder found and nothing else, on real features and signatures;
// synthetic cases for the rules (hash, both thresholds, unknown signatures, neighbour graph, folding).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { indexFolder } from '../electron/engine/pipeline/index-folder';
import { Library } from '../electron/engine/library/library';
import { signatureSimilarity } from '../electron/engine/decode/signature';
import {
  findDuplicates,
  NEAR_FEATURE_COSINE,
  NEAR_SIGNATURE_SIMILARITY,
  UNSIGNED_FEATURE_COSINE,
  type DuplicateItem,
} from '../electron/engine/cluster/duplicates';
import { signatureSpectrum, similarityBound, SPECTRUM_LENGTH, tailNorm } from '../electron/engine/cluster/signature-spectrum';
import { DATASETS, SHARED_MODELS, tempDir } from './helpers';

let seed = 20261129;
const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

const DIM = 32;
const unit = (v: number[]) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};
const randomFeature = () => unit(Array.from({ length: DIM }, gauss));
/** A feature at a chosen cosine from `base`. */
const featureAt = (base: number[], cosine: number) => {
  const r = randomFeature();
  const along = r.reduce((s, x, d) => s + x * base[d], 0);
  const ortho = unit(r.map((x, d) => x - along * base[d]));
  return base.map((b, d) => cosine * b + Math.sqrt(1 - cosine * cosine) * ortho[d]);
};
/** A smooth random picture, like a photo at 16×16: blobs, so most energy sits in low frequencies. */
const randomSignature = () => {
  const blobs = Array.from({ length: 8 }, () => [rand() * 16, rand() * 16, 2 + rand() * 3, (rand() < 0.5 ? -1 : 1) * (60 + rand() * 60)]);
  return Uint8Array.from({ length: 256 }, (_, i) => {
    const x = i % 16;
    const y = Math.floor(i / 16);
    const v = blobs.reduce((s, [bx, by, r, a]) => s + a * Math.exp(-((x - bx) ** 2 + (y - by) ** 2) / (r * r)), 128);
    return Math.max(0, Math.min(255, Math.round(v)));
  });
};
const noisy = (sig: Uint8Array, amount: number) => sig.map((v) => Math.max(0, Math.min(255, Math.round(v + amount * gauss()))));
const mirrored = (sig: Uint8Array) => sig.map((_, i) => sig[Math.floor(i / 16) * 16 + 15 - (i % 16)]);

interface Fixture {
  path: string;
  hash: string;
  signature: Uint8Array | null;
  feature: number[];
}
const run = (fixtures: Fixture[], opts = {}) => {
  const items: DuplicateItem[] = fixtures.map(({ path: p, hash, signature }) => ({ path: p, hash, signature }));
  return findDuplicates(items, Float32Array.from(fixtures.flatMap((f) => f.feature)), DIM, opts);
};

test('the spectrum bound never falls below the signature similarity, and is exact at full length', () => {
  for (let trial = 0; trial < 300; trial++) {
    const a = randomSignature();
    const b = trial % 3 === 0 ? noisy(mirrored(a), 10) : trial % 3 === 1 ? noisy(a, 30) : randomSignature();
    const sa = signatureSpectrum(a)!;
    const sb = signatureSpectrum(b)!;
    const exact = signatureSimilarity(a, b);
    for (const at of [0, 1, 12, 48, 100]) {
      assert.ok(similarityBound(sa, sb, at, tailNorm(sa, at), tailNorm(sb, at)) >= exact - 1e-5, `trial ${trial} at ${at}`);
    }
    assert.ok(Math.abs(similarityBound(sa, sb, SPECTRUM_LENGTH, 0, 0) - exact) < 1e-5);
  }
  assert.equal(signatureSpectrum(new Uint8Array(256).fill(77)), null, 'a flat signature has no spectrum');
});

test('exact duplicates share a hash; files are sorted and each set listed once', () => {
  const f = randomFeature();
  const g = randomFeature();
  const sig = randomSignature();
  const sets = run([
    { path: 'b/x.jpg', hash: 'h1', signature: sig, feature: f },
    { path: 'a/x.jpg', hash: 'h1', signature: sig, feature: f },
    { path: 'c/x.jpg', hash: 'h1', signature: sig, feature: f },
    { path: 'y.jpg', hash: 'h2', signature: randomSignature(), feature: g },
  ]);
  assert.deepEqual(sets, [{ kind: 'exact', files: ['a/x.jpg', 'b/x.jpg', 'c/x.jpg'] }]);
});

test('a near duplicate needs both close features and a matching signature', () => {
  const base = randomFeature();
  const sig = randomSignature();
  const fixtures: Fixture[] = [
    { path: 'original.jpg', hash: 'h0', signature: sig, feature: base },
    { path: 'mirrored copy.jpg', hash: 'h1', signature: noisy(mirrored(sig), 8), feature: featureAt(base, 0.95) },
    { path: 'same dog, other photo.jpg', hash: 'h2', signature: randomSignature(), feature: featureAt(base, 0.95) },
    { path: 'same layout, other subject.jpg', hash: 'h3', signature: noisy(sig, 8), feature: featureAt(base, 0.6) },
  ];
  assert.deepEqual(run(fixtures), [{ kind: 'near', files: ['mirrored copy.jpg', 'original.jpg'] }]);
});

test('copies chain into one set, with byte-identical copies folded in', () => {
  const base = randomFeature();
  const sig = randomSignature();
  const sets = run([
    { path: 'IMG_1.jpg', hash: 'h0', signature: sig, feature: base },
    { path: 'Backup/IMG_1.jpg', hash: 'h0', signature: sig, feature: base },
    { path: 'WhatsApp/IMG-1.jpg', hash: 'h1', signature: noisy(sig, 6), feature: featureAt(base, 0.96) },
    { path: 'Small/IMG_1.jpg', hash: 'h2', signature: noisy(sig, 6), feature: featureAt(base, 0.97) },
    { path: 'other.jpg', hash: 'h3', signature: randomSignature(), feature: randomFeature() },
  ]);
  assert.deepEqual(sets, [{ kind: 'near', files: ['Backup/IMG_1.jpg', 'IMG_1.jpg', 'Small/IMG_1.jpg', 'WhatsApp/IMG-1.jpg'] }]);
});

test('features are compared by cosine at any scale: rows need no normalized copy', () => {
  const base = randomFeature();
  const sig = randomSignature();
  const fixtures: Fixture[] = [
    { path: 'IMG_1.jpg', hash: 'h0', signature: sig, feature: base },
    { path: 'WhatsApp/IMG-1.jpg', hash: 'h1', signature: noisy(sig, 6), feature: featureAt(base, 0.96) },
    { path: 'lookalike.jpg', hash: 'h2', signature: null, feature: featureAt(base, 0.9) },
    { path: 'other.jpg', hash: 'h3', signature: randomSignature(), feature: randomFeature() },
  ];
  const expected = [{ kind: 'near', files: ['IMG_1.jpg', 'WhatsApp/IMG-1.jpg'] }];
  assert.deepEqual(run(fixtures), expected);
  // The index stores raw penultimate features, whose lengths differ from photo to photo.
  const scaled = fixtures.map((f, i) => ({ ...f, feature: f.feature.map((x) => x * [3.5, 0.2, 7, 1.5][i]) }));
  assert.deepEqual(run(scaled), expected, 'all pairs');
  const k = 3;
  const everyOther = Int32Array.from({ length: 4 * k }, (_, t) => (Math.floor(t / k) + 1 + (t % k)) % 4);
  assert.deepEqual(run(scaled, { neighbours: { indices: everyOther, k } }), expected, 'from a neighbour graph');
});

test('without a signature, features alone must be as close as copies get', () => {
  const base = randomFeature();
  const sig = randomSignature();
  const fixtures: Fixture[] = [
    { path: 'a.jpg', hash: 'h0', signature: null, feature: base },
    { path: 'a-close.jpg', hash: 'h1', signature: sig, feature: featureAt(base, (1 + UNSIGNED_FEATURE_COSINE) / 2) },
    { path: 'a-lookalike.jpg', hash: 'h2', signature: null, feature: featureAt(base, (NEAR_FEATURE_COSINE + UNSIGNED_FEATURE_COSINE) / 2) },
  ];
  assert.deepEqual(run(fixtures), [{ kind: 'near', files: ['a-close.jpg', 'a.jpg'] }]);
  // Two flat (contrast-free) signatures are alike; the features decide.
  const flat = new Uint8Array(256).fill(0);
  assert.deepEqual(
    run([
      { path: 'black.png', hash: 'h0', signature: flat, feature: base },
      { path: 'black.jpg', hash: 'h1', signature: flat, feature: featureAt(base, 0.95) },
      { path: 'picture.jpg', hash: 'h2', signature: sig, feature: featureAt(base, 0.95) },
    ]),
    [{ kind: 'near', files: ['black.jpg', 'black.png'] }],
  );
});

test('with a neighbour graph, candidates come from it alone; without one, large inputs are refused', () => {
  const base = randomFeature();
  const sig = randomSignature();
  const fixtures: Fixture[] = [
    { path: 'a.jpg', hash: 'h0', signature: sig, feature: base },
    { path: 'b.jpg', hash: 'h1', signature: randomSignature(), feature: randomFeature() },
    { path: 'a-copy.jpg', hash: 'h2', signature: noisy(sig, 5), feature: featureAt(base, 0.97) },
  ];
  const k = 1;
  const found = run(fixtures, { neighbours: { indices: Int32Array.of(2, 0, -1), k } });
  assert.deepEqual(found, [{ kind: 'near', files: ['a-copy.jpg', 'a.jpg'] }]);
  assert.deepEqual(run(fixtures, { neighbours: { indices: Int32Array.of(1, 0, 1), k } }), [], 'the pair is not in the graph');
  assert.throws(() => run(fixtures, { bruteForceLimit: 2 }), RangeError);
});

test('all pairs of 5,000 photos are compared quickly', () => {
  const n = 5000;
  const dim = 256;
  const features = new Float32Array(n * dim);
  const items: DuplicateItem[] = [];
  for (let i = 0; i < n; i++) {
    const v = unit(Array.from({ length: dim }, () => Math.abs(gauss())));
    features.set(v, i * dim);
    items.push({ path: `p${i}.jpg`, hash: `h${i}`, signature: randomSignature() });
  }
  // Plant one copy.
  items[4999].signature = noisy(items[17].signature!, 4);
  features.copyWithin(4999 * dim, 17 * dim, 18 * dim);
  const t0 = performance.now();
  const sets = findDuplicates(items, features, dim);
  const seconds = (performance.now() - t0) / 1000;
  assert.deepEqual(sets, [{ kind: 'near', files: ['p17.jpg', 'p4999.jpg'] }]);
  assert.ok(seconds < 5, `${seconds.toFixed(2)} s`);
});

test('the messy folder: every Backup/, WhatsApp and long-named copy found, and no other pair', async (t) => {
  const folder = path.join(DATASETS, 'messy');
  const dataDir = tempDir();
  await indexFolder({ folder, modelsDir: SHARED_MODELS, dataDir, allowDownload: false });
  const lib = Library.open(dataDir);
  let items: DuplicateItem[];
  let matrix: Float32Array;
  let dim: number;
  try {
    const folderId = lib.folderId(fs.realpathSync(folder));
    const f = lib.features(folderId, 'mobilenetv2-int8');
    ({ matrix, dim } = f);
    items = f.paths.map((p, i) => ({ path: p, hash: f.hashes[i], signature: lib.content(f.hashes[i])?.signature ?? null }));
  } finally {
    lib.close();
  }
  normalizeRows(matrix, dim);
  assert.ok(items.length > 100 && items.every((it) => it.signature), 'every photo has a signature');

  // Ground truth: rows of labels.csv made from one source picture. That is every dup_of pair (Backup/ copies,
  // WhatsApp re-encodes, the long-named copy) and one more: Downloads/png_named.jpg, a PNG re-encode of the
  // long-named copy's original, which dup_of does not mention.
  const rows = messyLabelRows();
  const dupOf = rows.filter((r) => r.dupOf);
  assert.deepEqual(dupOf.map((r) => r.kind).sort(), [...Array(8).fill('exact-dup'), 'long-name-dup', ...Array(8).fill('near-dup')]);
  const bySource = new Map<string, typeof rows>();
  for (const r of rows) if (r.source) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
  const expected = [...bySource.values()]
    .filter((set) => set.length > 1)
    .map((set) => ({
      kind: set.filter((r) => r.kind !== 'exact-dup' && r.kind !== 'long-name-dup').length === 1 ? 'exact' : 'near',
      files: set.map((r) => r.path).sort(byCodeUnits),
    }))
    .sort((x, y) => (x.kind === y.kind ? byCodeUnits(x.files[0], y.files[0]) : x.kind === 'exact' ? -1 : 1));
  assert.equal(expected.length, 17);

  // Backup/ and the long-named file are byte copies (one content); WhatsApp ones are re-encoded (two).
  const hashOf = new Map(items.map((it) => [it.path, it.hash]));
  for (const r of dupOf) assert.equal(hashOf.get(r.path) === hashOf.get(r.dupOf), r.kind !== 'near-dup', r.path);

  const found = findDuplicates(items, matrix, dim);
  assert.deepEqual(found, expected, 'all pairs');
  for (const r of dupOf) assert.ok(found.some((set) => set.files.includes(r.path) && set.files.includes(r.dupOf)), `${r.path} ~ ${r.dupOf}`);
  const k = 10;
  assert.deepEqual(findDuplicates(items, matrix, dim, { neighbours: { indices: nearest(matrix, dim, k), k } }), expected, 'from a 10-NN graph');

  // The margins the thresholds sit in: copies against every pair that is not a copy.
  const sourceOf = new Map(rows.map((r) => [r.path, r.source]));
  const isCopyPair = (a: string, b: string) => !!sourceOf.get(a) && sourceOf.get(a) === sourceOf.get(b);
  const cos = (i: number, j: number) => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += matrix[i * dim + d] * matrix[j * dim + d];
    return s;
  };
  const copy = { cos: 1, sig: 1 };
  const other = { cos: -1, sig: -1, bothRatio: -1, flatPairs: 0 };
  const flat = items.map((it) => signatureSpectrum(it.signature!) === null);
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      if (items[i].hash === items[j].hash) continue;
      const c = cos(i, j);
      const s = signatureSimilarity(items[i].signature!, items[j].signature!);
      if (isCopyPair(items[i].path, items[j].path)) {
        copy.cos = Math.min(copy.cos, c);
        copy.sig = Math.min(copy.sig, s);
      } else {
        other.cos = Math.max(other.cos, c);
        // Two contrast-free pictures (a blank one, a flat grey one) are alike to the signature by definition.
        if (flat[i] && flat[j]) other.flatPairs++;
        else other.sig = Math.max(other.sig, s);
        other.bothRatio = Math.max(other.bothRatio, Math.min(c / NEAR_FEATURE_COSINE, s / NEAR_SIGNATURE_SIMILARITY));
      }
    }
  }
  t.diagnostic(
    `copies: cosine ≥ ${copy.cos.toFixed(3)}, signature ≥ ${copy.sig.toFixed(3)}; other pairs: cosine ≤ ${other.cos.toFixed(3)}, ` +
      `signature ≤ ${other.sig.toFixed(3)} (and ${other.flatPairs} pair of flat pictures at 1)`,
  );
  assert.ok(copy.cos >= NEAR_FEATURE_COSINE + 0.02 && copy.sig >= NEAR_SIGNATURE_SIMILARITY + 0.02, 'copies clear both thresholds with room');
  assert.ok(other.bothRatio < 1, 'no other pair passes both');
  assert.ok(other.cos < UNSIGNED_FEATURE_COSINE - 0.05, 'nor the feature threshold used without signatures');
});

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** labels.csv rows with their source picture (messyLabels() leaves the source out). */
function messyLabelRows(): Array<{ path: string; source: string; kind: string; dupOf: string }> {
  const lines = fs.readFileSync(path.join(DATASETS, 'messy', 'labels.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [p, , source, kind, dupOf] = l.split(',');
    return { path: p, source, kind, dupOf };
  });
}

function normalizeRows(m: Float32Array, dim: number): void {
  for (let r = 0; r < m.length / dim; r++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += m[r * dim + d] ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < dim; d++) m[r * dim + d] *= inv;
  }
}

/** A brute-force k-nearest-neighbour graph by cosine (what the clustering's graph provides in the product). */
function nearest(m: Float32Array, dim: number, k: number): Int32Array {
  const n = m.length / dim;
  const out = new Int32Array(n * k);
  for (let i = 0; i < n; i++) {
    const sims: Array<[number, number]> = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) s += m[i * dim + d] * m[j * dim + d];
      sims.push([s, j]);
    }
    sims.sort((x, y) => y[0] - x[0]);
    for (let r = 0; r < k; r++) out[i * k + r] = sims[r][1];
  }
  return out;
}
