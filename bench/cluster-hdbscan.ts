// bench/cluster-hdbscan.ts — owns: the speed figures of our HDBSCAN*: seconds (wall and CPU) and peak RSS at
// 5k, 20k, 50k and 100k points of a 10-d UMAP-like embedding (blobs of varying size, density and shape plus
// uniform noise, seeded), on one thread and with workers; and the npm hdbscan-ts at 500 and 1,500 of the same
// points beside ours (time, speed-up, noise share), plus both on five well-separated 10-d blobs.
// Each size runs in its own process (clean heap, own peak memory).
// Usage: node --import tsx bench/cluster-hdbscan.ts [--sizes 5000,20000,50000,100000] [--min-cluster-size 15]
//        [--threads N (extra worker threads for the async run; default cores - 1)] [--no-baseline]
import { execFileSync } from 'node:child_process';
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { HDBSCAN } from 'hdbscan-ts';
import { hdbscan, hdbscanAsync, type HdbscanResult } from '../electron/engine/cluster/hdbscan';
import { prng } from '../test/helpers';

const DIM = 10;


/**
 * What a UMAP-like 10-d embedding of a photo collection looks like to the clusterer: groups of very different
 * sizes (a few large, many small), densities (spreads 0.2–1.2) and shapes (each axis scaled 0.3–1), and 8% of
 * points scattered uniformly. Seeded: the same n gives the same points.
 */
export function embeddingLike(n: number, seed = 1): { points: Float32Array; truth: Int32Array; blobs: number } {
  const rnd = prng(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const blobs = Math.max(8, Math.min(60, Math.round(n / 1500)));
  const weights = Array.from({ length: blobs }, (_, i) => 1 / (i + 1) ** 0.7);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w) => (cumulative.push(acc + w / total), acc + w / total), 0);
  const centres = Array.from({ length: blobs }, () => Array.from({ length: DIM }, () => rnd() * 30));
  const spread = centres.map(() => 0.2 + rnd());
  const axes = centres.map(() => Array.from({ length: DIM }, () => 0.3 + 0.7 * rnd()));
  const points = new Float32Array(n * DIM);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.08) {
      truth[i] = -1;
      for (let d = 0; d < DIM; d++) points[i * DIM + d] = rnd() * 36 - 3;
      continue;
    }
    const u = rnd();
    let b = 0;
    while (b < blobs - 1 && cumulative[b] < u) b++;
    truth[i] = b;
    for (let d = 0; d < DIM; d++) points[i * DIM + d] = centres[b][d] + gaussian() * spread[b] * axes[b][d];
  }
  return { points, truth, blobs };
}

/** Five blobs of 200 points, centres 20 apart on separate axes, unit spread: the easy case. */
function fiveBlobs(): Float32Array {
  const rnd = prng(2);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const points = new Float32Array(1000 * DIM);
  for (let p = 0; p < 1000; p++) for (let d = 0; d < DIM; d++) points[p * DIM + d] = (d === Math.floor(p / 200) ? 20 : 0) + gaussian();
  return points;
}

/** Adjusted Rand index of two labelings (noise counted as one more label). */
function ari(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const table = new Map<string, number>();
  const ca = new Map<number, number>();
  const cb = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]},${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    ca.set(a[i], (ca.get(a[i]) ?? 0) + 1);
    cb.set(b[i], (cb.get(b[i]) ?? 0) + 1);
  }
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += c2(v);
  let sa = 0;
  let sb = 0;
  for (const v of ca.values()) sa += c2(v);
  for (const v of cb.values()) sb += c2(v);
  const expected = (sa * sb) / c2(n);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

const noiseShare = (labels: ArrayLike<number>) => Array.from(labels).filter((l) => l < 0).length / labels.length;
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface SizeFigures {
  n: number;
  threads: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
  clusters: number;
  trueBlobs: number;
  noise: number;
  ari: number;
}

/** One size in this process: the figures as a JSON line. threads 0 = the synchronous path. */
async function runOne(n: number, threads: number, minClusterSize: number): Promise<SizeFigures> {
  const { points, truth, blobs } = embeddingLike(n);
  const t0 = performance.now();
  const c0 = cpuSeconds();
  const r: HdbscanResult = threads === 0
    ? hdbscan(points, n, DIM, { minClusterSize })
    : await hdbscanAsync(points, n, DIM, { minClusterSize }, { workers: threads, minParallelN: 0 });
  const seconds = (performance.now() - t0) / 1000;
  return {
    n,
    threads,
    seconds,
    cpuSeconds: cpuSeconds() - c0,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    clusters: r.clusterCount,
    trueBlobs: blobs,
    noise: noiseShare(r.labels),
    ari: ari(r.labels, truth),
  };
}

function baseline(): void {
  console.log('\nhdbscan-ts (npm) against ours on the same points, minClusterSize 5 (its default):');
  console.log('points  hdbscan-ts s  ours s    speed-up  noise hdbscan-ts  noise ours');
  const cases: [string, Float32Array, number][] = [];
  for (const n of [500, 1500]) cases.push([String(n), embeddingLike(n, 7).points, n]);
  cases.push(['5 blobs', fiveBlobs(), 1000]);
  for (const [name, points, n] of cases) {
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) rows.push(Array.from(points.subarray(i * DIM, i * DIM + DIM)));
    let t = performance.now();
    const theirs = new HDBSCAN({ minClusterSize: 5 }).fit(rows);
    const theirSeconds = (performance.now() - t) / 1000;
    // Ours is fast enough at this size that one run is timer noise: take the mean of 20.
    hdbscan(points, n, DIM, { minClusterSize: 5 });
    t = performance.now();
    let ours!: HdbscanResult;
    for (let i = 0; i < 20; i++) ours = hdbscan(points, n, DIM, { minClusterSize: 5 });
    const ourSeconds = (performance.now() - t) / 1000 / 20;
    console.log(
      `${name.padEnd(8)}${theirSeconds.toFixed(3).padStart(12)}  ${ourSeconds.toFixed(4).padStart(7)}  ${(theirSeconds / ourSeconds).toFixed(0).padStart(8)}×` +
        `  ${(100 * noiseShare(theirs)).toFixed(1).padStart(15)}%  ${(100 * noiseShare(ours.labels)).toFixed(1).padStart(9)}%`,
    );
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '5000,20000,50000,100000' },
      'min-cluster-size': { type: 'string', default: '15' },
      threads: { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      one: { type: 'string' },
    },
  });
  const mcs = Number(values['min-cluster-size']);
  if (values.one) {
    const [n, threads] = values.one.split(':').map(Number);
    console.log(JSON.stringify(await runOne(n, threads, mcs)));
    return;
  }
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const extra = values.threads !== undefined ? Number(values.threads) : Math.max(0, cores - 1);
  console.log(`HDBSCAN* on ${DIM}-d embedding-like points, minClusterSize ${mcs} (minSamples the same), ${cores} cores`);
  console.log('n        threads  seconds  cpu s   peak RSS MiB  clusters (true)  noise   ARI');
  for (const n of values.sizes!.split(',').map(Number)) {
    for (const threads of extra > 0 ? [0, extra] : [0]) {
      const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--one', `${n}:${threads}`, '--min-cluster-size', String(mcs)], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      const f = JSON.parse(out.trim().split('\n').pop()!) as SizeFigures;
      console.log(
        `${String(f.n).padEnd(9)}${String(f.threads + 1).padStart(7)}  ${f.seconds.toFixed(2).padStart(7)}  ${f.cpuSeconds.toFixed(2).padStart(6)}` +
          `  ${f.peakRssMiB.toFixed(0).padStart(12)}  ${String(f.clusters).padStart(8)} (${f.trueBlobs})  ${(100 * f.noise).toFixed(1).padStart(5)}%  ${f.ari.toFixed(3)}`,
      );
    }
  }
  if (!values['no-baseline']) baseline();
}

if (require.main === module) {
  void main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
