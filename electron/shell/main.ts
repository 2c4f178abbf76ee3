// Electron's main process: thin glue. It opens one locked-down window (context isolation, sandbox, no Node, a
// strict CSP, no navigation, no new windows, no permissions), serves the renderer and the photos over the
// privileged likeness: scheme (through the media resolver), checks every IPC call's sender and arguments
// (ipc-guard.ts), answers the calls that need the desktop (folder dialog, reveal in folder) and relays the rest
// to the engine, which runs in a utilityProcess (engine-process.ts) so this loop never blocks.
// Needs a machine with Electron: `npm start`. The logic lives in Electron-free modules tested under Node.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell, utilityProcess, type UtilityProcess } from 'electron';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { Args, CallName, LikenessEvent, OpenResult } from '../ipc/contract';
import { MediaRoots } from '../engine/service';
import { appRoot, resolveDataDir } from '../engine/paths';
import { answerAppRequest } from './app-protocol';
import { EngineClient, type CallReply, type FromEngine } from './engine-bridge';
import { APP_URL, CALL_CHANNEL, EVENT_CHANNEL, handleInvoke, MENU_CHANNEL } from './ipc-guard';
import { menuTemplate } from './menu-template';
import type { MenuCommand } from './preload';
import { loadWindowState, saveWindowState } from './window-state';

// Must happen before `ready`: a standard, secure scheme behaves like https for the page (origin, CSP, fetch).
protocol.registerSchemesAsPrivileged([{ scheme: 'likeness', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);

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
  app.on('second-instance', () => {
    const win = [...windows][0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.whenReady().then(start, (err: unknown) => {
    dialog.showErrorBox('Likeness could not start', String(err));
    app.quit();
  });
}

async function start(): Promise<void> {
  protocol.handle('likeness', async (request) => {
    const answer = await answerAppRequest(request.url, { media, rendererDir });
    if (answer.status !== 200) return new Response(answer.reason, { status: answer.status, headers: { 'content-type': 'text/plain' } });
    const body = Readable.toWeb(fs.createReadStream(answer.file)) as unknown as ReadableStream;
    return new Response(body, { status: 200, headers: answer.headers });
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

  recent = await recentFolders();
  buildMenu();
  createWindow();
  app.on('activate', () => {
    if (windows.size === 0) createWindow();
  });
}

app.on('web-contents-created', (_e, contents) => {
  // Whatever loads, it never leaves our page nor opens another window, and never embeds a <webview>.
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
  const r = await engineClient().call('folders.recent', {});
  return r.ok ? (r.result as string[]) : [];
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
    undo: () => menu({ command: 'undo' }),
    redo: () => menu({ command: 'redo' }),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
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
