// The Electron shell's logic without Electron: window bounds remembered (and never restored off-screen), the
// application menu's shortcuts and routing, and the likeness: protocol serving only the renderer and allowed media.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { fullMediaPath, MediaRoots, thumbMediaPath } from '../electron/engine/service';
import { thumbnailPath } from '../electron/engine/paths';
import { answerAppRequest, APP_CSP } from '../electron/shell/app-protocol';
import { folderFromArgv } from '../electron/shell/launch';
import { editTarget, menuTemplate, type MenuActions } from '../electron/shell/menu-template';
import { DEFAULT_WINDOW, fitWindowState, loadWindowState, saveWindowState, WINDOW_STATE_FILE } from '../electron/shell/window-state';
import { tempDir } from './helpers';

const SCREEN = { x: 0, y: 0, width: 1920, height: 1050 };

test('window bounds and maximized state survive a restart', () => {
  const dir = tempDir();
  assert.deepEqual(loadWindowState(dir, [SCREEN]), DEFAULT_WINDOW);
  saveWindowState(dir, { x: 100.4, y: 50, width: 1000, height: 700 }, true);
  assert.deepEqual(loadWindowState(dir, [SCREEN]), { x: 100, y: 50, width: 1000, height: 700, maximized: true });
});

test('a window on a display that is gone opens where it can be seen, no larger than the screen', () => {
  const fitted = fitWindowState({ x: 2500, y: 100, width: 1200, height: 800, maximized: false }, [SCREEN]);
  assert.equal(fitted.x, undefined, 'position dropped: the window is centred');
  assert.equal(fitted.width, 1200);
  const huge = fitWindowState({ x: 0, y: 0, width: 5000, height: 4000, maximized: false }, [{ x: 0, y: 0, width: 1366, height: 728 }]);
  assert.deepEqual([huge.width, huge.height], [1366, 728]);
  const second = fitWindowState({ x: 2000, y: 100, width: 800, height: 600, maximized: false }, [SCREEN, { x: 1920, y: 0, width: 1920, height: 1050 }]);
  assert.equal(second.x, 2000, 'kept on the second display');
});

test('a damaged window-state file means defaults', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, WINDOW_STATE_FILE), '{"width": "wide"}');
  assert.deepEqual(loadWindowState(dir, [SCREEN]), DEFAULT_WINDOW);
});

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const i of items) {
    if (i.label === label) return i;
    if (Array.isArray(i.submenu)) {
      const f = find(i.submenu, label);
      if (f) return f;
    }
  }
  return undefined;
}

test('the menu has the usual shortcuts; Undo/Redo go to the page; recent folders open', () => {
  const calls: string[] = [];
  const actions: MenuActions = {
    openFolder: () => calls.push('open'),
    openRecent: (f) => calls.push(`recent ${f}`),
    clearRecent: () => calls.push('clear'),
    undo: (k) => calls.push(k ? 'undo (key)' : 'undo'),
    redo: (k) => calls.push(k ? 'redo (key)' : 'redo'),
  };
  const win = menuTemplate('win32', ['/photos/2020'], actions);
  assert.deepEqual(win.map((m) => m.label ?? m.role), ['&File', '&Edit', '&View', '&Window', 'help']);
  const open = find(win, 'Open Folder…')!;
  assert.equal(open.accelerator, 'CmdOrCtrl+O');
  const undo = find(win, 'Undo')!;
  assert.equal(undo.accelerator, 'CmdOrCtrl+Z');
  assert.equal(undo.registerAccelerator, false, 'the key reaches the page (text fields keep their own undo)');
  assert.equal(find(win, 'Redo')!.accelerator, 'CmdOrCtrl+Y');
  const click = (i: MenuItemConstructorOptions, event: object = { triggeredByAccelerator: false }) => (i.click as unknown as (m: unknown, w: unknown, e: object) => void)({}, undefined, event);
  click(open);
  click(undo);
  click(find(win, 'Redo')!);
  click(find(win, '/photos/2020')!);
  assert.deepEqual(calls, ['open', 'undo', 'redo', 'recent /photos/2020']);
  // macOS runs the item for a Cmd+Z the page left alone (a text field): that one is reported as from the keyboard.
  click(undo, { triggeredByAccelerator: true });
  click(find(win, 'Redo')!, { triggeredByAccelerator: true });
  assert.deepEqual(calls.slice(-2), ['undo (key)', 'redo (key)']);
  assert.equal(editTarget(true), 'text');
  assert.equal(editTarget(false), 'grouping');
  assert.ok(find(win, 'About Likeness'), 'Windows/Linux: Help › About');
  const roles = (items: MenuItemConstructorOptions[]): string[] => items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);
  assert.ok(!roles(win).includes('toggleDevTools') && !roles(win).includes('reload'), 'no DevTools nor reload in a packaged app');
  assert.ok(roles(menuTemplate('linux', [], actions, { devTools: true })).includes('toggleDevTools'), 'DevTools in development');

  const mac = menuTemplate('darwin', [], actions);
  assert.equal(mac[0].label, 'Likeness', 'macOS: the app menu first');
  assert.equal(find(mac, 'Redo')!.accelerator, 'Shift+CmdOrCtrl+Z');
  assert.equal(find(mac, 'No Recent Folders')!.enabled, false);
  // macOS: About is in the app menu; no Help item that would do nothing.
  assert.equal(find(mac, 'About Likeness'), undefined);
  assert.ok(roles(mac).includes('about'));
  for (const item of [mac, win].flat()) {
    const dead = (i: MenuItemConstructorOptions): boolean => !i.role && !i.click && !i.submenu && i.type !== 'separator' && i.enabled !== false;
    const all = (items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] => items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? all(i.submenu) : [])]);
    assert.deepEqual(all([item]).filter(dead), [], 'every enabled item does something');
  }
});

test('a folder named on the command line (Jump List, Open with, second instance) is found; switches and files are not', () => {
  const base = fs.realpathSync(tempDir());
  const folder = path.join(base, 'Photos 2020');
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(base, 'main.js'), '');
  const isDir = (p: string) => fs.existsSync(p) && fs.statSync(p).isDirectory();
  assert.equal(folderFromArgv(['/opt/Likeness/likeness', folder], '/', isDir), folder);
  assert.equal(folderFromArgv(['likeness.exe', '--allow-file-access', 'Photos 2020', '--flag=x'], base, isDir), folder, 'relative to the launch directory');
  assert.equal(folderFromArgv(['likeness', '--inspect'], base, isDir), null);
  assert.equal(folderFromArgv(['likeness', path.join(base, 'main.js')], base, isDir), null, 'a file is not a folder');
  assert.equal(folderFromArgv(['electron', base], base, isDir, true), null, 'development: the script argument is not a folder to open');
  assert.equal(folderFromArgv(['likeness'], base, isDir), null);
});

test('likeness://app serves only the renderer with a strict CSP; likeness://media only allowed files', async () => {
  const base = fs.realpathSync(tempDir());
  const rendererDir = path.join(base, 'renderer');
  const dataDir = path.join(base, 'data');
  const folder = path.join(base, 'Photos');
  fs.mkdirSync(rendererDir, { recursive: true });
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(rendererDir, 'app.js'), '');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'secret');
  fs.writeFileSync(path.join(folder, 'cat.jpg'), 'jpeg');
  const hash = 'a1'.repeat(32);
  fs.mkdirSync(path.dirname(thumbnailPath(dataDir, hash)), { recursive: true });
  fs.writeFileSync(thumbnailPath(dataDir, hash), 'thumb');
  const media = new MediaRoots(dataDir);
  const key = media.allowFolder(folder);
  const deps = { media, rendererDir };

  const page = await answerAppRequest('likeness://app/index.html', deps);
  assert.equal(page.status, 200);
  assert.equal(page.status === 200 && page.headers['content-security-policy'], APP_CSP);
  assert.match(APP_CSP, /default-src 'none'/);
  assert.doesNotMatch(APP_CSP, /unsafe-eval|unsafe-inline/);
  assert.equal((await answerAppRequest('likeness://app/', deps)).status, 200);
  assert.equal((await answerAppRequest('likeness://app/app.js?v=1', deps)).status, 200);
  assert.equal((await answerAppRequest(`likeness://media/${thumbMediaPath(hash)}`, deps)).status, 200);
  const photo = await answerAppRequest(`likeness://media/${fullMediaPath(folder, 'cat.jpg')}`, deps);
  assert.equal(photo.status === 200 && photo.headers['content-type'], 'image/jpeg');

  for (const bad of [
    'likeness://app/../secret.txt',
    'likeness://app/..%2Fsecret.txt',
    `likeness://media/full/${key}/../secret.txt`,
    `likeness://media/full/${key}/%2e%2e/secret.txt`,
    `likeness://media/full/${key}/..%5Csecret.txt`,
    'likeness://other/index.html',
    'file:///etc/passwd',
    'https://example.com/',
  ]) {
    assert.equal((await answerAppRequest(bad, deps)).status, 403, bad);
  }
  assert.equal((await answerAppRequest('likeness://app/missing.js', deps)).status, 404);
});
