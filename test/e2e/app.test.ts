// The real app in a real browser: the built renderer, served by the web host over the real engine, driven in
// Debian's headless chromium. Opens a copy of the messy folder, fixes the suggested groups the ways a person
// does, copies the result into another folder, checks the files on disk, undoes it, and checks that media URLs
// cannot reach outside the opened folder. Waits only on the app's events. Screenshots go to e2e-screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  appPage,
  edit,
  groupCount,
  groupIds,
  groupNames,
  moveSelectedTo,
  header,
  launchBrowser,
  listFiles,
  messyCopy,
  rawGet,
  screenshot,
  scrollToFind,
  scrollToTop,
  sel,
  singles,
  sizeOf,
  startHost,
  statesShown,
  tempDir,
  thumbIn,
  waitForState,
  whereIs,
} from './harness';

test('in a browser: open the messy folder, fix the groups, copy them out, undo; media stays inside', { timeout: 600_000 }, async (t) => {
  const folder = messyCopy();
  const dest = fs.realpathSync(tempDir('likeness-e2e-dest-'));
  const dataDir = tempDir('likeness-e2e-data-');
  const host = await startHost(dataDir);
  const browser = await launchBrowser();
  try {
    // Remembers every screen shown, in order: to check that progress appeared before the groups.
    const { page, errors: pageErrors } = await appPage(browser, host.url);
    let groupOfAccepted = '';

    await t.test('the printed address opens the app and leaves the address bar; without the token there is no app', async () => {
      assert.equal(page.url(), `${host.origin}/`, 'the token is traded for a cookie and dropped from the address');
      const stranger = await browser.newPage();
      try {
        const response = await stranger.goto(host.origin);
        assert.equal(response?.status(), 401);
        assert.match(await stranger.locator('body').innerText(), /needs its token/);
        const wrong = await stranger.goto(`${host.origin}/?token=${'x'.repeat(43)}`);
        assert.equal(wrong?.status(), 403);
      } finally {
        await stranger.close();
      }
    });

    await t.test('the welcome screen offers a typed path and the models with their size', async () => {
      await page.getByTestId('model').first().waitFor();
      const models = await page.getByTestId('model').allInnerTexts();
      assert.ok(models.some((m) => /MobileNet/i.test(m) && /default/.test(m) && /MB/.test(m)), `default model listed: ${models.join(' | ')}`);
      await screenshot(page, '01-welcome');
    });

    await t.test('opening shows progress at once, then the groups', async () => {
      await page.getByLabel('Folder path').fill(folder);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      if ((await page.evaluate(() => document.body.dataset.state)) === 'working') await screenshot(page, '02-progress');
      await waitForState(page, 'groups');
      const states = await statesShown(page);
      assert.deepEqual(states.slice(states.indexOf('welcome')), ['welcome', 'working', 'groups']);
      assert.ok((await groupCount(page)) >= 3, 'several groups');
      assert.ok(await page.locator('[data-testid=thumb] img').first().isVisible());
      await screenshot(page, '03-groups');
      assert.ok(await scrollToFind(page, '[data-testid=group-header][data-kind=unsorted]'), 'Unsorted is listed (at the end)');
      await scrollToTop(page);
    });

    await t.test('skipped files are listed with their reasons', async () => {
      await page.getByTestId('problems-toggle').click();
      const skipped = await page.getByTestId('skipped').innerText();
      assert.match(skipped, /empty file/);
      assert.match(skipped, /truncated/);
      await screenshot(page, '04-problems');
      await page.getByTestId('problems-toggle').click();
    });

    const [g1, g2, g3] = await groupIds(page);

    await t.test('a group is renamed in place; Escape keeps the old name; Ctrl+Z and Ctrl+Shift+Z undo and redo', async () => {
      const name = page.locator(`${header(g1)} [data-testid=group-name]`);
      const before = await name.innerText();
      await name.click();
      await page.getByTestId('group-name-input').fill('Never mind');
      await page.getByTestId('group-name-input').press('Escape');
      assert.equal(await name.innerText(), before);

      await name.click();
      await page.getByTestId('group-name-input').fill('Clothes I kept');
      await edit(page, () => page.getByTestId('group-name-input').press('Enter'));
      assert.equal(await name.innerText(), 'Clothes I kept');

      await edit(page, () => page.keyboard.press('Control+z'));
      assert.equal(await name.innerText(), before);
      await edit(page, () => page.keyboard.press('Control+Shift+z'));
      assert.equal(await name.innerText(), 'Clothes I kept');
    });

    await t.test('a suggested member is accepted with one click', async () => {
      const suggested = '[data-testid=thumb]:has([data-testid=suggestion])';
      assert.ok(await scrollToFind(page, suggested), 'the grouping suggests at least one member');
      const thumb = page.locator(suggested).first();
      const file = (await thumb.getAttribute('data-path'))!;
      groupOfAccepted = (await thumb.locator('xpath=..').getAttribute('data-group'))!;
      await edit(page, () => page.locator(thumbIn(groupOfAccepted, file)).getByRole('button', { name: /^Accept/ }).click());
      assert.ok(await scrollToFind(page, thumbIn(groupOfAccepted, file)), 'still in its group');
      assert.equal(await page.locator(`${thumbIn(groupOfAccepted, file)} [data-testid=suggestion]`).count(), 0, 'no longer marked suggested');
    });

    await t.test('two checked groups merge into the first', async () => {
      const [n2, n3, count] = [await sizeOf(page, g2), await sizeOf(page, g3), await groupCount(page)];
      await scrollToFind(page, header(g2));
      await page.locator(`${header(g2)} [data-testid=group-check]`).check();
      await scrollToFind(page, header(g3));
      await page.locator(`${header(g3)} [data-testid=group-check]`).check();
      await edit(page, () => page.getByRole('button', { name: /^Merge/ }).click());
      assert.equal(await sizeOf(page, g2), n2 + n3);
      assert.equal(await scrollToFind(page, header(g3)), false, 'the second group is gone');
      assert.equal(await groupCount(page), count - 1);
    });

    let moved = '';
    await t.test('photos picked with ctrl-click become a new group', async () => {
      const n1 = await sizeOf(page, g1);
      await scrollToTop(page);
      const thumbs = page.locator(singles(g1));
      const picked = (await thumbs.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')!))).slice(1, 4);
      // Clicked by path: the list re-renders as it scrolls, so "the second thumbnail" may be another one later.
      await page.locator(thumbIn(g1, picked[0])).click();
      await page.locator(thumbIn(g1, picked[1])).click({ modifiers: ['ControlOrMeta'] });
      await page.locator(thumbIn(g1, picked[2])).click({ modifiers: ['ControlOrMeta'] });
      assert.match(await page.getByTestId('selection-status').innerText(), /3 selected/);
      await edit(page, () => page.getByRole('button', { name: 'New group' }).click());
      assert.equal(await sizeOf(page, g1), n1 - 3);
      assert.ok(await scrollToFind(page, '[data-testid=group-header][data-user-made=true]'), 'a new group of the user');
      const made = (await page.locator('[data-testid=group-header][data-user-made=true]').first().getAttribute('data-group'))!;
      assert.equal(await sizeOf(page, made), 3);
      for (const f of picked) assert.ok(await scrollToFind(page, thumbIn(made, f)), `${f} is in the new group`);
      await screenshot(page, '05-edited');
    });

    await t.test('a photo moves to another group with "Move to…"', async () => {
      await scrollToTop(page);
      const [n1, n2] = [await sizeOf(page, g1), await sizeOf(page, g2)];
      await scrollToTop(page);
      const thumb = page.locator(singles(g1)).first();
      moved = (await thumb.getAttribute('data-path'))!;
      await page.locator(thumbIn(g1, moved)).click();
      await moveSelectedTo(page, g2);
      assert.ok(await scrollToFind(page, thumbIn(g2, moved)), `${moved} is in the other group, not in ${await whereIs(page, moved)}`);
      assert.equal(await sizeOf(page, g1), n1 - 1);
      assert.equal(await sizeOf(page, g2), n2 + 1);
    });

    await t.test('a photo dragged onto a group header joins that group', async () => {
      // The group shown just before g2: its last row and g2's header are in view together.
      const ids = await groupIds(page);
      const from = ids[ids.indexOf(g2) - 1] ?? ids[ids.indexOf(g2) + 1];
      await scrollToTop(page);
      const [n1, n2] = [await sizeOf(page, from), await sizeOf(page, g2)];
      await scrollToFind(page, header(g2));
      const box = (await page.getByTestId('group-list').boundingBox())!;
      const file = await page.locator(singles(from)).evaluateAll(
        (els, b) => els.filter((e) => e.getBoundingClientRect().top >= b.y && e.getBoundingClientRect().bottom <= b.y + b.height).map((e) => e.getAttribute('data-path')!).pop(),
        box,
      );
      assert.ok(file, 'a photo of the group before is in view');
      await edit(page, () => page.locator(thumbIn(from, file)).dragTo(page.locator(header(g2))));
      assert.equal(await sizeOf(page, from), n1 - 1);
      assert.equal(await sizeOf(page, g2), n2 + 1);
      assert.ok(await scrollToFind(page, thumbIn(g2, file)));
    });

    await t.test('an excluded photo is set aside in Excluded, and comes back with Include', async () => {
      await scrollToTop(page);
      const n1 = await sizeOf(page, g1);
      await scrollToTop(page);
      const file = (await page.locator(singles(g1)).first().getAttribute('data-path'))!;
      await page.locator(thumbIn(g1, file)).click();
      await edit(page, () => page.getByRole('button', { name: 'Exclude', exact: true }).click());
      assert.ok(await scrollToFind(page, thumbIn('excluded', file)), 'listed under Excluded');
      assert.equal(await sizeOf(page, g1), n1 - 1);
      await scrollToFind(page, thumbIn('excluded', file)); // back to it: counting g1 scrolled away
      await page.locator(thumbIn('excluded', file)).click();
      await edit(page, () => page.getByRole('button', { name: 'Include', exact: true }).click());
      assert.equal(await scrollToFind(page, '[data-testid=group-header][data-kind=excluded]'), false, 'nothing excluded any more');
      assert.equal(await sizeOf(page, g1), n1);
    });

    await t.test('every control of the groups view has an accessible name', async () => {
      await scrollToTop(page);
      const unnamed = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('button, input, select, [role=option], [role=gridcell], [role=menuitem]')]
          .filter((el) => {
            const labels = (el as HTMLInputElement).labels;
            return !(el.getAttribute('aria-label') || (labels && labels.length) || el.textContent?.trim());
          })
          .map((el) => el.outerHTML.slice(0, 120)),
      );
      assert.deepEqual(unnamed, []);
    });

    let fullUrl = '';
    await t.test('arrow keys move between photos, Enter opens the large preview, arrows step, Escape closes', async () => {
      await scrollToTop(page);
      const first = page.locator('[data-testid=thumb]').first();
      await first.click();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      const preview = page.getByTestId('preview');
      await preview.waitFor();
      const img = preview.locator('img');
      fullUrl = (await img.getAttribute('src'))!;
      await img.evaluate((el: HTMLImageElement) => (el.complete ? undefined : new Promise((r) => (el.onload = el.onerror = r))));
      assert.ok(await img.evaluate((el: HTMLImageElement) => el.naturalWidth > 0), 'the photo is shown');
      assert.match(await preview.innerText(), /2 of /, 'the second photo (ArrowRight moved the cursor)');
      await screenshot(page, '06-preview');
      await page.keyboard.press('ArrowRight');
      assert.match(await preview.innerText(), /3 of /);
      await page.keyboard.press('Escape');
      await preview.waitFor({ state: 'detached' });
    });

    await t.test('the granularity slider regroups and keeps the user\'s edits', async () => {
      const slider = page.getByTestId('granularity');
      const before = Number(await slider.inputValue());
      await edit(page, () => slider.fill(String(before >= 0.5 ? before - 0.3 : before + 0.3)));
      const names = await groupNames(page);
      assert.ok(names.includes('Clothes I kept'), `the renamed group is still there: ${names.join(', ')}`);
      await screenshot(page, '07-regrouped');
    });

    let operations = 0;
    await t.test('apply dialog: copy into another folder, with the full preview of operations', async () => {
      await page.getByRole('button', { name: 'Apply…' }).click();
      const dialog = page.getByTestId('apply-dialog');
      await dialog.getByRole('radio', { name: /^Copy/ }).check();
      // A relative destination would be read from wherever the app was started: refused, with an example.
      await dialog.getByLabel('Destination folder').fill('Sorted');
      await dialog.getByText(/not a complete folder path: Sorted .*like ~\/Pictures/).waitFor();
      assert.ok(await page.getByRole('button', { name: 'Copy files' }).isDisabled(), 'nothing to copy into a relative path');
      await dialog.getByLabel('Destination folder').fill(dest);
      const plan = page.locator(`[data-testid=plan][data-target=${sel(dest)}][data-mode=copy]`);
      await plan.waitFor();
      operations = Number(await plan.getAttribute('data-operations'));
      assert.ok(operations > 20, `files to copy: ${operations}`);
      assert.match(await page.getByTestId('plan-sentence').innerText(), /^Copy \d+ photos/);
      assert.match(await page.getByTestId('plan-folders').innerText(), /Clothes I kept/);
      assert.ok((await page.getByTestId('plan-op').count()) > 0);
      await screenshot(page, '08-apply-dialog');
    });

    const before = listFiles(folder);
    await t.test('applying copies the files into one folder per group', async () => {
      await page.getByRole('button', { name: 'Copy files' }).click();
      await waitForState(page, 'applied');
      await screenshot(page, '09-applied');
      const copied = listFiles(dest);
      assert.equal(copied.length, operations, 'every planned file is there');
      assert.ok(copied.some((f) => f.startsWith(`Clothes I kept${path.sep}`)), 'the renamed group is a folder');
      assert.ok(copied.every((f) => f.includes(path.sep)), 'every file is in a group folder');
      assert.deepEqual(listFiles(folder), before, 'copying leaves the originals as they were');
      const summary = await page.getByTestId('apply-summary').innerText();
      const m = /^Copied (\d+) of (\d+) photos? into /.exec(summary);
      const companions = Number(/, with (\d+) companion files?/.exec(summary)?.[1] ?? 0);
      assert.ok(m && m[1] === m[2] && Number(m[1]) + companions === operations, `every photo copied: ${summary}`);
      // The web host cannot reveal a folder: the button is not offered.
      assert.equal(await page.getByRole('button', { name: 'Show in folder' }).count(), 0);
    });

    await t.test('undo removes the copies', async () => {
      await page.getByRole('button', { name: 'Undo' }).click();
      await waitForState(page, 'undone');
      await screenshot(page, '10-undone');
      assert.deepEqual(listFiles(dest), [], 'no copy left');
      assert.deepEqual(listFiles(folder), before, 'the originals untouched');
      await page.getByRole('button', { name: 'Back to the groups' }).click();
      await waitForState(page, 'groups');
    });

    await t.test('the theme follows the OS: dark when it prefers dark', async () => {
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.emulateMedia({ colorScheme: 'light' });
      const light = await background();
      await page.emulateMedia({ colorScheme: 'dark' });
      const dark = await background();
      assert.notEqual(dark, light);
      await screenshot(page, '11-groups-dark');
      await page.emulateMedia({ colorScheme: 'light' });
    });

    await t.test('media URLs: a thumbnail and a photo load; .., %2F and a symlink out are refused with 403', async () => {
      const thumb = (await page.locator('[data-testid=thumb] img').first().getAttribute('src'))!;
      assert.match(thumb, /^\/media\//);
      const ok = await rawGet(host.port, thumb, host.token);
      assert.equal(ok.status, 200);
      assert.ok(ok.body.length > 100);
      assert.equal((await rawGet(host.port, fullUrl, host.token)).status, 200);
      assert.equal((await rawGet(host.port, fullUrl)).status, 401, 'not without the token');
      assert.equal((await rawGet(host.port, thumb)).status, 401, 'not without the token');
      const folderPart = fullUrl.split('/').slice(0, 4).join('/'); // /media/full/<folder key>
      fs.symlinkSync('/etc', path.join(folder, 'escape'));
      for (const bad of [
        `${folderPart}/../../../../../../etc/passwd`,
        `${folderPart}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd`,
        `${folderPart}/..%2F..%2F..%2F..%2Fetc%2Fpasswd`,
        `${folderPart}/DCIM%2F..%2F..%2Fescape`,
        `${folderPart}/escape/passwd`,
        `/media/thumb/..%2F..%2F..%2Fetc%2Fpasswd`,
      ]) {
        const r = await rawGet(host.port, bad, host.token);
        assert.equal(r.status, 403, `${bad} → ${r.status}`);
        assert.ok(!r.body.toString().includes('root:'), 'no bytes of the file');
      }
    });

    assert.deepEqual(pageErrors, [], 'no script error in the page');
  } finally {
    await browser.close();
    await host.stop();
    for (const dir of [path.dirname(folder), dataDir, dest]) fs.rmSync(dir, { recursive: true, force: true });
  }
});
