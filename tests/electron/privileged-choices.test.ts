import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// Issue 12, item 14. The Electron binary cannot run here, so its module is replaced by a recorder
// of what main registers; the service, SQLite and ffmpeg behind it are real.
const mocked = vi.hoisted(() => ({
  ipc: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  dialogResult: { canceled: false, filePaths: [] as string[] },
  openExternal: [] as string[],
}));
vi.mock('electron', async () => ({
  ipcMain: (await import('./electron-mock.js')).recordingIpcMain(mocked.ipc),
  dialog: { showOpenDialog: async () => mocked.dialogResult },
  protocol: {},
  session: {},
  shell: { openExternal: async (url: string) => void mocked.openExternal.push(url) },
}));

const { registerApiIpc, CALL_CHANNEL, PICK_FOLDER_CHANNEL, PICK_FFMPEG_CHANNEL, DROPPED_PATH_CHANNEL } =
  await import('../../electron/main/ipc.js');
const { CONTENT_SECURITY_POLICY, hardenApp, hardenContents, isAllowedExternalUrl } =
  await import('../../electron/main/security.js');
const { appWindow, desktopService } = await import('./electron-mock.js');
const { openLibrary } = await import('../../core/service/library-schema.js');
const { chooseFfmpeg } = await import('../../core/analysis/decode/choose-ffmpeg.js');
const { resolveFfmpeg } = await import('../../core/analysis/decode/ffmpeg-binary.js');
const { getSettings } = await import('../../core/library/settings.js');

describe('privileged choices stay in main', () => {
  let dir: string;
  let music: string;
  let db: ReturnType<typeof openLibrary>;
  let service: ReturnType<typeof desktopService>;
  const { mainFrame, win, trusted } = appWindow(() => undefined);
  const stranger = { sender: { mainFrame }, senderFrame: mainFrame };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-privileged-'));
    music = join(dir, 'music');
    mkdirSync(join(music, 'dropped'), { recursive: true });
    db = openLibrary(join(dir, 'library.db'));
    service = desktopService(db);
    registerApiIpc(
      service,
      () => win,
      (event) => (event as { senderFrame?: { url: string } }).senderFrame?.url === mainFrame.url,
      { chooseFfmpeg: (path) => chooseFfmpeg(db, path, {}) },
    );
  });
  afterAll(async () => {
    await service.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    mocked.openExternal.length = 0;
  });

  const call = (event: unknown, method: string, params: unknown) =>
    mocked.ipc.get(CALL_CHANNEL)!(event, method, params);
  const rootPaths = () =>
    (service.handlers['roots.list']({}) as Promise<{ path: string }[]>).then((r) => r.map((x) => x.path));

  it('adds a library folder only after the native dialog chose it', async () => {
    expect(await call(trusted, 'roots.add', { path: '/' })).toMatchObject({
      ok: false,
      error: { code: 'unauthorized' },
    });
    expect(await call(trusted, 'roots.add', { path: music })).toMatchObject({ ok: false });
    expect(await rootPaths()).toEqual([]);
    mocked.dialogResult = { canceled: false, filePaths: [music] };
    expect(await mocked.ipc.get(PICK_FOLDER_CHANNEL)!(trusted)).toBe(music);
    expect(await call(trusted, 'roots.add', { path: music })).toMatchObject({ ok: true });
    expect(await call(trusted, 'roots.add', { path: '/' })).toMatchObject({ ok: false });
    expect(await rootPaths()).toEqual([music]);
  });

  it('accepts a folder dropped on the window, reported by the preload of our own page only', async () => {
    const dropped = join(music, 'dropped');
    mocked.ipc.get(DROPPED_PATH_CHANNEL)!(stranger, '/');
    expect(await call(trusted, 'roots.add', { path: '/' })).toMatchObject({ ok: false });
    mocked.ipc.get(DROPPED_PATH_CHANNEL)!(trusted, dropped);
    expect(await call(trusted, 'roots.add', { path: dropped })).toMatchObject({ ok: true });
  });

  it('chooses ffmpeg only in main’s file dialog, and only a real ffmpeg', async () => {
    expect(await call(trusted, 'settings.update', { ffmpegPath: '/bin/sh' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    mocked.dialogResult = { canceled: false, filePaths: ['/bin/sh'] };
    expect(await mocked.ipc.get(PICK_FFMPEG_CHANNEL)!(trusted)).toMatchObject({
      error: expect.stringMatching(/does not work/),
    });
    expect(getSettings(db).ffmpegPath).toBeNull();
    expect(await mocked.ipc.get(PICK_FFMPEG_CHANNEL)!(stranger)).toBeNull();
    const real = resolveFfmpeg({ env: {} }).path;
    mocked.dialogResult = { canceled: false, filePaths: [real] };
    expect(await mocked.ipc.get(PICK_FFMPEG_CHANNEL)!(trusted)).toMatchObject({
      version: expect.stringMatching(/^ffmpeg version/),
    });
    expect(getSettings(db).ffmpegPath).toBe(real);
  });
});

describe('web contents guards', () => {
  type Listener = (...args: unknown[]) => void;
  const fakeContents = () => {
    const listeners = new Map<string, Listener>();
    let openHandler: ((d: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (event: string, fn: Listener) => listeners.set(event, fn),
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn),
    };
    const fire = (event: string, url: string): boolean => {
      let prevented = false;
      const ev = { url, preventDefault: () => (prevented = true) };
      if (event === 'will-frame-navigate') listeners.get(event)!(ev);
      else listeners.get(event)!(ev, url);
      return prevented;
    };
    return { contents, listeners, fire, open: (url: string) => openHandler!({ url }) };
  };
  const own = (url: string) => url.startsWith('file:///app/');

  it('blocks navigation, redirects and frame navigation away from the app', () => {
    const c = fakeContents();
    hardenContents(c.contents as never, own);
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      expect(c.fire(event, 'https://evil.example/'), event).toBe(true);
      expect(c.fire(event, 'file:///app/out/renderer/index.html'), event).toBe(false);
    }
    expect(c.listeners.has('will-attach-webview')).toBe(true);
  });

  it('opens only allow-listed https pages in the browser, and no window ever', async () => {
    const c = fakeContents();
    hardenContents(c.contents as never, own);
    for (const url of ['https://github.com/genrewise', 'file:///etc/passwd', 'https://evil.example/', 'smb://host/x'])
      expect(c.open(url)).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(mocked.openExternal).toEqual(['https://github.com/genrewise']);
    expect(isAllowedExternalUrl('https://user@github.com/')).toBe(false);
    expect(isAllowedExternalUrl('http://github.com/')).toBe(false);
  });

  it('guards every web contents the app creates', () => {
    let created: Listener | undefined;
    hardenApp({ on: (_event: string, fn: Listener) => (created = fn) } as never, own);
    const c = fakeContents();
    created!({}, c.contents);
    expect(c.fire('will-navigate', 'https://evil.example/')).toBe(true);
  });

  it('keeps base-uri and object-src closed in the CSP', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });
});
