import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ApiEventName, ApiEvents } from '../../shared/api/contract.js';
import {
  mediaProtocolUrl,
  PRELOAD_GLOBAL,
  type BridgeResponse,
  type FfmpegChoice,
  type PreloadBridge,
} from '../../shared/api/preload-bridge.js';

// Channel names are repeated here rather than imported from main: a sandboxed preload is bundled
// on its own and must not pull in main's modules.
const CALL_CHANNEL = 'genrewise:call';
const EVENT_CHANNEL = 'genrewise:event';
const PICK_FOLDER_CHANNEL = 'genrewise:pick-folder';
const PICK_FFMPEG_CHANNEL = 'genrewise:pick-ffmpeg';
const DROPPED_PATH_CHANNEL = 'genrewise:dropped-path';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

/** Exactly the API of shared/api/preload-bridge.ts: functions and plain data, no ipcRenderer. */
const bridge: PreloadBridge = {
  kind: 'electron',
  call: (method, params) => ipcRenderer.invoke(CALL_CHANNEL, method, params) as Promise<BridgeResponse>,
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    const wrapped: Listener = (payload) => listener(payload as ApiEvents[E]);
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
  pickFolder: () => ipcRenderer.invoke(PICK_FOLDER_CHANNEL) as Promise<string | null>,
  pickFfmpeg: () => ipcRenderer.invoke(PICK_FFMPEG_CHANNEL) as Promise<FfmpegChoice>,
  mediaUrl: mediaProtocolUrl,
  pathForFile: (file) => {
    // Only a real dropped file has a path, so main may let it be added as a library folder.
    const path = webUtils.getPathForFile(file);
    if (path) ipcRenderer.send(DROPPED_PATH_CHANNEL, path);
    return path;
  },
};

contextBridge.exposeInMainWorld(PRELOAD_GLOBAL, bridge);
