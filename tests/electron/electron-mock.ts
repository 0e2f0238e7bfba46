import type { Database } from '../../core/library/db.js';
import { forkWorkerSpawner } from '../../core/analysis/fork-spawner.js';
import { createApiService } from '../../core/service/api-service.js';
import type { ApiService } from '../../core/service/types.js';

/**
 * Pieces of the mocked Electron the main-process tests share: the Electron binary cannot run
 * here, so `electron` is replaced by recorders of what main registers, while everything behind it
 * (service, SQLite, files) is real.
 */

export type IpcHandler = (event: unknown, ...args: unknown[]) => unknown;

/** ipcMain as main uses it, keeping each channel's handler in `handlers` for the test to call. */
export function recordingIpcMain(handlers: Map<string, IpcHandler>): {
  handle(channel: string, fn: IpcHandler): void;
  on(channel: string, fn: IpcHandler): void;
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): void;
} {
  return {
    handle: (channel, fn) => void handlers.set(channel, fn),
    on: (channel, fn) => void handlers.set(channel, fn),
    removeHandler: (channel) => void handlers.delete(channel),
    removeAllListeners: (channel) => void handlers.delete(channel),
  };
}

/**
 * The app window as IPC sees it, showing the packaged renderer; `trusted` is an event from its
 * main frame. `mainFrame.url` may be changed to play a navigated window.
 */
export function appWindow<Send>(send: Send) {
  const mainFrame = { url: 'file:///app/out/renderer/index.html' };
  const webContents = { mainFrame, send };
  return {
    mainFrame,
    webContents,
    win: { webContents, isDestroyed: () => false } as never,
    trusted: { sender: webContents, senderFrame: mainFrame },
  };
}

/** The API service as the desktop app builds it: forked analysis workers, media by custom scheme. */
export function desktopService(db: Database): ApiService {
  return createApiService({
    db,
    spawnWorker: forkWorkerSpawner({ workerPath: process.execPath }),
    mediaUrl: (id) => `genrewise-media://track/${id}`,
  });
}
