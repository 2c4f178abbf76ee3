// bench/cluster-reduce.ts — owns: the reduction's speed figures: seconds and peak RSS of reduce() at 5k, 20k, 50k,
// 100k real 1280-d features (CIFAR-10's 5,000, repeated with small noise), the neighbour search's recall against
// exact search on sampled points, 10-NN label agreement in the embedding, and umap-js on the same 5,000 for
// comparison. Each size runs in its own process (clean heap, own peak memory).
// Usage: node --import tsx bench/cluster-reduce.ts [--sizes 5000,20000,50000,100000] [--noise 0.3] [--no-umap]
//        [--threads N]
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { normalizeFeatures, reduce } from '../electron/engine/cluster/reduce';
import { Rng } from '../electron/engine/cluster/reduce/rng';
import { Library } from '../electron/engine/library/library';
import { DEFAULT_MODEL_ID } from '../electron/engine/models/catalog';
import { indexFolder } from '../electron/engine/pipeline/index-folder';
import { noisyRows } from './noisy-rows';
import { benchCacheDir, sharedDir } from './shared-data';

interface Cifar {
  n: number;
  dim: number;
  matrix: Float32Array;
  labels: Int32Array;
}

/** CIFAR-10's 5,000 test photos, indexed once into .bench/reduce-cifar (kept between runs). */
async function cifarFeatures(): Promise<Cifar> {
  const folder = path.join(sharedDir(), 'datasets', 'cifar10-test-5k');
  const dataDir = path.join(benchCacheDir(), 'reduce-cifar');
  await indexFolder({ folder, dataDir, modelsDir: path.join(sharedDir(), 'models'), allowDownload: false });
  const lib = Library.open(dataDir);
  try {
    const f = lib.features(lib.folderId(fs.realpathSync(folder)), DEFAULT_MODEL_ID);
    const classes = new Map<string, number>();
    const labels = Int32Array.from(f.paths, (p) => {
      const c = p.split('/')[0];
      if (!classes.has(c)) classes.set(c, classes.size);
      return classes.get(c)!;
    });
    return { n: f.paths.length, dim: f.dim, matrix: f.matrix, labels };
  }
  finally {
    lib.close();
  }
}

/** n rows: the real ones first, then noisy copies (noisyRows), labels repeated. */
function grow(c: Cifar, n: number, noise: number, seed: number): { x: Float32Array; labels: Int32Array } {
  return { x: noisyRows(c.matrix, c.n, c.dim, n, noise, seed), labels: Int32Array.from({ length: n }, (_, i) => c.labels[i % c.n]) };
}

/**
 * Share of the graph's neighbours of sampled points that are among their k true nearest (brute force, cosine):
 * a neighbour counts when it is no farther than the true k-th one (ties in distance are not misses).
 */
function sampledRecall(xn: Float32Array, n: number, dim: number, graph: { k: number; indices: Int32Array }, samples: number, seed: number): number {
  const k = graph.k;
  const rng = new Rng(seed);
  let hit = 0;
  const dist = new Float32Array(n);
  for (let s = 0; s < samples; s++) {
    const i = rng.int(n);
    for (let j = 0; j < n; j++) {
      let d = 0;
      for (let t = 0; t < dim; t++) d += xn[i * dim + t] * xn[j * dim + t];
      dist[j] = j === i ? Infinity : 1 - d;
    }
    const kth = dist[smallest(dist, k)[k - 1]];
    for (let j = 0; j < k; j++) if (dist[graph.indices[i * k + j]] <= kth + 1e-6) hit++;
  }
  return hit / (samples * k);
}

/** Indices of the k smallest values (ties: lower index). */
function smallest(v: Float32Array | Float64Array, k: number): number[] {
  const best: number[] = [];
  for (let j = 0; j < v.length; j++) {
    if (best.length === k && v[j] >= v[best[k - 1]]) continue;
    let p = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(j);
    while (p > 0 && v[best[p - 1]] > v[j]) {
      best[p] = best[p - 1];
      p--;
    }
    best[p] = j;
  }
  return best;
}

/** 10-NN label agreement in the embedding (exact, Euclidean). */
function agreement(e: Float32Array, dim: number, labels: Int32Array, k = 10): number {
  const n = labels.length;
  let same = 0;
  const d = new Float64Array(n);
  // on a sample for large n: exact 10-NN of every point costs n² in 10-d
  const step = Math.max(1, Math.floor(n / 2000));
  let counted = 0;
  for (let i = 0; i < n; i += step) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < dim; t++) s += (e[i * dim + t] - e[j * dim + t]) ** 2;
      d[j] = j === i ? Infinity : s;
    }
    for (const j of smallest(d, k)) if (labels[j] === labels[i]) same++;
    counted++;
  }
  return same / (counted * k);
}

interface SizeResult {
  n: number;
  knnSeconds: number;
  embedSeconds: number;
  reduceSeconds: number;
  peakRssMB: number;
  recall: number;
  agreement: number;
}

/** One size, in this (child) process. */
async function runSize(n: number, noise: number, threads: number | undefined): Promise<SizeResult> {
  const c = await cifarFeatures();
  const { x, labels } = grow(c, n, noise, 1);
  const dim = c.dim;
  const t0 = performance.now();
  // the search's last report marks its end (the layout's first one comes only after the spectral start)
  let searchDone = t0;
  const r = await reduce(x, n, dim, { seed: 42, threads, onProgress: (_d, _t, stage) => void (stage === 'neighbours' && (searchDone = performance.now())) });
  const t1 = performance.now();
  const reduceSeconds = (t1 - t0) / 1000;
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const knnSeconds = (searchDone - t0) / 1000;
  const embedSeconds = (t1 - searchDone) / 1000;
  const xn = normalizeFeatures(x, n, dim);
  const recall = sampledRecall(xn, n, dim, r.graph, n > 20000 ? 100 : 200, 7);
  return { n, knnSeconds, embedSeconds, reduceSeconds, peakRssMB, recall, agreement: agreement(r.embedding, 10, labels) };
}

async function runUmapJs(): Promise<{ seconds: number; agreement: number; ownSeconds: number; ownAgreement: number }> {
  const { UMAP } = await import('umap-js');
  const c = await cifarFeatures();
  const xn = normalizeFeatures(c.matrix, c.n, c.dim);
  const rows: number[][] = [];
  for (let i = 0; i < c.n; i++) rows.push(Array.from(xn.subarray(i * c.dim, (i + 1) * c.dim)));
  const rng = new Rng(42);
  const t0 = performance.now();
  // umap-js has no cosine metric: on unit rows Euclidean ranks neighbours the same way
  const umap = new UMAP({ nComponents: 10, nNeighbors: 15, minDist: 0, random: () => rng.next() });
  const out = umap.fit(rows);
  const seconds = (performance.now() - t0) / 1000;
  const e = Float32Array.from(out.flat());
  const t1 = performance.now();
  const own = await reduce(c.matrix, c.n, c.dim, { seed: 42 });
  const ownSeconds = (performance.now() - t1) / 1000;
  return { seconds, agreement: agreement(e, 10, c.labels), ownSeconds, ownAgreement: agreement(own.embedding, 10, c.labels) };
}

function child(args: string[]): unknown {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '5000,20000,50000,100000' },
      noise: { type: 'string', default: '0.3' },
      'no-umap': { type: 'boolean', default: false },
      threads: { type: 'string' },
      child: { type: 'string' },
    },
  });
  const threads = values.threads ? Number(values.threads) : undefined;
  if (values.child === 'umap') {
    process.stdout.write(JSON.stringify(await runUmapJs()) + '\n');
    return;
  }
  if (values.child) {
    process.stdout.write(JSON.stringify(await runSize(Number(values.child), Number(values.noise), threads)) + '\n');
    return;
  }
  await cifarFeatures(); // index once, outside the timings
  console.log('reduce() on CIFAR-10 MobileNetV2 features (1280-d): the 5,000 real rows, repeated beyond with Gaussian noise');
  const noise = Number(values.noise);
  console.log(`(noise norm ${noise} × the row's: a copy sits at cosine distance ~${(1 - 1 / Math.sqrt(1 + noise * noise)).toFixed(3)} from its original); seed 42, 15 neighbours,`);
  console.log('10 components, min_dist 0. Recall: sampled points, against brute force. Agreement: CIFAR class of the 10 nearest.');
  console.log('      n   reduce s   (kNN s + embed s)   peak RSS   kNN recall   10-NN label agreement');
  for (const n of values.sizes.split(',').map(Number)) {
    const r = child(['--child', String(n), '--noise', values.noise, ...(values.threads ? ['--threads', values.threads] : [])]) as SizeResult;
    console.log(
      `${String(r.n).padStart(7)}   ${r.reduceSeconds.toFixed(1).padStart(8)}   (${r.knnSeconds.toFixed(1)} + ${r.embedSeconds.toFixed(1)})`.padEnd(40) +
        `${r.peakRssMB.toFixed(0).padStart(5)} MB   ${r.recall.toFixed(3).padStart(10)}   ${r.agreement.toFixed(3).padStart(10)}`,
    );
  }
  if (!values['no-umap']) {
    const u = child(['--child', 'umap']) as { seconds: number; agreement: number; ownSeconds: number; ownAgreement: number };
    console.log(`\numap-js 1.4 on the 5,000 real rows: ${u.seconds.toFixed(1)} s, 10-NN label agreement ${u.agreement.toFixed(3)}`);
    console.log(`reduce() on the same rows:         ${u.ownSeconds.toFixed(1)} s, 10-NN label agreement ${u.ownAgreement.toFixed(3)}`);
  }
  console.log('\ntarget: reduce of 50k ≤ 30 s (the reference Python pipeline, UMAP + HDBSCAN, took 47 s for 50k)');
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
