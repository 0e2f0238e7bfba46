import type { PreloadBridge } from '../../../shared/api/preload-bridge';
import { httpTransport } from './http-client';
import { ipcTransport } from './ipc-client';
import type { Transport } from './transport';

function isBridge(value: unknown): value is PreloadBridge {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof PreloadBridge, unknown>>;
  return v.kind === 'electron' && typeof v.call === 'function' && typeof v.on === 'function';
}

/** In the app the preload defined `window.genrewise`; anywhere else we are served over HTTP. */
export function selectTransport(win: Window & { genrewise?: unknown }): Transport {
  return isBridge(win.genrewise) ? ipcTransport(win.genrewise) : httpTransport();
}
