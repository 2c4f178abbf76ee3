// Issue 4's acceptance run, printed as figures: on a copy of the messy folder plus imagenette-val-1k, the real CLI
// runs cluster → apply → undo (every grouped photo in its group folder with identical bytes, nothing else touched,
// then the exact original), then ten applies killed with SIGKILL at random moments, each followed by recovery and
// undo, must give the exact original every time.  npm run accept:organize [-- --kills N]
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { snapshot as treeSnapshot } from '../../test/organize-fixtures';
import { repoRoot, sharedDir } from '../shared-data';

const BIN = path.join(repoRoot(), 'bin', 'likeness');

function likeness(args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`likeness ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

function snapshot(root: string): Map<string, string> {
  return new Map(Object.entries(treeSnapshot(root)));
}

function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const diffs: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) diffs.push(b.has(k) ? `changed ${k}` : `missing ${k}`);
  for (const k of b.keys()) if (!a.has(k)) diffs.push(`extra ${k}`);
  return diffs;
}

function makeFolder(): string {
  const shared = sharedDir();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-accept-'));
  const folder = path.join(root, 'photos');
  fs.cpSync(path.join(shared, 'datasets', 'messy'), path.join(folder, 'messy'), { recursive: true, verbatimSymlinks: true });
  fs.cpSync(path.join(shared, 'datasets', 'imagenette-val-1k'), path.join(folder, 'imagenette'), { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', folder]);
  const link = path.join(folder, 'messy', 'Downloads', 'link-to-dcim');
  if (fs.existsSync(link) && !fs.lstatSync(link).isSymbolicLink()) {
    const target = fs.readFileSync(link, 'utf8').trim();
    fs.rmSync(link);
    fs.symlinkSync(target, link);
  }
  return folder;
}

function killedApply(args: string[], afterMs: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`apply exited with ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const kills = Number(process.argv[process.argv.indexOf('--kills') + 1]) || 10;
  const folder = makeFolder();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'likeness-accept-data-'));
  const models = path.join(sharedDir(), 'models');
  const planFile = path.join(dataDir, 'plan.json');
  let t = performance.now();
  likeness(['cluster', folder, '--models-dir', models, '--data-dir', dataDir, '--json', planFile]);
  const clusterSeconds = (performance.now() - t) / 1000;
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as { groups: Array<{ name: string; files: string[] }>; unsorted: string[] };
  const grouped = plan.groups.reduce((a, g) => a + g.files.length, 0);
  const original = snapshot(folder);
  console.log(`folder: ${original.size} entries; ${plan.groups.length} groups holding ${grouped} photos, ${plan.unsorted.length} unsorted (cluster ${clusterSeconds.toFixed(1)} s)`);

  const applyJson = path.join(dataDir, 'apply.json');
  t = performance.now();
  likeness(['apply', folder, '--plan', planFile, '--data-dir', dataDir, '--json', applyJson]);
  const applyMs = performance.now() - t;
  const result = JSON.parse(fs.readFileSync(applyJson, 'utf8')) as { operations: Array<{ from: string; to: string }>; result: { done: number; failed: unknown[] } };
  const after = snapshot(folder);
  const moved = new Set(result.operations.map((o) => o.from));
  const misplaced = result.operations.filter((o) => after.get(o.to) !== original.get(o.from) || after.has(o.from)).length;
  const touched = [...original].filter(([k, v]) => !k.endsWith('/') && !moved.has(k) && after.get(k) !== v).length;
  console.log(`apply: ${result.result.done} files moved in ${(applyMs / 1000).toFixed(2)} s, ${result.result.failed.length} failed, ${misplaced} not at their destination with identical bytes, ${touched} other files touched`);
  t = performance.now();
  likeness(['undo', folder, '--data-dir', dataDir]);
  const undoDiff = differences(original, snapshot(folder));
  console.log(`undo: ${((performance.now() - t) / 1000).toFixed(2)} s, ${undoDiff.length === 0 ? 'exact original' : `${undoDiff.length} differences: ${undoDiff.slice(0, 5).join(', ')}`}`);

  let exact = 0;
  for (let i = 0; i < kills; i++) {
    const at = Math.random() * applyMs;
    const outcome = await killedApply(['apply', folder, '--plan', planFile, '--data-dir', dataDir], at);
    const recovery = likeness(['index', folder, '--models-dir', models, '--data-dir', dataDir]).split('\n').find((l) => l.startsWith('Recovered:')) ?? 'Recovered: nothing to repair';
    let undone = '';
    try {
      likeness(['undo', folder, '--data-dir', dataDir]);
      undone = ' + undo';
    } catch {
      // Nothing left to undo: recovery rolled everything back.
    }
    const diff = differences(original, snapshot(folder));
    if (diff.length === 0) exact++;
    console.log(`kill ${i + 1} at ${at.toFixed(0)} ms (${outcome}): ${recovery.replace('Recovered: ', '')}${undone} → ${diff.length === 0 ? 'exact original' : `${diff.length} differences: ${diff.slice(0, 3).join(', ')}`}`);
  }
  console.log(`kill -9 during apply: ${exact}/${kills} exact originals after recovery and undo`);
  fs.rmSync(path.dirname(folder), { recursive: true, force: true });
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (exact !== kills || undoDiff.length || misplaced || touched) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
