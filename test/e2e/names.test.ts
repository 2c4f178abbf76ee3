// What the groups say about themselves in the app, on a copy of the messy folder: names a person would write on the
// folders (never "Group 3"), each group's first row showing what it is, odd photos marked with why, a group the user
// splits off named from its photos (never "… 2"), and the granularity slider adding groups step by step. Waits only
// on the app's events. Screenshots go to e2e-screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { messyLabels } from '../helpers';
import { edit, groupCount, header, openFolder, screenshot, scrollToFind, scrollToTop, sel, setSlider, thumbIn, useSuite } from './harness';

const suite = useSuite('likeness-e2e-data-');
const labelOf = new Map(messyLabels().map((l) => [l.path, l.label]));

/** Every group as [id, name], in screen order, from the groups overview. */
async function groups(page: Page): Promise<Array<[string, string]>> {
  return page
    .getByTestId('overview-item')
    .evaluateAll((els) => els.map((e) => [e.getAttribute('data-group') ?? '', e.querySelector('.overview-name')?.textContent ?? ''] as [string, string]).filter(([v]) => /^[gu]-/.test(v)));
}

/** The photos of a group's first row on screen. */
async function firstRow(page: Page, group: string): Promise<string[]> {
  assert.ok(await scrollToFind(page, header(group)), `${group} is shown`);
  return page.locator(`.row.row-thumbs[data-group=${sel(group)}]`).first().locator('[data-testid=thumb]').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')!));
}

test('groups are named as a person labels folders, and each opens with photos of what it is', { timeout: 180_000 }, () =>
  suite.withPage(async (page) => {
    await openFolder(page, suite.folderCopy());
    const shown = await groups(page);
    const names = shown.map(([, n]) => n);
    for (const n of names) assert.doesNotMatch(n, /^Group \d|\s\d+$/, `"${n}" is a placeholder`);
    for (const expected of ['Golden retrievers', 'Shih-Tzus', 'Shoes', 'T-shirts', 'Bottles', 'Boxes', 'Bees', 'Ants']) {
      assert.ok(names.includes(expected), `"${expected}" among ${names.join(', ')}`);
    }
    await scrollToTop(page);
    await screenshot(page, '24-named-groups');
    // The first row of a group is its subject: e.g. the golden retrievers' first four are golden retrievers.
    const subject: Record<string, string> = { 'Golden retrievers': 'dog/n02099601', 'Shih-Tzus': 'dog/n02086240', Shoes: 'clothing/Shoes', Bottles: 'trash/glass', Boxes: 'trash/cardboard' };
    for (const [id, name] of shown.filter(([, n]) => n in subject)) {
      const row = (await firstRow(page, id)).slice(0, 4);
      const own = row.filter((p) => labelOf.get(p) === subject[name]).length;
      assert.ok(own >= 3, `${name}: ${own} of its first 4 are ${subject[name]} (${row.join(', ')})`);
    }
  }),
);

test('an odd photo is marked with why; accepting it removes the mark', { timeout: 180_000 }, () =>
  suite.withPage(async (page) => {
    await openFolder(page, suite.folderCopy());
    const reasoned = '[data-testid=thumb]:has([data-testid=reason]):not(:has([data-testid=duplicate-badge]))';
    assert.ok(await scrollToFind(page, reasoned), 'the grouping flags at least one odd photo');
    const thumb = page.locator(reasoned).first();
    const file = (await thumb.getAttribute('data-path'))!;
    const group = (await thumb.locator('xpath=..').getAttribute('data-group'))!;
    const reason = await thumb.getByTestId('reason').innerText();
    assert.match(reason, /^(looks like: .+|unlike the rest of this group)$/);
    assert.ok(await thumb.getByTestId('reason').isVisible(), 'the reason is on the photo, not only in a tooltip');
    assert.ok((await thumb.getAttribute('aria-label'))!.includes(`${reason}, suggested`), 'and in its accessible name');
    // Suggested photos come after the group's own: nothing after this one is a firm member.
    const after = await page.locator(`.row[data-group=${sel(group)}] [data-testid=thumb]`).evaluateAll((els, f) => {
      const i = els.findIndex((e) => e.getAttribute('data-path') === f);
      return els.slice(i).map((e) => e.querySelector('[data-testid=suggestion]') !== null);
    }, file);
    assert.ok(after.every(Boolean), 'suggested photos are last in their group');
    await screenshot(page, '25-odd-photo-reason');

    await edit(page, () => page.locator(thumbIn(group, file)).getByRole('button', { name: /^Accept/ }).click());
    assert.ok(await scrollToFind(page, thumbIn(group, file)), 'still in its group');
    assert.equal(await page.locator(`${thumbIn(group, file)} [data-testid=reason]`).count(), 0, 'no longer marked');
  }),
);

test('photos split off into a new group are named from what they show, never "… 2"', { timeout: 180_000 }, () =>
  suite.withPage(async (page) => {
    await openFolder(page, suite.folderCopy());
    const [bees] = (await groups(page)).find(([, n]) => n === 'Bees')!;
    const picked = (await firstRow(page, bees)).filter((p) => labelOf.get(p) === 'insect/bees').slice(0, 2);
    assert.equal(picked.length, 2);
    await page.locator(thumbIn(bees, picked[0])).click();
    await page.locator(thumbIn(bees, picked[1])).click({ modifiers: ['ControlOrMeta'] });
    await edit(page, () => page.getByRole('button', { name: 'New group' }).click());
    assert.ok(await scrollToFind(page, '[data-testid=group-header][data-user-made=true]'), 'a new group of the user');
    const made = (await page.locator('[data-testid=group-header][data-user-made=true]').first().getAttribute('data-group'))!;
    const names = await groups(page);
    const name = names.find(([id]) => id === made)![1];
    assert.match(name, /bees/i, 'named from its bees');
    assert.equal(names.find(([id]) => id === bees)![1], 'Bees', 'the group they left keeps its name');
    assert.doesNotMatch(name, /\d/, `"${name}" is told apart by a concept, not a number`);
    assert.equal(new Set(names.map(([, n]) => n.toLowerCase())).size, names.length, 'no two groups share a name');
    await screenshot(page, '26-split-named');
  }),
);

test('the granularity slider adds groups step by step, all named', { timeout: 180_000 }, () =>
  suite.withPage(async (page) => {
    await openFolder(page, suite.folderCopy());
    const slider = page.getByTestId('granularity');
    const counts: number[] = [];
    for (const g of ['0.5', '0.6', '0.7', '0.8']) {
      if ((await slider.inputValue()) !== g) await setSlider(page, Number(g));
      counts.push(await groupCount(page));
      for (const [, n] of await groups(page)) assert.doesNotMatch(n, /^Group \d|\s\d+$/, `"${n}" at ${g}`);
    }
    for (let i = 1; i < counts.length; i++) {
      assert.ok(counts[i] > counts[i - 1], `more groups at each step: ${counts}`);
      assert.ok(counts[i] / counts[i - 1] <= 1.75, `no jump: ${counts}`);
    }
    await scrollToTop(page);
    await screenshot(page, '27-finer-groups');
  }),
);
