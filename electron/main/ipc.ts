import { resolve } from 'node:path';
import { ipcMain, dialog, type BrowserWindow, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { ApiError, isApiMethod, type ApiErrorBody, type ApiParams } from '../../shared/api/contract.js';
import type { BridgeResponse, FfmpegChoice } from '../../shared/api/preload-bridge.js';
import { parseApiParams } from '../../shared/api/schema.js';
import type { ApiService } from '../../core/service/types.js';

export const CALL_CHANNEL = 'genrewise:call';
export const EVENT_CHANNEL = 'genrewise:event';
export const PICK_FOLDER_CHANNEL = 'genrewise:pick-folder';
export const PICK_FFMPEG_CHANNEL = 'genrewise:pick-ffmpeg';
export const DROPPED_PATH_CHANNEL = 'genrewise:dropped-path';

/** Privileged choices main makes itself, after a native dialog. */
export interface PrivilegedActions {
  /** Checks that the program is an ffmpeg and stores it; throws with a message when it is not. */
  chooseFfmpeg(path: string): { readonly path: string; readonly version: string };
}

/**
 * Serves the API over IPC. Every call is checked: it must come from our window's main frame on
 * our own page, and name a method of the contract; the result travels in an envelope so the UI
 * gets the error code that Electron would otherwise flatten into a message.
 *
 * Privileged choices never come from the page alone, which a compromised renderer would control:
 * a library folder is added only when the user picked it in the native dialog (or dropped it on
 * the window, which only the preload can turn into a path), and the ffmpeg program is chosen only
 * in main's own file dialog. So a script in the page cannot widen media access to the whole disk
 * (`roots.add('/')`) or make Genrewise run a program.
 */
export function registerApiIpc(
  service: ApiService,
  window: () => BrowserWindow | undefined,
  isTrusted: (event: IpcMainInvokeEvent | IpcMainEvent) => boolean,
  privileged?: PrivilegedActions,
): () => void {
  const granted = new Set<string>();
  const guard = (event: IpcMainInvokeEvent | IpcMainEvent): boolean => {
    const win = window();
    return (
      win !== undefined &&
      event.sender === win.webContents &&
      event.senderFrame === win.webContents.mainFrame &&
      isTrusted(event)
    );
  };
  ipcMain.handle(CALL_CHANNEL, async (event, method: unknown, params: unknown): Promise<BridgeResponse> => {
    if (!guard(event)) return { ok: false, error: { code: 'unauthorized', message: 'untrusted sender' } };
    if (!isApiMethod(method))
      return { ok: false, error: { code: 'not-found', message: `no API method ${String(method)}` } };
    try {
      // The same schema check as the HTTP server: a compromised renderer gets 'bad-request' too.
      const checked = parseApiParams(method, params);
      if (method === 'roots.add' && !granted.has(resolve((checked as ApiParams<'roots.add'>).path.trim())))
        throw new ApiError('unauthorized', 'choose the music folder with Choose… (or drop it on the window)');
      const handler = service.handlers[method] as (p: typeof checked) => Promise<unknown>;
      return { ok: true, result: await handler(checked) };
    } catch (err) {
      const error: ApiErrorBody =
        err instanceof ApiError
          ? { code: err.code, message: err.message }
          : { code: 'internal', message: (err as Error).message };
      return { ok: false, error };
    }
  });
  ipcMain.handle(PICK_FOLDER_CHANNEL, async (event) => {
    const win = window();
    if (!guard(event) || !win) return null;
    const result = await dialog.showOpenDialog(win, {
      title: 'Choose your music folder',
      properties: ['openDirectory'],
    });
    const folder = result.canceled ? null : (result.filePaths[0] ?? null);
    if (folder) granted.add(resolve(folder));
    return folder;
  });
  ipcMain.on(DROPPED_PATH_CHANNEL, (event, path: unknown) => {
    if (guard(event) && typeof path === 'string' && path !== '') granted.add(resolve(path));
  });
  ipcMain.handle(PICK_FFMPEG_CHANNEL, async (event): Promise<FfmpegChoice> => {
    const win = window();
    if (!guard(event) || !win || !privileged) return null;
    const result = await dialog.showOpenDialog(win, { title: 'Choose the ffmpeg program', properties: ['openFile'] });
    const file = result.canceled ? undefined : result.filePaths[0];
    if (!file) return null;
    try {
      return privileged.chooseFfmpeg(file);
    } catch (err) {
      return { error: (err as Error).message };
    }
  });
  const unsubscribe = service.subscribe((name, payload) => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, name, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.removeHandler(PICK_FOLDER_CHANNEL);
    ipcMain.removeHandler(PICK_FFMPEG_CHANNEL);
    ipcMain.removeAllListeners(DROPPED_PATH_CHANNEL);
  };
}
