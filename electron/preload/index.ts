import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('genrewise', { platform: process.platform });
