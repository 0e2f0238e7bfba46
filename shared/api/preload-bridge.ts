import type { ApiErrorBody, ApiEventName, ApiEvents, ApiMethod, ApiParams } from './contract.js';

/**
 * What the Electron preload exposes to the renderer as `window.genrewise` through
 * `contextBridge.exposeInMainWorld('genrewise', bridge)`. Only functions and plain data cross the
 * bridge, so no `ipcRenderer` object (or any other Electron object) reaches the page.
 *
 * The renderer wraps it in a `GenrewiseClient` (renderer/src/api/ipc-client.ts); the preload
 * implements it over `ipcRenderer.invoke('genrewise:call', method, params)` and one
 * `ipcRenderer.on('genrewise:event', …)` channel, and main checks the sender of every call.
 */
export interface PreloadBridge {
  readonly kind: 'electron';
  /**
   * Calls one API method. Resolves with an envelope rather than rejecting, because Electron
   * flattens errors thrown in main into a bare message and the UI needs the `code`.
   */
  call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<BridgeResponse>;
  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
  /**
   * Shows the native open-folder dialog; null when the user cancels. Only a folder chosen here
   * (or dropped on the window) may then be added with roots.add.
   */
  pickFolder(): Promise<string | null>;
  /**
   * Shows the native open-file dialog for the ffmpeg program; main checks it is an ffmpeg and
   * stores it. The API itself cannot set it.
   */
  pickFfmpeg(): Promise<FfmpegChoice>;
  /** URL of a track's audio on the app's media protocol: `genrewise-media://track/<id>`. */
  mediaUrl(trackId: number): string;
  /**
   * Real path of a file or folder dropped on the window (Electron's `webUtils.getPathForFile`;
   * `File.path` no longer exists under context isolation). Empty string when it has none.
   */
  pathForFile(file: File): string;
}

/** What the ffmpeg dialog came to: the chosen program, cancelled (null), or why it was refused. */
export type FfmpegChoice = { readonly path: string; readonly version: string } | { readonly error: string } | null;

export type BridgeResponse =
  { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: ApiErrorBody };

/** Name of the global the preload defines. */
export const PRELOAD_GLOBAL = 'genrewise';

/** The media URL scheme registered by Electron main for the preview player. */
export const MEDIA_PROTOCOL = 'genrewise-media';

export function mediaProtocolUrl(trackId: number): string {
  return `${MEDIA_PROTOCOL}://track/${trackId}`;
}
