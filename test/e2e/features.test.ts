// What users of photo managers expect (issue 11), in the browser on copies of the messy folder: the overview of every
// group (jump, drop), thumbnail size, select all and a group's photos, the right-click menu, keyboard shortcuts and
// their sheet, search by name and by what photos show, the duplicates view, why a photo is in its group, the result
// screen per folder, and the busy indicator while regrouping. Screenshots of each new screen go to e2e-screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import {
  edit,
  groupIds,
  groupNames,
  header,
  listFiles,
  openFolder,
  photoCount,
  photoGroups,
  recordTexts,
  screenshot,
  scrollToFind,
  sel,
  setSlider,
  singles,
  sizeOf,
  stateAfter,
  tempDir,
  textsSeen,
  thumbIn,
  useSuite,
} from './harness';

const suite = useSuite('likeness-e2e-features-');
const { folderCopy, withPage } = suite;

async function selectedCount(page: Page): Promise<number> {
  const m = /([\d,]+) selected/.exec(await page.getByTestId('selection-status').innerText());
  return m ? Number(m[1].replace(/,/g, '')) : 0;
}

test('the overview lists every group with its cover, name and size; a click jumps there; a photo dropped on it joins the group', { timeout: 120_000 }, () =>
  withPage(async (page) => {
    await openFolder(page, folderCopy());
    const ids = await groupIds(page);
    const items = page.getByTestId('overview-item');
    assert.equal(await items.count(), ids.length + 1, 'every group, then Unsorted');
    // The second group: one that the grid can scroll to the top (the last ones end the list).
    const last = ids[1];
    const item = page.locator(`[data-testid=overview-item][data-group=${sel(last)}]`);
    assert.equal(Number(await item.locator('.overview-count').innerText()), await sizeOf(page, last), 'its size');
    assert.equal(await item.locator('img').count(), 1, 'a cover photo');
    await item.click();
    const top = await page.evaluate((id) => {
      const h = document.querySelector(`[data-testid=group-header][data-group="${id}"]`)!.closest('.row')!.getBoundingClientRect().top;
      return h - document.querySelector('[data-testid=group-list]')!.getBoundingClientRect().top;
    }, last);
    assert.ok(Math.abs(top) < 3, `the group is at the top of the grid (${top} px)`);
    assert.equal(await item.getAttribute('aria-selected'), 'true', 'and marked as the one in view');
    await screenshot(page, '40-overview');

    const first = ids[0];
    await page.locator(`[data-testid=overview-item][data-group=${sel(first)}]`).click();
    const [n1, n2] = [await sizeOf(page, first), await sizeOf(page, last)];
    await page.locator(`[data-testid=overview-item][data-group=${sel(first)}]`).click();
    const file = (await page.locator(singles(first)).first().getAttribute('data-path'))!;
    await edit(page, () => page.locator(thumbIn(first, file)).dragTo(item));
    assert.equal(await sizeOf(page, first), n1 - 1);
    assert.equal(await sizeOf(page, last), n2 + 1);
    assert.equal((await photoGroups(page)).get(file), last);
  }),
);

test('thumbnail size: Ctrl+plus and Ctrl+minus, or the size slider', { timeout: 120_000 }, () =>
  withPage(async (page) => {
    await openFolder(page, folderCopy());
    const size = () => page.locator('[data-testid=thumb]').first().evaluate((el) => el.getBoundingClientRect().width);
    const columns = () => page.getByTestId('group-list').getAttribute('data-columns').then(Number);
    const [w0, c0] = [await size(), await columns()];
    await page.locator('[data-testid=thumb]').first().click();
    await page.keyboard.press('Control+Equal');
    await page.waitForFunction((w) => document.querySelector('[data-testid=thumb]')!.getBoundingClientRect().width > w, w0);
    assert.ok((await columns()) < c0, 'fewer columns');
    await screenshot(page, '41-larger-thumbnails');
    await page.keyboard.press('Control+Minus');
    await page.keyboard.press('Control+Minus');
    await page.waitForFunction((w) => document.querySelector('[data-testid=thumb]')!.getBoundingClientRect().width < w, w0);
    assert.ok((await columns()) > c0, 'more columns');
    await page.getByTestId('zoom').fill('1');
    await page.waitForFunction((w) => document.querySelector('[data-testid=thumb]')!.getBoundingClientRect().width === w, w0);
    assert.equal(await columns(), c0, 'the slider sets it back');
  }),
);

test('select all, and a group’s photos (its header’s button or Enter on it)', { timeout: 120_000 }, () =>
  withPage(async (page) => {
    await openFolder(page, folderCopy());
    const [g1, g2] = await groupIds(page);
    await page.locator(`${header(g1)} button`, { hasText: 'Select all' }).click();
    assert.equal(await selectedCount(page), await sizeOf(page, g1));
    await scrollToFind(page, header(g2));
    await page.locator(`.row[data-group=${sel(g2)}] [role=gridcell]:has([data-testid=group-header])`).focus();
    await page.keyboard.press('Enter');
    assert.equal(await selectedCount(page), await sizeOf(page, g2), 'Enter on a header selects its photos');
    await page.keyboard.press('Control+a');
    assert.equal(await selectedCount(page), await photoCount(page));
  }),
);

test('the right-click menu acts on the photo (or the selection); Shift+F10 opens it from the keyboard', { timeout: 120_000 }, () =>
  withPage(async (page) => {
    await openFolder(page, folderCopy());
    const [g1] = await groupIds(page);
    const [a, b] = await page.locator(singles(g1)).evaluateAll((els) => els.slice(0, 2).map((e) => e.getAttribute('data-path')!));
    await page.locator(thumbIn(g1, a)).click({ button: 'right' });
    const menu = page.getByTestId('context-menu');
    await menu.waitFor();
    const labels = await menu.getByRole('menuitem').allInnerTexts();
    for (const want of ['Open the preview', 'Why is it here?', 'New group of it', 'Move it to…', 'Exclude it']) assert.ok(labels.some((l) => l.startsWith(want)), `${want} in ${labels.join(' | ')}`);
    await screenshot(page, '42-context-menu');
    await edit(page, () => menu.getByRole('menuitem', { name: /^Exclude it/ }).click());
    assert.equal((await photoGroups(page)).get(a), 'excluded');
    // From the keyboard: Shift+F10 on the next photo, ↓ to "Why is it here?", Enter opens the panel.
    await page.locator(thumbIn(g1, b)).click();
    await page.keyboard.press('Shift+F10');
    await menu.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('why').waitFor();
    await page.keyboard.press('Escape');
  }),
);

test('keyboard shortcuts: N makes a group, M moves, E excludes, A accepts, R rejects; ? lists them', { timeout: 120_000 }, () =>
  withPage(async (page) => {
    await openFolder(page, folderCopy());
    const [g1, g2] = await groupIds(page);
    const [a, b, c] = await page.locator(singles(g1)).evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('data-path')!));
    await page.locator(thumbIn(g1, a)).click();
    await edit(page, () => page.keyboard.press('n'));
    const made = (await photoGroups(page)).get(a)!;
    assert.match(made, /^u-/, 'N made a group of the photo');

    await page.locator(thumbIn(g1, b)).click();
    await page.keyboard.press('m');
    await page.getByTestId('move-menu').waitFor();
    const name = (await groupNames(page))[(await groupIds(page)).indexOf(g2)];
    await edit(page, () => page.getByTestId('move-menu').getByRole('menuitem', { name, exact: true }).click());
    assert.equal((await photoGroups(page)).get(b), g2, 'M moved it');

    await page.locator(thumbIn(g1, c)).click();
    await edit(page, () => page.keyboard.press('e'));
    assert.equal((await photoGroups(page)).get(c), 'excluded', 'E excluded it');

    const suggested = '[data-testid=thumb]:has([data-testid=suggestion]):not(:has([data-testid=duplicate-badge]))';
    assert.ok(await scrollToFind(page, suggested));
    const [s1, s2] = await page.locator(suggested).evaluateAll((els) => els.slice(0, 2).map((e) => e.getAttribute('data-path')!));
    const group = (await page.locator(`[data-testid=thumb][data-path=${sel(s1)}]`).first().locator('xpath=..').getAttribute('data-group'))!;
    await page.locator(thumbIn(group, s1)).click();
    await edit(page, () => page.keyboard.press('a'));
    assert.equal(await page.locator(`${thumbIn(group, s1)} [data-testid=suggestion]`).count(), 0, 'A accepted it');
    if (s2) {
      assert.ok(await scrollToFind(page, `[data-testid=thumb][data-path=${sel(s2)}]`));
      const g = (await page.locator(`[data-testid=thumb][data-path=${sel(s2)}]`).first().locator('xpath=..').getAttribute('data-group'))!;
      await page.locator(thumbIn(g, s2)).click();
      await edit(page, () => page.keyboard.press('r'));
      assert.equal((await photoGroups(page)).get(s2), 'unsorted', 'R rejected it');
    }

    await page.keyboard.press('?');
    const sheet = page.getByTestId('shortcuts');
    await sheet.waitFor();
    const text = await sheet.innerText();
    for (const k of ['M', 'E', 'N', 'A', 'R', 'Ctrl+A', 'Escape', 'Ctrl+Z', 'Shift+F10']) assert.match(text, new RegExp(`(^|\\s)${k.replace('+', '\\+')}\\s`), `${k} is listed`);
    await screenshot(page, '43-shortcuts');
    await page.keyboard.press('Escape');
  }),
);

test('search: by what photos show and by file name; a group whose name matches shows whole', { timeout: 120_000 }, () =>
  withPage(async (page) => {
    await openFolder(page, folderCopy());
    const total = await photoCount(page);
    const search = page.getByTestId('search');
    await search.fill('retriever');
    await page.waitForFunction(() => /shown by the search/.test(document.querySelector('[data-testid=selection-status]')!.textContent ?? ''));
    const shown = await photoGroups(page);
    assert.ok(shown.size > 0 && shown.size < total, `a few photos: ${shown.size} of ${total}`);
    const names = await groupNames(page);
    assert.ok(names.some((n) => /retriever/i.test(n)), `the golden retriever group is listed: ${names.join(', ')}`);
    await screenshot(page, '44-search');
    await search.fill('IMG_1114');
    await page.waitForFunction(() => /\b1 shown by the search/.test(document.querySelector('[data-testid=selection-status]')!.textContent ?? ''));
    assert.deepEqual([...(await photoGroups(page)).keys()], ['IMG_1114.jpg']);
    await search.press('Escape');
    await page.waitForFunction(() => !/shown by the search/.test(document.querySelector('[data-testid=selection-status]')!.textContent ?? ''));
    assert.equal((await photoGroups(page)).size, total, 'everything again');
  }),
);

test('the duplicates view: every set side by side with size, resolution, date and path; keep one of each, nothing deleted', { timeout: 120_000 }, () =>
  withPage(async (page) => {
    const folder = folderCopy();
    const before = listFiles(folder);
    await openFolder(page, folder);
    const count = Number(/\((\d+)\)/.exec(await page.getByTestId('duplicates-button').innerText())![1]);
    await page.getByTestId('duplicates-button').click();
    await page.getByTestId('dup-set').first().waitFor();
    assert.equal(await page.getByTestId('dup-set').count(), count);
    const first = page.getByTestId('dup-copy').first();
    assert.match(await first.innerText(), /\d+×\d+ · [\d.]+ (kB|MB) · \d{4}-\d\d-\d\d/);
    assert.ok((await first.locator('.dup-path').innerText()).length > 0);
    assert.ok(await page.locator('[data-testid=dup-set][data-kind=exact]').count() > 0 && (await page.locator('[data-testid=dup-set][data-kind=near]').count()) > 0, 'exact and near sets');
    // Фото/семья/照片_0.jpeg has the same bytes as the long-named JPEG of its near set: the set says so.
    const withSame = page.locator('[data-testid=dup-set][data-kind=near]', { has: page.getByTestId('dup-same') });
    assert.equal(await withSame.count(), 1, 'one near set holds an identical copy');
    assert.match(await withSame.locator('legend').innerText(), /^Near copies: 3 files, 2 of them identical$/);
    const same = withSame.locator('[data-testid=dup-copy]', { has: page.getByTestId('dup-same') });
    assert.deepEqual([await same.getAttribute('data-path')], ['Фото/семья/照片_0.jpeg']);
    assert.match(await same.getByTestId('dup-same').innerText(), /^The same file as 2019\/Sommer Urlaub 🏖\/x{100,}\.jpg$/);
    await screenshot(page, '45-duplicates');
    await edit(page, () => page.getByTestId('dup-exclude-all').click());
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=dup-exclude]:not(:disabled)').length === 0);
    assert.equal(await page.getByTestId('dup-exclude').count(), count, 'every set has one copy left');
    await page.getByRole('button', { name: 'Done' }).click();
    const excluded = [...(await photoGroups(page)).values()].filter((g) => g === 'excluded').length;
    assert.ok(excluded >= count, `at least one copy per set excluded: ${excluded}`);
    // Filing instead: Undo, then the same with "Duplicates".
    await edit(page, () => page.getByTestId('undo').click());
    await page.getByTestId('duplicates-button').click();
    await page.getByTestId('dup-set').first().waitFor();
    await edit(page, () => page.getByRole('button', { name: '…file the others in “Duplicates”', exact: true }).click());
    await page.getByRole('button', { name: 'Done' }).click();
    assert.ok((await groupNames(page)).includes('Duplicates'), 'a Duplicates group');
    assert.deepEqual(listFiles(folder), before, 'nothing on disk changed');
  }),
);

test('why a photo is in its group: its classes, the group’s, how close it is', { timeout: 120_000 }, () =>
  withPage(async (page) => {
    await openFolder(page, folderCopy());
    const [g1] = await groupIds(page);
    const file = (await page.locator(singles(g1)).first().getAttribute('data-path'))!;
    await page.locator(thumbIn(g1, file)).click();
    await page.keyboard.press('i');
    const why = page.getByTestId('why');
    await why.waitFor();
    assert.ok((await why.getByTestId('why-top').locator('li').count()) >= 3, 'its top classes');
    assert.match(await why.getByTestId('why-place').innerText(), /^In .+ \(\d+ photos\)/);
    assert.match(await why.getByTestId('why-closeness').innerText(), /Closeness to the group: 0\.\d\d/);
    assert.ok((await why.getByTestId('why-group-classes').locator('li').count()) > 0, 'the group’s classes');
    await screenshot(page, '46-why-panel');
    // It follows the keyboard.
    const before = await why.innerText();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((t) => document.querySelector('[data-testid=why]')?.textContent !== t && document.querySelector('[data-testid=why]') !== null, before);
  }),
);

test('the result screen sums up the apply folder by folder', { timeout: 120_000 }, () =>
  withPage(async (page) => {
    await openFolder(page, folderCopy());
    const dest = fs.realpathSync(tempDir('likeness-e2e-dest-'));
    suite.cleanupLater(dest);
    await page.getByRole('button', { name: 'Apply…' }).click();
    const dialog = page.getByTestId('apply-dialog');
    await dialog.getByRole('radio', { name: /^Copy/ }).check();
    await dialog.getByLabel('Destination folder').fill(dest);
    await page.locator(`[data-testid=plan][data-target=${sel(dest)}][data-mode=copy]`).waitFor();
    assert.equal(await stateAfter(page, ['applied', 'groups'], () => page.getByRole('button', { name: 'Copy files' }).click()), 'applied');
    const rows = await page.getByTestId('result-folders').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')!.textContent!, Number(tr.querySelector('td')!.textContent!.replace(/,/g, ''))] as [string, number]));
    const onDisk = new Map<string, number>();
    for (const f of listFiles(dest)) onDisk.set(path.dirname(f), (onDisk.get(path.dirname(f)) ?? 0) + 1);
    assert.deepEqual(new Map(rows), onDisk, 'one row per folder with the files it received');
    await screenshot(page, '47-result-per-folder');
  }),
);

test('a busy indicator while regrouping', { timeout: 120_000 }, () =>
  withPage(async (page) => {
    await openFolder(page, folderCopy());
    await recordTexts(page, '[data-testid=busy]');
    await setSlider(page, 0.9);
    assert.ok((await textsSeen(page)).some((t) => /Regrouping/.test(t)), `seen: ${(await textsSeen(page)).join(' | ')}`);
    assert.equal(await page.getByTestId('busy').innerText(), '', 'gone when done');
  }),
);
