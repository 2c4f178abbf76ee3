// `likeness cluster` as a person or a script runs it on the messy folder: the --json contract, every photo once,
// duplicates found, and group ids that survive running it again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import { BIN, DATASETS, SHARED_MODELS, messyLabels, tempDir } from './helpers';


function cluster(folder: string, dataDir: string, extra: string[] = []) {
  const json = path.join(tempDir(), 'groups.json');
  const r = spawnSync(process.execPath, [BIN, 'cluster', folder, '--models-dir', SHARED_MODELS, '--data-dir', dataDir, '--json', json, ...extra], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr);
  return { stdout: r.stdout, report: JSON.parse(fs.readFileSync(json, 'utf8')) };
}

test('likeness cluster: every indexed photo once across groups and unsorted, duplicates found, ids stable', () => {
  const folder = path.join(DATASETS, 'messy');
  const dataDir = tempDir();
  const { stdout, report } = cluster(folder, dataDir);
  assert.equal(report.folder, fs.realpathSync(folder));
  assert.equal(report.granularity, 0.5);
  assert.equal(report.model.id, 'mobilenetv2-int8');
  for (const k of ['indexSeconds', 'clusterSeconds']) assert.equal(typeof report.timings[k], 'number');

  const listed: string[] = [...report.groups.flatMap((g: { files: string[] }) => g.files), ...report.unsorted];
  assert.equal(new Set(listed).size, listed.length, 'no photo in two places');
  const photos = messyLabels().filter((l) => !['corrupt-truncated', 'zero-byte', 'wrong-extension-text', 'misc-pdf', 'misc-docx', 'misc-mp4', 'misc-xcf'].includes(l.kind));
  assert.deepEqual([...listed].sort(), photos.map((l) => l.path).sort(), 'exactly the indexed photos, paths as on disk');
  for (const g of report.groups) {
    assert.match(g.id, /^g-[0-9a-f]{4,}$/);
    for (const s of g.suggested) assert.ok(g.files.includes(s), 'suggested members are members');
    assert.deepEqual(g.files.slice(g.files.length - g.suggested.length), g.suggested, 'suggested members come last');
    for (const [p, why] of Object.entries(g.reasons as Record<string, string>)) {
      assert.ok(g.suggested.includes(p), 'only suggested members have a reason');
      assert.match(why, /^(looks like: .+|unlike the rest of this group)$/);
    }
  }
  assert.ok(report.groups.some((g: { reasons: object }) => Object.keys(g.reasons).length > 0), 'odd members are flagged with a reason');
  assert.match(stdout, /most typical: /, 'each group listed with its most typical photos');
  const names = report.groups.map((g: { name: string }) => g.name.toLowerCase());
  assert.equal(new Set(names).size, names.length, 'no two groups share a name');
  assert.ok(report.unsorted.length <= 0.1 * listed.length, `at most 10% unsorted (${report.unsorted.length})`);
  assert.ok(report.skipped.some((s: { path: string }) => s.path === 'Documents/scan.pdf'));

  const pairOf = (a: string, b: string) => report.duplicates.some((d: { files: string[] }) => d.files.includes(a) && d.files.includes(b));
  for (const l of messyLabels().filter((x) => x.kind === 'exact-dup' || x.kind === 'near-dup')) assert.ok(pairOf(l.path, l.dupOf), `${l.path} ~ ${l.dupOf}`);
  assert.match(stdout, /Unsorted/);

  const again = cluster(folder, dataDir).report;
  assert.deepEqual(again.groups.map((g: { id: string }) => g.id), report.groups.map((g: { id: string }) => g.id), 'ids survive a re-run');
});

test('the granularity knob: fewer groups at 0, more at 1; out-of-range values are refused', () => {
  const folder = path.join(DATASETS, 'imagenette-val-1k');
  const dataDir = tempDir();
  const coarse = cluster(folder, dataDir, ['--granularity', '0']).report.groups.length;
  const fine = cluster(folder, dataDir, ['--granularity', '1']).report.groups.length;
  assert.ok(fine > coarse, `more groups at 1 (${fine}) than at 0 (${coarse})`);
  const bad = spawnSync(process.execPath, [BIN, 'cluster', folder, '--granularity', '3'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /granularity/);
});

test('counts are worded for their number: one set of copies, one photo', async () => {
  const folder = tempDir();
  for (const f of ['dog.jpg', 'eagle.jpg']) fs.copyFileSync(path.join(DATASETS, 'photos', f), path.join(folder, f));
  fs.copyFileSync(path.join(DATASETS, 'photos', 'dog.jpg'), path.join(folder, 'dog copy.jpg'));
  const { stdout } = cluster(folder, tempDir());
  assert.match(stdout, /^Duplicates: 1 set of exact copies, 0 sets of near copies$/m);

  // A smaller re-encoding joins the two identical dogs: one set of near copies, two of its files the same bytes.
  fs.writeFileSync(path.join(folder, 'dog small.jpg'), await sharp(path.join(DATASETS, 'photos', 'dog.jpg')).resize(400).jpeg({ quality: 80 }).toBuffer());
  assert.match(cluster(folder, tempDir()).stdout, /^Duplicates: 0 sets of exact copies, 1 set of near copies, with 2 identical files among them$/m);

  const lone = tempDir();
  fs.copyFileSync(path.join(DATASETS, 'photos', 'eagle.jpg'), path.join(lone, 'eagle.jpg'));
  assert.match(cluster(lone, tempDir()).stdout, /^0 groups of 1 photo in /m);
});
