import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, Menu, screen } from 'electron';
import type { Database } from '../../core/library/db.js';
import { openLibrary } from '../../core/service/library-schema.js';
import { resolveDbPath } from '../../core/library/paths.js';
import { defaultModelsDir } from '../../core/model/model-registry.js';
import { mediaProtocolUrl } from '../../shared/api/preload-bridge.js';
import { createApiService } from '../../core/service/api-service.js';
import type { ApiService } from '../../core/service/types.js';
import { registerApiIpc } from './ipc.js';
import { chooseFfmpeg } from '../../core/analysis/decode/choose-ffmpeg.js';
import { handleMediaProtocol, registerMediaScheme } from './media-protocol.js';
import { buildMenu } from './menu.js';
import { hardenApp, hardenSession, hardenWindow } from './security.js';
import { isTrustedSenderUrl } from './sender-check.js';
import { utilityWorkerSpawner } from './utility-spawner.js';
import { fitToDisplays, readWindowState, writeWindowState } from './window-state.js';

const here = import.meta.dirname;
const rendererIndex = join(here, '../renderer/index.html');
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

let mainWindow: BrowserWindow | undefined;
let db: Database | undefined;
let service: ApiService | undefined;

// One library, one writer: a second launch focuses the first window instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerMediaScheme();
  hardenApp(app, isOwnUrl);
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    void service?.close();
    db?.close();
  });
  void app.whenReady().then(start);
}

function isOwnUrl(url: string): boolean {
  return isTrustedSenderUrl(url, rendererIndex, devServerUrl);
}

function modelsDir(): string {
  // Packaged: models/ is copied beside the asar as an extra resource; in development the repo's.
  return app.isPackaged ? join(process.resourcesPath, 'models') : defaultModelsDir();
}

function createWindow(): BrowserWindow {
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = fitToDisplays(
    readWindowState(stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
  );
  const win = new BrowserWindow({
    ...state,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Genrewise',
    backgroundColor: '#111318',
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  hardenWindow(win, isOwnUrl);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const save = (): void => {
    if (win.isDestroyed()) return;
    const b = win.getNormalBounds();
    writeWindowState(stateFile, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  };
  win.on('close', save);
  if (devServerUrl) void win.loadURL(devServerUrl);
  else void win.loadFile(rendererIndex);
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = undefined;
  });
  return win;
}

function start(): void {
  hardenSession();
  const dbPath = resolveDbPath(undefined, process.env);
  db = openLibrary(dbPath);
  // The same worker module the CLI forks, built beside main by electron-vite.
  const workerPath = join(here, 'analysis-worker.js');
  service = createApiService({
    db,
    spawnWorker: utilityWorkerSpawner(workerPath),
    mediaUrl: mediaProtocolUrl,
    prediction: { modelsDir: modelsDir() },
    tagReaderWorkerUrl: pathToFileURL(join(here, 'tag-reader-worker.js')),
  });
  handleMediaProtocol(service);
  const library = db;
  registerApiIpc(
    service,
    () => mainWindow,
    (event) => isOwnUrl(event.senderFrame?.url ?? ''),
    {
      chooseFfmpeg: (path) => {
        const binary = chooseFfmpeg(library, path);
        return { path: binary.path, version: binary.version };
      },
    },
  );
  Menu.setApplicationMenu(buildMenu(service, () => mainWindow));
  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
}
