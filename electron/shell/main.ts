// Electron's main process: thin glue. It opens one locked-down window (context isolation, sandbox, no Node, a
// strict CSP, no navigation, no new windows, no permissions), serves the renderer and the photos over the
// privileged likeness: scheme (through the media resolver), checks every IPC call's sender and arguments
// (ipc-guard.ts), answers the calls that need the desktop (folder dialog, reveal in folder) and relays the rest
// to the engine, which runs in a utilityProcess (engine-process.ts) so this loop never blocks.
// Needs a machine with Electron: `npm start`. The logic lives in Electron-free modules tested under Node.
import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, screen, session, shell, utilityProcess, type UtilityProcess } from 'electron';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Args, CallName, LikenessEvent, OpenResult } from '../ipc/contract';
import { MediaRoots } from '../engine/service';
import { appRoot, resolveDataDir } from '../engine/paths';
import { answerAppRequest } from './app-protocol';
import { EngineClient, type CallReply, type FromEngine } from './engine-bridge';
import { APP_URL, CALL_CHANNEL, EVENT_CHANNEL, handleInvoke, MENU_CHANNEL } from './ipc-guard';
import { folderFromArgv } from './launch';
import { editTarget, menuTemplate } from './menu-template';
import type { MenuCommand } from './preload';
import { loadWindowState, saveWindowState } from './window-state';

// Must happen before `ready`: a standard, secure scheme behaves like https for the page (origin, CSP, fetch).
// codeCache: V8 caches the renderer bundle (needs standard). No bypassCSP, no corsEnabled: nothing else needs them.
protocol.registerSchemesAsPrivileged([{ scheme: 'likeness', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } }]);

const dataDir = resolveDataDir({});
const rendererDir = path.join(appRoot(), 'dist', 'renderer');
const media = new MediaRoots(dataDir);
const windows = new Set<BrowserWindow>();
let engine: { process: UtilityProcess; client: EngineClient } | null = null;
let recent: string[] = [];
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  // One library, one edit session per folder: a second instance hands over to the first.
  app.quit();
} else {
  app.on('second-instance', (_e, argv, workingDirectory) => {
    const win = [...windows][0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    // A Jump List entry (recent folder) or "Open with" starts a second instance with the folder as an argument.
    const folder = folderFromArgv(argv, workingDirectory, isDirectory, process.defaultApp === true);
    if (folder) openFolderInPage(folder);
  });
  // macOS: a recent folder chosen from the Dock menu (app.addRecentDocument) or a folder dropped on the Dock icon.
  app.on('open-file', (e, file) => {
    e.preventDefault();
    if (isDirectory(file)) openFolderInPage(file);
  });
  // `.then(start, onError)` would leave a rejection of start() itself unhandled: no window, an app still running.
  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      dialog.showErrorBox('Likeness could not start', err instanceof Error ? (err.stack ?? err.message) : String(err));
      app.quit();
    });
}

async function start(): Promise<void> {
  protocol.handle('likeness', async (request) => {
    try {
      const answer = await answerAppRequest(request.url, { media, rendererDir });
      if (answer.status !== 200) return new Response(answer.reason, { status: answer.status, headers: { 'content-type': 'text/plain' } });
      // As the protocol docs do: net.fetch of the file: URL streams the file (and reads inside app.asar, where the
      // renderer is in a packaged app); the answer's headers (content type, CSP, nosniff) replace the file's.
      const file = await net.fetch(pathToFileURL(answer.file).toString());
      if (!file.ok || !file.body) return new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
      return new Response(file.body, { status: 200, headers: answer.headers });
    } catch (err) {
      return new Response(`error: ${(err as Error).message}`, { status: 500, headers: { 'content-type': 'text/plain' } });
    }
  });
  // Nothing the page could ask for (camera, notifications, geolocation…) is ever granted.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  ipcMain.handle(CALL_CHANNEL, (event, payload) =>
    handleInvoke(event, payload, {
      windowIds: () => new Set([...windows].map((w) => w.webContents.id)),
      local: localCall,
      engine: (name, args) => engineClient().call(name, args),
      observe,
    }),
  );

  // The window first: the recent list needs the engine (a process to start, a database to open), and a window
  // must never wait for it — nor fail to appear when the engine cannot start.
  buildMenu();
  createWindow();
  app.on('activate', () => {
    if (windows.size === 0) createWindow();
  });
  recent = await recentFolders();
  buildMenu();
}

app.on('web-contents-created', (_e, contents) => {
  // Whatever loads, it never leaves our page nor opens another window, and never embeds a <webview>.
  // will-navigate is not emitted for in-page (#hash) navigations nor for loadURL, so only the page's own attempts
  // to go elsewhere (links, location=, a file dropped outside a drop zone) land here.
  contents.on('will-navigate', (e, url) => {
    if (url !== APP_URL) e.preventDefault();
  });
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

function createWindow(): BrowserWindow {
  const state = loadWindowState(dataDir, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...state,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'Likeness',
    webPreferences: {
      preload: path.join(__dirname, 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  windows.add(win);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => saveWindowState(dataDir, win.getNormalBounds(), win.isMaximized()));
  win.on('closed', () => windows.delete(win));
  void win.loadURL(APP_URL);
  return win;
}

/** The engine process, started on first use and again if it died. */
function engineClient(): EngineClient {
  if (engine) return engine.client;
  const modelsArgs = process.env.LIKENESS_MODELS_DIR ? ['--models-dir', process.env.LIKENESS_MODELS_DIR] : [];
  // Installers ship the default model in resources/models (build/electron-builder.yml, extraResources).
  const bundled = app.isPackaged ? ['--bundled-models', path.join(process.resourcesPath, 'models')] : [];
  // The compiled entry (dist/electron/shell/engine-process.js), inside app.asar when packaged: utility processes
  // load scripts from the asar, and so do the worker_threads the engine starts (electron/electron#33216).
  const child = utilityProcess.fork(path.join(__dirname, 'engine-process.js'), ['--data-dir', dataDir, ...modelsArgs, ...bundled], { serviceName: 'Likeness engine' });
  const client = new EngineClient(
    { postMessage: (m) => child.postMessage(m), onMessage: (l) => child.on('message', (m: FromEngine) => l(m)) },
    (event) => broadcast(EVENT_CHANNEL, event),
  );
  child.on('exit', (code) => {
    client.failAll(quitting ? 'Likeness is closing' : `the engine stopped unexpectedly (exit code ${code})`);
    if (engine?.process === child) engine = null;
  });
  engine = { process: child, client };
  return client;
}

/** Calls that need the desktop; everything else goes to the engine. */
function localCall(name: CallName, args: Args<CallName>): Promise<CallReply> | undefined {
  if (name === 'folders.choose') return chooseFolder().then((folder) => ({ ok: true, result: folder }));
  if (name === 'shell.showInFolder') {
    const p = (args as Args<'shell.showInFolder'>).path;
    // Only an absolute path that exists: never a URL or a program to run.
    if (!path.isAbsolute(p) || !fs.existsSync(p)) return Promise.resolve({ ok: true, result: false });
    shell.showItemInFolder(p);
    return Promise.resolve({ ok: true, result: true });
  }
  return undefined;
}

/** Main learns from replies what it must know itself: folders whose photos the protocol may serve. */
function observe(name: CallName, _args: Args<CallName>, result: unknown): void {
  if (name === 'folders.open') {
    const folder = (result as OpenResult).folder;
    media.allowFolder(folder);
    app.addRecentDocument(folder);
    recent = [folder, ...recent.filter((f) => f !== folder)].slice(0, 10);
    buildMenu();
  }
}

async function chooseFolder(): Promise<string | null> {
  const win = BrowserWindow.getFocusedWindow() ?? [...windows][0];
  const options = { title: 'Open a photo folder', properties: ['openDirectory' as const] };
  const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0];
}

async function recentFolders(): Promise<string[]> {
  try {
    const r = await engineClient().call('folders.recent', {});
    return r.ok ? (r.result as string[]) : [];
  } catch {
    return []; // the engine could not start: the window is up and its calls report the failure
  }
}

function buildMenu(): void {
  const menu = (command: MenuCommand) => broadcast(MENU_CHANNEL, command, true);
  const template = menuTemplate(process.platform, recent, {
    openFolder: () => void chooseFolder().then((folder) => folder && menu({ command: 'open-folder', folder })),
    openRecent: (folder) => menu({ command: 'open-folder', folder }),
    clearRecent: () => {
      app.clearRecentDocuments();
      recent = [];
      buildMenu();
    },
    undo: (fromKeyboard) => (editTarget(fromKeyboard) === 'text' ? BrowserWindow.getFocusedWindow()?.webContents.undo() : menu({ command: 'undo' })),
    redo: (fromKeyboard) => (editTarget(fromKeyboard) === 'text' ? BrowserWindow.getFocusedWindow()?.webContents.redo() : menu({ command: 'redo' })),
  }, { devTools: !app.isPackaged });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function isDirectory(p: string): boolean {
  try {
    return path.isAbsolute(p) && fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Asks the page to open a folder, as File › Open Recent does (a window must be up: launches while running). */
function openFolderInPage(folder: string): void {
  if (windows.size > 0) broadcast(MENU_CHANNEL, { command: 'open-folder', folder }, true);
}

function broadcast(channel: string, payload: LikenessEvent | MenuCommand, focusedOnly = false): void {
  const targets = focusedOnly ? [BrowserWindow.getFocusedWindow() ?? [...windows][0]].filter(Boolean) : [...windows];
  for (const w of targets) if (w && !w.isDestroyed()) w.webContents.send(channel, payload);
}

app.on('before-quit', () => {
  quitting = true;
  engine?.process.kill();
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
