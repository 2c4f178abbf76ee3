// More of what a person notices, each test on its own copy of a folder and its own page, so that a failure points
// at one behaviour: rejecting a suggestion and undoing it, a shift-click range moved with "Move to…", the problems
// panel's reasons, moving the files inside the folder and undoing it byte for byte, an apply killed half-way
// rolled back with a banner saying so, and cancelling while a large folder is being opened. One host (and one index) serves the messy-folder tests; the cancel test has its own
// empty index so that opening really takes a while. Waits only on the app's events. Screenshots go to
// e2e-screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { Library } from '../../electron/engine/library/library';
import { DATASETS, MESSY_NOT_PHOTOS, messyLabels, tempCopy } from '../helpers';
import { killedApply } from '../killed-apply';
import { snapshot } from '../organize-fixtures';
import {
  appPage,
  edit,
  groupIds,
  moveSelectedTo,
  photoGroups,
  listFiles,
  openFolder,
  photoCount,
  progressSeen,
  recordProgress,
  screenshot,
  scrollToFind,
  scrollToTop,
  sel,
  sizeOf,
  startHost,
  tempDir,
  thumbIn,
  waitForState,
  stateAfter,
  statesShown,
  whereIs,
  useSuite,
} from './harness';

const suite = useSuite('likeness-e2e-data-');
const { folderCopy } = suite;

/** Fails, saying where the photo is instead, unless it is shown in `group`. */
async function assertShownIn(page: Page, group: string, file: string): Promise<void> {
  if (!(await scrollToFind(page, thumbIn(group, file)))) assert.fail(`${file} should be in ${group}; it is in ${await whereIs(page, file)}`);
}

test('rejecting a suggested member (✗) sends it to Unsorted, and Undo brings it back', { timeout: 120_000 }, () =>
  suite.withPage(async (page) => {
    await openFolder(page, folderCopy());
    // A suggested photo with no exact copy (a copy shares the content, so it would move too).
    const suggested = '[data-testid=thumb]:has([data-testid=suggestion]):not(:has([data-testid=duplicate-badge]))';
    assert.ok(await scrollToFind(page, suggested), 'the grouping suggests at least one member');
    const thumb = page.locator(suggested).first();
    const file = (await thumb.getAttribute('data-path'))!;
    const group = (await thumb.locator('xpath=..').getAttribute('data-group'))!;
    const [inGroup, unsorted] = [await sizeOf(page, group), await sizeOf(page, 'unsorted')];

    await scrollToFind(page, thumbIn(group, file));
    await edit(page, () => page.locator(thumbIn(group, file)).getByRole('button', { name: /^Reject/ }).click());
    await assertShownIn(page, 'unsorted', file);
    await screenshot(page, '12-rejected-to-unsorted');
    assert.equal(await page.locator(`${thumbIn('unsorted', file)} [data-testid=suggestion]`).count(), 0, 'no longer offered to a group');
    assert.equal(await scrollToFind(page, thumbIn(group, file)), false, 'gone from its group');
    assert.equal(await sizeOf(page, group), inGroup - 1);
    assert.equal(await sizeOf(page, 'unsorted'), unsorted + 1);

    await scrollToTop(page);
    await edit(page, () => page.getByTestId('undo').click());
    await assertShownIn(page, group, file);
    assert.equal(await page.locator(`${thumbIn(group, file)} [data-testid=suggestion]`).count(), 1, 'suggested again, as before');
    assert.equal(await scrollToFind(page, thumbIn('unsorted', file)), false, 'gone from Unsorted');
    assert.equal(await sizeOf(page, group), inGroup);
    assert.equal(await sizeOf(page, 'unsorted'), unsorted);
  }),
);

test('shift-click selects a range of photos and "Move to…" moves all of them', { timeout: 120_000 }, () =>
  suite.withPage(async (page) => {
    await openFolder(page, folderCopy());
    const [from, to] = await groupIds(page);
    await scrollToTop(page);
    // Four neighbours with no exact copy elsewhere, so that moving them moves exactly four photos.
    const shown = await page.locator(`.row[data-group=${sel(from)}] [data-testid=thumb]`).evaluateAll((els) =>
      els.map((e) => ({ path: e.getAttribute('data-path')!, copy: e.querySelector('[data-testid=duplicate-badge]') !== null })),
    );
    const start = shown.findIndex((_, i) => shown.length >= i + 4 && shown.slice(i, i + 4).every((t) => !t.copy));
    assert.ok(start >= 0, `four neighbours without copies in the first group: ${JSON.stringify(shown)}`);
    const range = shown.slice(start, start + 4).map((t) => t.path);
    const [nFrom, nTo] = [await sizeOf(page, from), await sizeOf(page, to)];

    await scrollToTop(page);
    await page.locator(thumbIn(from, range[0])).click();
    await page.locator(thumbIn(from, range[3])).click({ modifiers: ['Shift'] });
    assert.match(await page.getByTestId('selection-status').innerText(), /4 selected/);
    const selected = await page.locator('[data-testid=thumb][aria-selected=true]').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')!));
    assert.deepEqual(selected, range, 'the two clicked and every photo between them');
    await screenshot(page, '13-range-selected');

    await moveSelectedTo(page, to);
    for (const f of range) await assertShownIn(page, to, f);
    assert.equal(await sizeOf(page, from), nFrom - 4);
    assert.equal(await sizeOf(page, to), nTo + 4);
  }),
);

test('the problems panel lists each skipped file of the messy folder with its reason', { timeout: 120_000 }, () =>
  suite.withPage(async (page) => {
    await openFolder(page, folderCopy());
    const toggle = page.getByTestId('problems-toggle');
    await toggle.click();
    const panel = page.getByRole('region', { name: 'Problems' });
    await panel.waitFor();
    const items = await panel
      .getByTestId('skipped')
      .locator('li')
      .evaluateAll((els) => els.map((li) => ({ path: li.querySelector('.problem-path')!.textContent!, reason: li.querySelector('.problem-reason')!.textContent! })));
    const reasonOf = new Map(items.map((i) => [i.path, i.reason]));
    assert.equal(reasonOf.size, items.length, 'each file listed once');
    // Videos are no problem: they are listed apart, without a reason, and not counted with the skipped files.
    const videos = await panel.getByTestId('videos').locator('li').allInnerTexts();
    for (const v of videos) reasonOf.set(v, 'video (not grouped)');

    // The ones a person would look for first, by name.
    assert.equal(reasonOf.get('Documents/scan.pdf'), 'not an image (PDF document)');
    assert.equal(reasonOf.get('DCIM/Camera/IMG_0000.jpg'), 'empty file');
    assert.match(reasonOf.get('Downloads/truncated download.jpg') ?? '(not listed)', /truncated/);
    // And every file labels.csv says is not a usable photo, with its reason; nothing that is a photo.
    const labels = messyLabels();
    for (const l of labels.filter((x) => x.kind in MESSY_NOT_PHOTOS)) {
      assert.ok(reasonOf.has(l.path), `${l.path} (${l.kind}) is listed; listed: ${[...reasonOf.keys()].join(', ')}`);
      assert.match(reasonOf.get(l.path)!, MESSY_NOT_PHOTOS[l.kind], l.path);
    }
    for (const l of labels.filter((x) => !(x.kind in MESSY_NOT_PHOTOS))) assert.ok(!reasonOf.has(l.path), `${l.path} is a photo, not a problem`);

    assert.deepEqual(videos, ['DCIM/Camera/VID_20191220_170832.mp4']);
    assert.match(await panel.innerText(), new RegExp(`${items.length} files skipped`));
    assert.match(await panel.innerText(), /1 video, not grouped/);
    assert.equal(await toggle.innerText(), `Problems (${items.length})`, 'the toolbar counts the same files');
    await screenshot(page, '14-problems-reasons');
    await panel.getByRole('button', { name: 'Close the problems panel' }).click();
    await panel.waitFor({ state: 'detached' });
  }),
);

test('Move into the folder itself, then Undo: every file is back, byte for byte', { timeout: 120_000 }, async () => {
  const folder = folderCopy();
  const before = snapshot(folder);
  const contents = (snap: Record<string, string>) => Object.values(snap).filter((v) => v !== 'dir').sort();
  await suite.withPage(async (page) => {
    await openFolder(page, folder);
    const photos = await photoCount(page);
    await page.getByRole('button', { name: 'Apply…' }).click();
    const dialog = page.getByTestId('apply-dialog');
    // The defaults: group folders in this folder, files moved.
    assert.ok(await dialog.getByRole('radio', { name: /in this folder/ }).isChecked());
    assert.ok(await dialog.getByRole('radio', { name: /^Move/ }).isChecked());
    const plan = page.locator(`[data-testid=plan][data-target=${sel(folder)}][data-mode=move]`);
    await plan.waitFor();
    const operations = Number(await plan.getAttribute('data-operations'));
    assert.ok(operations > 20 && operations <= photos, `files to move: ${operations} of ${photos} photos`);
    assert.match(await page.getByTestId('plan-sentence').innerText(), /^Move \d+ photos/);
    await screenshot(page, '15-apply-move-here');

    assert.equal(await stateAfter(page, ['applied', 'groups'], () => page.getByRole('button', { name: 'Move files' }).click()), 'applied', 'the move finished (it did not go back to the groups with an error)');
    await screenshot(page, '16-moved-here');
    assertEveryPhotoPlaced(await page.getByTestId('apply-summary').innerText(), 'Moved', operations);
    const moved = snapshot(folder);
    assert.notDeepEqual(moved, before, 'the files moved');
    assert.deepEqual(contents(moved), contents(before), 'moving kept every file and its bytes');
    const gone = Object.keys(before).filter((p) => !(p in moved) && before[p] !== 'dir');
    assert.equal(gone.length, operations, 'as many files left their place as were planned');

    assert.equal(await stateAfter(page, ['undone', 'applied'], () => page.getByRole('button', { name: 'Undo' }).click()), 'undone', 'the undo finished (it did not come back with an error)');
    await screenshot(page, '17-move-undone');
    assert.match(await page.getByTestId('undo-summary').innerText(), new RegExp(`^Put ${operations} files back`));
    assert.deepEqual(snapshot(folder), before, 'every path and its sha256 as before, no folder left over');

    await page.getByRole('button', { name: 'Back to the groups' }).click();
    await waitForState(page, 'groups');
    assert.equal(await photoCount(page), photos, 'the groups show the same photos again');
  });
});

test('an apply that could not place every photo says which and why; an undo that could not put a file back offers to retry or leave it', { timeout: 180_000 }, async () => {
  const folder = folderCopy();
  await suite.withPage(async (page) => {
    await openFolder(page, folder);
    // A photo replaced after it was grouped (another picture under its name) is not moved into the old photo's group.
    const grouped = [...(await photoGroups(page))].filter(([, g]) => /^[gu]-/.test(g)).map(([p]) => p).sort();
    const replaced = grouped[0];
    fs.writeFileSync(path.join(folder, replaced), fs.readFileSync(path.join(DATASETS, 'photos', 'kite.jpg')));
    const before = snapshot(folder);
    await page.getByRole('button', { name: 'Apply…' }).click();
    const plan = page.locator(`[data-testid=plan][data-target=${sel(folder)}][data-mode=move]`);
    await plan.waitFor();
    // The plan's problem (the replaced photo) is listed, and the list of operations makes room for it: Move is
    // not covered (a click on it reaches it).
    await screenshot(page, '48-apply-dialog-with-problem');
    assert.equal(await stateAfter(page, ['applied', 'groups'], () => page.getByRole('button', { name: 'Move files' }).click()), 'applied');
    const summary = await page.getByTestId('apply-summary').innerText();
    const m = /^Moved (\d+) of (\d+) photos/.exec(summary);
    assert.ok(m && Number(m[1]) === Number(m[2]) - 1, `one photo of the plan not placed: ${summary}`);
    assert.match(summary, /1 photo was not tried/);
    assert.match(await page.getByRole('region', { name: 'Not tried' }).innerText(), new RegExp(`${replaced.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\s\\S]*changed since it was grouped`));
    assert.equal(await page.getByTestId('apply-summary').locator('xpath=..').getByRole('heading').first().innerText(), 'Done, but not every photo');
    assert.equal(fs.readFileSync(path.join(folder, replaced)).equals(fs.readFileSync(path.join(DATASETS, 'photos', 'kite.jpg'))), true, 'the replaced photo stays where it is');
    await screenshot(page, '49-apply-not-every-photo');

    // The person renames one moved photo: undo cannot put it back, says where it belongs, and offers two ways on.
    const moved = snapshot(folder);
    const away = Object.keys(moved).find((p) => moved[p] !== 'dir' && !(p in before))!;
    fs.renameSync(path.join(folder, away), path.join(folder, `${away}.renamed`));
    assert.equal(await stateAfter(page, ['undone', 'applied'], () => page.getByRole('button', { name: /^Undo/ }).click()), 'undone');
    assert.match(await page.getByTestId('undo-not-back').innerText(), /^1 file could not go back yet/);
    assert.match(await page.getByRole('region', { name: 'Could not be undone' }).innerText(), /belongs at/);
    await screenshot(page, '50-undo-not-every-file');
    // Once the way is clear again, Undo again finishes: the folder is as it was.
    fs.renameSync(path.join(folder, `${away}.renamed`), path.join(folder, away));
    assert.equal(await stateAfter(page, ['undone', 'applied'], () => page.getByRole('button', { name: 'Undo again' }).click()), 'undone');
    await page.getByTestId('undo-summary').waitFor();
    assert.equal(await page.getByTestId('undo-not-back').count(), 0, 'every file is back');
    assert.deepEqual(snapshot(folder), before, 'every path and its sha256 as before the apply');
  });
});

test('an apply killed half-way (a power cut): opening the folder again rolls it back, and a banner says so', { timeout: 120_000 }, async () => {
  const folder = folderCopy();
  const before = snapshot(folder);
  await suite.withPage(async (page) => {
    await openFolder(page, folder);
    // Another Likeness (the command line, say) moves every photo into one folder and dies after five files.
    const lib = Library.open(suite.dataDir);
    const photos = [...lib.fileMap(lib.folderId(folder)).values()].filter((r) => r.status === 'photo').map((r) => r.path);
    lib.close();
    await killedApply(folder, suite.dataDir, [{ name: 'Everything', files: photos }], 5);
    assert.ok(fs.existsSync(path.join(folder, 'Everything')), 'the killed apply had moved files');

    await page.reload();
    await waitForState(page, 'welcome');
    await openFolder(page, folder);
    const banner = page.getByTestId('recovery-banner');
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await banner.innerText();
    assert.match(text, /repaired this folder after an interruption/);
    const m = /An apply to (.+) was interrupted; it was rolled back: (\d+) files put back where they were/.exec(text);
    assert.ok(m, text);
    assert.equal(m[1], folder);
    assert.ok(Number(m[2]) >= 5, `the files moved before the kill are counted: ${m[2]}`);
    assert.deepEqual(snapshot(folder), before, 'every file is back where it was, byte for byte');
    await screenshot(page, '51-interrupted-apply-rolled-back');

    await page.getByRole('button', { name: 'Dismiss the repair notice' }).click();
    assert.equal(await banner.count(), 0, 'dismissed');
  });
});

test('Cancel while a large folder opens: back to the welcome screen, says so; opening again continues the index', { timeout: 180_000 }, async () => {
  // An index of its own that has never seen these photos, so that opening takes seconds.
  const dataDir = tempDir('likeness-e2e-cancel-data-');
  const big = fs.realpathSync(tempCopy(path.join(DATASETS, 'imagenette-val-1k')));
  suite.cleanupLater(dataDir, path.dirname(big));
  const total = listFiles(big).length;
  const own = await startHost(dataDir);
  const { page, errors } = await appPage(suite.browser, own.url);
  try {
    await recordProgress(page);
    await page.getByLabel('Folder path').fill(big);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await waitForState(page, 'working');
    // Cancel once some photos are looked at and kept: the index has started, far from done.
    const progress = page.locator('[data-testid=progress][data-stage=index]');
    await page.waitForFunction(
      () => document.body.dataset.state !== 'working' || Number(document.querySelector<HTMLElement>('[data-testid=progress][data-stage=index]')?.dataset.done ?? 0) > 0,
      null,
      { timeout: 60_000 },
    );
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'working', 'still opening once the first photos are looked at');
    const doneBefore = Number(await progress.getAttribute('data-done'));
    assert.equal(Number(await progress.getAttribute('data-total')), total, 'every photo is new to this index');
    await screenshot(page, '18-opening-large-folder');
    assert.equal(await stateAfter(page, ['welcome', 'groups'], () => page.getByRole('button', { name: 'Cancel' }).click()), 'welcome', 'Cancel stopped the opening');

    const states = await statesShown(page);
    assert.deepEqual(states.slice(states.indexOf('working')), ['working', 'welcome'], 'no groups: it stopped');
    assert.match(await page.getByTestId('notice').innerText(), /cancelled/i);
    assert.equal(await page.evaluate(() => document.body.dataset.errors), undefined, 'a cancel is not reported as an error');
    await screenshot(page, '19-open-cancelled');

    // Usable again: the same folder opens, and only the photos not looked at before are looked at now.
    await recordProgress(page);
    await openFolder(page, big);
    const indexed = (await progressSeen(page)).filter((p) => p.stage === 'index');
    assert.ok(indexed.length > 0, 'the index stage was shown');
    assert.ok(indexed[0].total! <= total - doneBefore, `only what is left is looked at: ${indexed[0].total} of ${total}, ${doneBefore} done before the cancel`);
    assert.equal(await photoCount(page), total, 'every photo is in the groups');
    assert.equal(await page.getByTestId('notice').count(), 0, 'the cancelled notice is gone');
    assert.deepEqual(errors, [], 'no script error in the page');
  } finally {
    await page.close();
    await own.stop();
  }
});

/** "Moved 38 of 38 photos into …[, with 2 companion files …]": every photo of the plan placed, companions included in `operations`. */
function assertEveryPhotoPlaced(summary: string, verb: string, operations: number): void {
  const m = new RegExp(`^${verb} (\\d+) of (\\d+) photos? into `).exec(summary);
  assert.ok(m, summary);
  assert.equal(m[1], m[2], `every photo of the plan placed: ${summary}`);
  const companions = Number(/, with (\d+) companion files?/.exec(summary)?.[1] ?? 0);
  assert.equal(Number(m[1]) + companions, operations, `photos and companions are the planned files: ${summary}`);
}
