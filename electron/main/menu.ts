import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { ApiService } from '../../core/service/types.js';

/** Adds a folder chosen in the native dialog and starts its scan; the UI follows by events. */
export async function addFolderFromDialog(service: ApiService, win: BrowserWindow | undefined): Promise<void> {
  const options = { title: 'Add a music folder', properties: ['openDirectory' as const] };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  const folder = result.canceled ? undefined : result.filePaths[0];
  if (!folder) return;
  try {
    const root = await service.handlers['roots.add']({ path: folder });
    await service.handlers['jobs.scan']({ rootIds: [root.id] });
  } catch (err) {
    dialog.showErrorBox('Cannot add this folder', (err as Error).message);
  }
}

export function buildMenu(service: ApiService, window: () => BrowserWindow | undefined): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        {
          label: 'Add Music Folder…',
          accelerator: 'CmdOrCtrl+O',
          click: () => void addFolderFromDialog(service, window()),
        },
        {
          label: 'Rescan Library',
          accelerator: 'CmdOrCtrl+R',
          click: () =>
            void service.handlers['jobs.scan']({}).catch((err: Error) =>
              dialog.showErrorBox('Cannot scan', err.message),
            ),
        },
        {
          label: 'Analyse New Tracks',
          click: () =>
            void service.handlers['jobs.analyze']({}).catch((err: Error) =>
              dialog.showErrorBox('Cannot analyse', err.message),
            ),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged
          ? []
          : [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: `About Genrewise ${app.getVersion()}`, click: () => app.showAboutPanel() }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
