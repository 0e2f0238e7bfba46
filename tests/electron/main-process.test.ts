import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The Electron binary cannot run here, so its module is replaced by a recorder of what main
// registers; everything behind it (service, SQLite, files) is real.
const registered = vi.hoisted(() => ({
  ipc: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  protocol: new Map<string, (request: Request) => Promise<Response>>(),
  schemes: [] as unknown[],
}));
vi.mock('electron', async () => ({
  ipcMain: (await import('./electron-mock.js')).recordingIpcMain(registered.ipc),
  dialog: { showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/picked/folder'] })) },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => registered.schemes.push(...schemes),
    handle: (scheme: string, fn: (request: Request) => Promise<Response>) => registered.protocol.set(scheme, fn),
  },
  session: {},
  shell: { openExternal: vi.fn() },
}));

const { registerApiIpc, CALL_CHANNEL, PICK_FOLDER_CHANNEL } = await import('../../electron/main/ipc.js');
const { handleMediaProtocol, registerMediaScheme } = await import('../../electron/main/media-protocol.js');
const { isTrustedSenderUrl } = await import('../../electron/main/sender-check.js');
const { fitToDisplays, readWindowState, writeWindowState, DEFAULT_WINDOW_STATE } =
  await import('../../electron/main/window-state.js');
const { appWindow, desktopService } = await import('./electron-mock.js');
const { openLibrary } = await import('../../core/service/library-schema.js');
const { seedTracks } = await import('../helpers/library.js');

describe('Electron main process (electron module mocked)', () => {
  let dir: string;
  let root: string;
  let db: ReturnType<typeof openLibrary>;
  let service: ReturnType<typeof desktopService>;
  const { mainFrame, webContents, win, trusted } = appWindow(vi.fn());

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-main-'));
    root = join(dir, 'music');
    mkdirSync(root);
    writeFileSync(join(root, 'song.flac'), 'fLaC-and-some-audio');
    writeFileSync(join(dir, 'outside.flac'), 'private');
    symlinkSync(join(dir, 'outside.flac'), join(root, 'link.flac'));
    db = openLibrary(join(dir, 'library.db'));
    seedTracks(db, [{ path: join(root, 'song.flac'), title: 'Song' }, { path: join(root, 'link.flac') }], root);
    service = desktopService(db);
    registerApiIpc(
      service,
      () => win,
      (event) =>
        isTrustedSenderUrl(
          (event as { senderFrame?: { url: string } }).senderFrame?.url,
          '/app/out/renderer/index.html',
          undefined,
        ),
    );
    registerMediaScheme();
    handleMediaProtocol(service);
  });
  afterAll(async () => {
    await service.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (event: unknown, method: unknown, params: unknown) =>
    registered.ipc.get(CALL_CHANNEL)!(event, method, params);

  it('answers API calls from our own page in an envelope', async () => {
    const res = (await call(trusted, 'tracks.query', { limit: 10 })) as { ok: boolean; result: { total: number } };
    expect(res.ok).toBe(true);
    expect(res.result.total).toBe(2);
    const err = (await call(trusted, 'review.decide', { id: 1, decision: { action: 'accept' } })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(err).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('refuses other senders, other frames, unknown methods and malformed params', async () => {
    const other = { sender: { mainFrame }, senderFrame: mainFrame };
    expect(await call(other, 'tracks.query', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const iframe = { sender: webContents, senderFrame: { url: 'file:///app/out/renderer/index.html' } };
    expect(await call(iframe, 'tracks.query', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const navigated = { sender: webContents, senderFrame: mainFrame };
    mainFrame.url = 'https://evil.example/';
    expect(await call(navigated, 'tracks.query', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    mainFrame.url = 'file:///app/out/renderer/index.html';
    expect(await call(trusted, 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await call(trusted, 'tracks.query', 'x')).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await registered.ipc.get(PICK_FOLDER_CHANNEL)!(other)).toBeNull();
    expect(await registered.ipc.get(PICK_FOLDER_CHANNEL)!(trusted)).toBe('/picked/folder');
  });

  it('streams media with ranges, only inside library roots', async () => {
    const media = registered.protocol.get('genrewise-media')!;
    const ids = db.prepare('SELECT id FROM tracks ORDER BY id').pluck().all() as number[];
    const ok = await media(new Request(`genrewise-media://track/${ids[0]}`, { headers: { Range: 'bytes=0-3' } }));
    expect(ok.status).toBe(206);
    expect(await ok.text()).toBe('fLaC');
    expect((await media(new Request(`genrewise-media://track/${ids[1]}`))).status).toBe(403);
    expect((await media(new Request('genrewise-media://track/999'))).status).toBe(404);
    expect((await media(new Request('genrewise-media://other/1'))).status).toBe(404);
    expect(registered.schemes).toEqual([expect.objectContaining({ scheme: 'genrewise-media' })]);
  });

  it('trusts only the app page (or the dev server in development)', () => {
    expect(isTrustedSenderUrl('file:///app/out/renderer/index.html', '/app/out/renderer/index.html', undefined)).toBe(
      true,
    );
    expect(isTrustedSenderUrl('file:///etc/passwd', '/app/out/renderer/index.html', undefined)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/', '/x', 'http://localhost:5173')).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', '/x', 'http://localhost:5173')).toBe(false);
    expect(isTrustedSenderUrl(undefined, '/x', undefined)).toBe(false);
  });

  it('remembers the window and keeps it on a visible display', () => {
    const file = join(dir, 'state', 'window.json');
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
    writeWindowState(file, { x: 3000, y: 100, width: 1400, height: 900, maximized: true });
    const saved = readWindowState(file);
    expect(saved).toEqual({ x: 3000, y: 100, width: 1400, height: 900, maximized: true });
    const laptop = [{ x: 0, y: 0, width: 1280, height: 800 }];
    expect(fitToDisplays(saved, laptop)).toEqual({ width: 1280, height: 800, maximized: true });
    const docked = [...laptop, { x: 1280, y: 0, width: 2560, height: 1440 }];
    expect(fitToDisplays(saved, docked)).toMatchObject({ x: 3000, y: 100 });
  });
});
