// What the browser tests stand on: a copy of the messy folder, the real web host (electron/host) over the real
// engine, Debian's chromium driven by playwright-core, and waits on the app's own events (renderer/src/app-events.ts)
// instead of sleeps.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { messyCopy as messyFolderCopy, ROOT, SHARED_MODELS, tempDir } from '../helpers';

export const CHROMIUM = process.env.LIKENESS_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, 'e2e-screenshots');

/** The messy folder as a person has it (its symlink restored), by its real path as the app reports it. */
export function messyCopy(): string {
  return fs.realpathSync(messyFolderCopy());
}

export interface RunningHost {
  /** The address the host printed, with its token: what a person opens. */
  url: string;
  /** `http://127.0.0.1:PORT`, without the token. */
  origin: string;
  token: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/electron/host/main.js --port 0 --data-dir DIR` (or its TypeScript source when this test runs
 * under tsx) and resolves with the URL it prints once listening.
 */
export function startHost(dataDir: string): Promise<RunningHost> {
  const compiled = __filename.endsWith('.js');
  const entry = compiled ? [path.join(ROOT, 'dist', 'electron', 'host', 'main.js')] : ['--import', 'tsx', path.join(ROOT, 'electron', 'host', 'main.ts')];
  const rendererDir = process.env.LIKENESS_RENDERER_DIR || path.join(ROOT, 'dist', 'renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error(`the renderer is not built in ${rendererDir}: run npm run build`);
  const child = spawn(process.execPath, [...entry, '--port', '0', '--data-dir', dataDir, '--renderer-dir', rendererDir], {
    cwd: ROOT,
    env: { ...process.env, LIKENESS_MODELS_DIR: SHARED_MODELS },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /Likeness web host on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        const url = m[1];
        const parsed = new URL(url);
        resolve({
          url,
          origin: parsed.origin,
          token: parsed.searchParams.get('token') ?? '',
          port: Number(parsed.port),
          process: child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`the host exited (${code}) before listening: ${stderr || out}`)));
  });
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: apt-get install chromium (listed in .ci/apt-packages)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true });
}

/** A page of the app's size. */
export async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  // Run from source (node --import tsx --test), the functions handed to page.evaluate are compiled with esbuild's
  // keepNames, which calls a __name helper that only exists in Node: give the page a no-op one.
  await page.addInitScript('globalThis.__name = globalThis.__name || ((f) => f)');
  return page;
}

/** Resolves when the app shows `state` (document.body.dataset.state), at once if it already does. */
export async function waitForState(page: Page, state: string): Promise<void> {
  await page.evaluate(
    (s) =>
      new Promise<void>((resolve) => {
        if (document.body.dataset.state === s) return resolve();
        const on = (e: Event) => {
          if ((e as CustomEvent<{ state: string }>).detail.state !== s) return;
          window.removeEventListener('likeness:state', on);
          resolve();
        };
        window.addEventListener('likeness:state', on);
      }),
    state,
  );
}

/** The host and browser one test file shares, and the folders it made (removed after its tests). */
export interface Suite {
  readonly browser: Browser;
  readonly host: RunningHost;
  /** The library of `host`. */
  readonly dataDir: string;
  /** Removes these folders after the file's tests. */
  cleanupLater(...dirs: string[]): void;
  /** A fresh copy of the messy folder, removed after the tests. */
  folderCopy(): string;
  /** Runs `run` on a new app page, then fails on any script error the page raised; the page is closed either way. */
  withPage(run: (page: Page) => Promise<void>): Promise<void>;
}

/** Starts a host (its library under a temporary folder named by `prefix`) and a browser before the file's tests, and stops both after. */
export function useSuite(prefix: string): Suite {
  let browser: Browser | undefined;
  let host: RunningHost | undefined;
  let dataDir: string | undefined;
  const cleanup: string[] = [];
  const ready = <T>(x: T | undefined, what: string): T => x ?? assert.fail(`${what} is used before the suite started`);
  before(async () => {
    dataDir = tempDir(prefix);
    cleanup.push(dataDir);
    host = await startHost(dataDir);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await host?.stop();
    for (const dir of cleanup) fs.rmSync(dir, { recursive: true, force: true });
  });
  const suite: Suite = {
    get browser() {
      return ready(browser, 'the browser');
    },
    get host() {
      return ready(host, 'the host');
    },
    get dataDir() {
      return ready(dataDir, 'the library');
    },
    cleanupLater: (...dirs) => void cleanup.push(...dirs),
    folderCopy: () => {
      const folder = messyCopy();
      cleanup.push(path.dirname(folder));
      return folder;
    },
    withPage: async (run) => {
      const { page, errors } = await appPage(suite.browser, suite.host.url);
      try {
        await run(page);
        assert.deepEqual(errors, [], 'no script error in the page');
      } finally {
        await page.close();
      }
    },
  };
  return suite;
}

/** A new page on the app's welcome screen that remembers script errors and every screen shown (statesShown). */
export async function appPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await newPage(browser);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { likenessStates: string[] };
    w.likenessStates = [];
    window.addEventListener('likeness:state', (e) => w.likenessStates.push((e as CustomEvent<{ state: string }>).detail.state));
  });
  await page.goto(url);
  await waitForState(page, 'welcome');
  return { page, errors };
}

/** Every screen an appPage has shown, in order. */
export async function statesShown(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { likenessStates: string[] }).likenessStates);
}

/** Group ids in screen order, from the groups overview (the grid itself only renders what is in view). */
export async function groupIds(page: Page): Promise<string[]> {
  return page
    .getByTestId('overview-item')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-group') ?? '').filter((v) => /^[gu]-/.test(v)));
}

/** Group names in screen order, from the groups overview. */
export async function groupNames(page: Page): Promise<string[]> {
  return page.locator('[data-testid=overview-item]:not(.unsorted):not(.excluded) .overview-name').allInnerTexts();
}

/**
 * Does `action` and resolves with the first of `states` the app shows after it: an outcome that may go either
 * way (finished or cancelled, done or failed) is waited on with both, so a failure is reported, not a hang. The
 * listener is in place before the action, so a quick change is not missed.
 */
export async function stateAfter(page: Page, states: string[], action: () => Promise<unknown>): Promise<string> {
  await page.evaluate((wanted) => {
    const w = window as unknown as { likenessNextState?: Promise<string> };
    w.likenessNextState = new Promise<string>((resolve) => {
      const on = (e: Event) => {
        const s = (e as CustomEvent<{ state: string }>).detail.state;
        if (!wanted.includes(s)) return;
        window.removeEventListener('likeness:state', on);
        resolve(s);
      };
      window.addEventListener('likeness:state', on);
    });
  }, states);
  await action();
  return page.evaluate(() => (window as unknown as { likenessNextState: Promise<string> }).likenessNextState);
}

/** The number of groups views shown so far; pass it to waitForView after an action. */
export async function viewVersion(page: Page): Promise<number> {
  return page.evaluate(() => Number(document.body.dataset.view ?? '0'));
}

/** Resolves once a groups view newer than `after` is on screen (the engine answered an edit). */
export async function waitForView(page: Page, after: number): Promise<void> {
  await page.evaluate(
    (v) =>
      new Promise<void>((resolve, reject) => {
        const done = () => Number(document.body.dataset.view ?? '0') > v;
        if (done()) return resolve();
        const onView = () => {
          if (!done()) return;
          cleanup();
          resolve();
        };
        // A failed call is an app event too: fail at once with its message rather than waiting forever.
        const onError = (e: Event) => {
          cleanup();
          reject(new Error((e as CustomEvent<{ message: string }>).detail.message));
        };
        const cleanup = () => {
          window.removeEventListener('likeness:view', onView);
          window.removeEventListener('likeness:error', onError);
        };
        window.addEventListener('likeness:view', onView);
        window.addEventListener('likeness:error', onError);
      }),
    after,
  );
}

/**
 * Scrolls the virtualized groups list from the top until `selector` is rendered; a frame is awaited after each
 * step so the list has drawn the rows now in view. Returns false when the bottom is reached without it.
 */
export async function scrollToFind(page: Page, selector: string): Promise<boolean> {
  return page.evaluate(async (sel) => {
    const list = document.querySelector<HTMLElement>('[data-testid=group-list]');
    if (!list) return false;
    const frame = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
    list.scrollTop = 0;
    await frame();
    for (;;) {
      const el = document.querySelector(sel);
      if (el) {
        el.scrollIntoView({ block: 'center' });
        await frame();
        return true;
      }
      if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) return false;
      list.scrollTop += Math.max(100, list.clientHeight - 100);
      await frame();
    }
  }, selector);
}

/** Scrolls the groups list to the top and waits until it has drawn the rows there. */
export async function scrollToTop(page: Page): Promise<void> {
  await page.getByTestId('group-list').evaluate(async (list) => {
    list.scrollTop = 0;
    await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // Thumbnails on screen load lazily: wait until the browser says each is done, so the picture shows them.
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), null, { timeout: 15_000 }).catch(() => undefined);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/**
 * GET with the path sent byte for byte (fetch and URL would resolve `..` before sending), with the host's token as
 * a bearer token when one is given.
 */
export function rawGet(port: number, rawPath: string, token?: string): Promise<{ status: number; body: Buffer }> {
  const headers: Record<string, string> = { host: `127.0.0.1:${port}` };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every file under a folder, relative, sorted (symlinks not followed). */
export function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(root, p));
    }
  };
  if (fs.existsSync(root)) walk(root);
  return out.sort();
}

export { tempDir };

// Selectors of the groups view.
export const sel = (s: string) => JSON.stringify(s); // a CSS attribute value (paths hold spaces, quotes, unicode)
export const header = (group: string) => `[data-testid=group-header][data-group=${sel(group)}]`;
// Photos with no exact copy: a copy shares the content hash, so an edit of one moves both and counts would be off.
export const singles = (group: string) => `.row[data-group=${sel(group)}] [data-testid=thumb]:not(:has([data-testid=duplicate-badge]))`;
export const thumbIn = (group: string, file: string) => `.row[data-group=${sel(group)}] [data-testid=thumb][data-path=${sel(file)}]`;

/** The number on a group's header (scrolls to it). */
export async function sizeOf(page: Page, group: string): Promise<number> {
  assert.ok(await scrollToFind(page, header(group)), `group ${group} is shown`);
  const text = await page.locator(`${header(group)} [data-testid=group-size]`).innerText();
  return Number(text.replace(/[^0-9]/g, ''));
}

export async function groupCount(page: Page): Promise<number> {
  const text = await page.getByTestId('summary').innerText();
  return Number(/([\d,]+) groups?/.exec(text)![1].replace(/,/g, ''));
}

/** The number of photos the toolbar's summary counts. */
export async function photoCount(page: Page): Promise<number> {
  const text = await page.getByTestId('summary').innerText();
  return Number(/([\d,]+) photos?/.exec(text)![1].replace(/,/g, ''));
}

/** The group a photo is shown in, for failure messages. */
export async function whereIs(page: Page, file: string): Promise<string> {
  const thumb = `[data-testid=thumb][data-path=${sel(file)}]`;
  if (!(await scrollToFind(page, thumb))) return 'no group';
  return (await page.locator(thumb).first().locator('xpath=..').getAttribute('data-group')) ?? '?';
}

/** Does an edit and waits for the engine's new view. */
export async function edit(page: Page, action: () => Promise<void>): Promise<void> {
  const v = await viewVersion(page);
  await action();
  await waitForView(page, v);
}

/** Types the folder's path on the welcome screen, presses Open and waits for its groups. */
export async function openFolder(page: Page, folder: string): Promise<void> {
  await page.getByLabel('Folder path').fill(folder);
  const shown = await stateAfter(page, ['groups', 'welcome'], () => page.getByRole('button', { name: 'Open', exact: true }).click());
  assert.equal(shown, 'groups', `${folder} opened (not back to the welcome screen: ${await page.getByTestId('error-banner').allInnerTexts()})`);
}

export interface SeenProgress {
  stage: string;
  done: number;
  total: number | null;
}

/**
 * From now on, records every progress the working screen shows (its data-stage, data-done, data-total), in
 * order, forgetting what was recorded before; read it with progressSeen.
 */
export async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { likenessProgress?: SeenProgress[]; likenessProgressObserver?: MutationObserver };
    w.likenessProgress = [];
    if (w.likenessProgressObserver) return;
    const take = () => {
      const el = document.querySelector<HTMLElement>('[data-testid=progress]');
      if (!el?.dataset.stage) return;
      const seen = { stage: el.dataset.stage, done: Number(el.dataset.done), total: el.dataset.total === undefined ? null : Number(el.dataset.total) };
      const list = w.likenessProgress!;
      const last = list[list.length - 1];
      if (!last || last.stage !== seen.stage || last.done !== seen.done || last.total !== seen.total) list.push(seen);
    };
    w.likenessProgressObserver = new MutationObserver(take);
    w.likenessProgressObserver.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-stage', 'data-done', 'data-total'] });
  });
}

export async function progressSeen(page: Page): Promise<SeenProgress[]> {
  return page.evaluate(() => (window as unknown as { likenessProgress?: SeenProgress[] }).likenessProgress ?? []);
}

/** Every photo shown and the group (data-group) it is in, by scrolling the whole grid from the top. */
export async function photoGroups(page: Page): Promise<Map<string, string>> {
  const pairs = await page.evaluate(async () => {
    const list = document.querySelector<HTMLElement>('[data-testid=group-list]');
    const out: Array<[string, string]> = [];
    if (!list) return out;
    const frame = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
    list.scrollTop = 0;
    await frame();
    for (;;) {
      for (const t of document.querySelectorAll<HTMLElement>('.row[data-group] [data-testid=thumb]')) {
        out.push([t.dataset.path!, t.closest<HTMLElement>('.row')!.dataset.group!]);
      }
      if (list.scrollTop + list.clientHeight >= list.scrollHeight - 1) break;
      list.scrollTop += Math.max(100, list.clientHeight - 100);
      await frame();
    }
    list.scrollTop = 0;
    await frame();
    return out;
  });
  return new Map(pairs);
}

/** The groups (data-group) holding most of the photos labelled `label` in the messy folder's labels.csv. */
export function groupOfLabel(where: Map<string, string>, labels: Array<{ path: string; label: string }>, label: string): string | undefined {
  const count = new Map<string, number>();
  for (const l of labels) {
    const g = l.label === label ? where.get(l.path) : undefined;
    if (g) count.set(g, (count.get(g) ?? 0) + 1);
  }
  return [...count].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Moves the groups slider to `value` and waits for the regrouped view (nothing to wait for when it is there already). */
export async function setSlider(page: Page, value: number): Promise<void> {
  const slider = page.getByTestId('granularity');
  if (Number(await slider.inputValue()) === value) return;
  await edit(page, () => slider.fill(String(value)));
}

/**
 * From now on, records every text `selector` shows (each distinct text once, in order), forgetting what was
 * recorded before; read it with textsSeen.
 */
export async function recordTexts(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const w = window as unknown as { likenessTexts?: string[]; likenessTextsObserver?: MutationObserver };
    w.likenessTexts = [];
    w.likenessTextsObserver?.disconnect();
    const take = () => {
      for (const el of document.querySelectorAll<HTMLElement>(sel)) {
        const t = el.innerText.trim();
        if (t && !w.likenessTexts!.includes(t)) w.likenessTexts!.push(t);
      }
    };
    w.likenessTextsObserver = new MutationObserver(take);
    w.likenessTextsObserver.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    take();
  }, selector);
}

export async function textsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { likenessTexts?: string[] }).likenessTexts ?? []);
}

/** The rectangle of an element, by selector (the first match), or null. */
export async function boxOf(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number } | null> {
  return page.locator(selector).first().boundingBox();
}

/** Moves the selected photos to a group with the "Move to…" menu, and waits for the new view. */
export async function moveSelectedTo(page: Page, group: string): Promise<void> {
  const name = await page.locator(`[data-testid=overview-item][data-group=${sel(group)}] .overview-name`).innerText();
  await page.getByTestId('move-to').click();
  await edit(page, () => page.getByTestId('move-to-menu').getByRole('menuitem', { name, exact: true }).click());
}

const AXE_SOURCE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core (the npm package, its source evaluated in the page: the app's Content-Security-Policy admits no
 * injected script tag, DevTools evaluation is not subject to it) against WCAG 2.0–2.2 A and AA, and returns the
 * serious and critical violations.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(fs.readFileSync(AXE_SOURCE, 'utf8'));
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`) }));
  });
}

/** Fails with every serious or critical axe violation of the page as it is, in the light and in the dark theme. */
export async function assertAccessible(page: Page, screen: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const found = await axeViolations(page);
    assert.deepEqual(found, [], `${screen} (${scheme}): ${found.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.join('\n  ')}`).join('\n')}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Where focus is: the element's role or tag, its accessible-ish name and test id. */
export async function focused(page: Page): Promise<{ role: string | null; tag: string; testid: string | null; label: string | null; inDialog: string | null }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      role: el?.getAttribute('role') ?? null,
      tag: el?.tagName ?? 'none',
      testid: el?.getAttribute('data-testid') ?? null,
      label: el?.getAttribute('aria-label') ?? el?.textContent?.trim().slice(0, 60) ?? null,
      inDialog: el?.closest('[role=dialog]')?.getAttribute('data-testid') ?? null,
    };
  });
}
