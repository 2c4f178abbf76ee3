// Phone and camera formats in the app: a folder of HEIC (one with its Live Photo movie), a camera RAW alone, a
// RAW+JPEG pair and a video. Chromium cannot show HEIC or RAW, so their thumbnails and large previews must arrive
// as JPEGs the app made; the video is listed apart in the problems panel, and companions are listed nowhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { DATASETS } from '../helpers';
import { heifEnc } from '../heic-fixtures';
import { buildNef, makeJpegs } from '../raw-containers';
import { openFolder, screenshot, scrollToFind, sel, tempDir, useSuite } from './harness';

const suite = useSuite('likeness-e2e-formats-');

async function phoneFolder(): Promise<string> {
  const folder = fs.realpathSync(tempDir('likeness-e2e-phone-'));
  suite.cleanupLater(folder);
  const photos = path.join(DATASETS, 'photos');
  heifEnc(path.join(photos, 'horses.jpg'), path.join(folder, 'IMG_0001.HEIC'), { thumb: 320 });
  heifEnc(path.join(photos, 'person.jpg'), path.join(folder, 'IMG_0002.HEIC'), { thumb: 320 });
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=0.3:size=176x144:rate=10', '-c:v', 'mpeg4', '-y', path.join(folder, 'IMG_0002.MOV')]);
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=0.3:size=176x144:rate=10', '-c:v', 'mpeg4', '-y', path.join(folder, 'VID_0003.mp4')]);
  const big = await sharp(path.join(photos, 'giraffe.jpg')).resize(640, 480, { fit: 'fill' }).jpeg().toBuffer();
  fs.writeFileSync(path.join(folder, 'DSC_0004.NEF'), buildNef({ ...(await makeJpegs()), big, bigProgressive: big }, 6).bytes);
  fs.copyFileSync(path.join(photos, 'dog.jpg'), path.join(folder, 'DSC_0005.JPG'));
  const dog = await sharp(path.join(photos, 'dog.jpg')).jpeg().toBuffer();
  fs.writeFileSync(path.join(folder, 'DSC_0005.NEF'), buildNef({ ...(await makeJpegs()), big: dog, bigProgressive: dog }, 1).bytes);
  return folder;
}

/** Waits for an <img> to load or fail; its natural size (0×0 when the browser could not show it). */
async function loaded(page: Page, selector: string): Promise<[number, number]> {
  const img = page.locator(selector);
  await img.scrollIntoViewIfNeeded();
  return img.evaluate(
    (el: HTMLImageElement) =>
      new Promise<[number, number]>((resolve) => {
        const done = () => resolve([el.naturalWidth, el.naturalHeight]);
        if (el.complete && el.naturalWidth > 0) done();
        else {
          el.addEventListener('load', done, { once: true });
          el.addEventListener('error', done, { once: true });
        }
      }),
  );
}

test('HEIC and camera RAW photos show as thumbnails and large previews; the video is listed apart', { timeout: 180_000 }, async () => {
  const folder = await phoneFolder();
  await suite.withPage(async (page) => {
    await openFolder(page, folder);
    const shown = ['IMG_0001.HEIC', 'IMG_0002.HEIC', 'DSC_0004.NEF', 'DSC_0005.JPG'];
    for (const name of shown) {
      assert.ok(await scrollToFind(page, `[data-testid=thumb][data-path=${sel(name)}]`), `${name} is shown`);
      const [w] = await loaded(page, `[data-testid=thumb][data-path=${sel(name)}] img`);
      assert.ok(w > 0, `${name}: its thumbnail is displayed`);
    }
    for (const name of ['IMG_0002.MOV', 'DSC_0005.NEF', 'VID_0003.mp4']) {
      assert.equal(await page.locator(`[data-testid=thumb][data-path=${sel(name)}]`).count(), 0, `${name} is not a photo in the grid`);
    }
    await screenshot(page, '20-phone-formats');

    // The large preview of a HEIC and of a RAW: the whole picture, upright, as a JPEG the browser can show.
    const horses = await sharp(path.join(DATASETS, 'photos', 'horses.jpg')).metadata();
    for (const [name, size] of [['IMG_0001.HEIC', [horses.width, horses.height]], ['DSC_0004.NEF', [480, 640]]] as const) {
      await page.locator(`[data-testid=thumb][data-path=${sel(name)}]`).dblclick();
      const preview = page.getByTestId('preview');
      await preview.waitFor();
      assert.deepEqual(await loaded(page, '[data-testid=preview] img'), size, `${name}: the full photo is displayed, upright`);
      const src = (await preview.locator('img').getAttribute('src'))!;
      const type = await page.evaluate(async (u) => (await fetch(u)).headers.get('content-type'), src);
      assert.equal(type, 'image/jpeg', `${name} is served as a JPEG`);
      assert.equal(await page.getByTestId('preview-status').innerText(), '', `${name}: no "loading" left once the photo is shown`);
      await screenshot(page, name.endsWith('HEIC') ? '21-heic-preview' : '22-raw-preview');
      await page.keyboard.press('Escape');
      await preview.waitFor({ state: 'detached' });
    }

    // A HEIC damaged after indexing cannot be converted (the host answers 415): its preview stays its thumbnail,
    // shown at the photo's size, and says so, rather than a black screen.
    const person = path.join(folder, 'IMG_0002.HEIC');
    fs.writeFileSync(person, fs.readFileSync(person).subarray(0, 2000));
    const thumbSrc = await page.locator(`[data-testid=thumb][data-path=${sel('IMG_0002.HEIC')}] img`).getAttribute('src');
    await page.locator(`[data-testid=thumb][data-path=${sel('IMG_0002.HEIC')}]`).dblclick();
    await page.getByTestId('preview').waitFor();
    await page.getByTestId('preview-status').filter({ hasText: 'cannot be shown' }).waitFor();
    assert.equal(await page.locator('[data-testid=preview] img').getAttribute('src'), thumbSrc, 'the thumbnail stands in for the photo');
    const [w] = await loaded(page, '[data-testid=preview] img');
    assert.ok(w > 0, 'and is displayed');
    const box = (await page.locator('[data-testid=preview] img').boundingBox())!;
    assert.ok(box.width >= 600, `the thumbnail is shown at the photo's size (640 px), not its own (386 px) (${Math.round(box.width)} px)`);
    await screenshot(page, '52-preview-cannot-show');
    await page.keyboard.press('Escape');
    await page.getByTestId('preview').waitFor({ state: 'detached' });

    await page.getByTestId('problems-toggle').click();
    const panel = page.getByRole('region', { name: 'Problems' });
    await panel.waitFor();
    assert.deepEqual(await panel.getByTestId('videos').locator('li').allInnerTexts(), ['VID_0003.mp4'], 'the video, and not the Live Photo movie');
    assert.equal(await panel.getByTestId('skipped').count(), 0, 'nothing else is a problem');
    assert.match(await panel.innerText(), /1 video, not grouped/);
    await screenshot(page, '23-videos-apart');
  });
});
