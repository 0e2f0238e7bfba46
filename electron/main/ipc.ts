import { ipcMain, dialog, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { ApiError, isApiMethod, type ApiErrorBody } from '../../shared/api/contract.js';
import type { BridgeResponse } from '../../shared/api/preload-bridge.js';
import { parseApiParams } from '../../shared/api/schema.js';
import type { ApiService } from '../../core/service/types.js';

export const CALL_CHANNEL = 'genrewise:call';
export const EVENT_CHANNEL = 'genrewise:event';
export const PICK_FOLDER_CHANNEL = 'genrewise:pick-folder';

/**
 * Serves the API over IPC. Every call is checked: it must come from our window's main frame on
 * our own page, and name a method of the contract; the result travels in an envelope so the UI
 * gets the error code that Electron would otherwise flatten into a message.
 */
export function registerApiIpc(
  service: ApiService,
  window: () => BrowserWindow | undefined,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  const guard = (event: IpcMainInvokeEvent): boolean => {
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
    return result.canceled ? null : (result.filePaths[0] ?? null);
  });
  const unsubscribe = service.subscribe((name, payload) => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, name, payload);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(CALL_CHANNEL);
    ipcMain.removeHandler(PICK_FOLDER_CHANNEL);
  };
}
