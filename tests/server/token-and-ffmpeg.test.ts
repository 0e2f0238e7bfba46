import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '../../core/analysis/decode/ffmpeg-binary.js';
import { rawRequest, serveRefusal, startServe } from './serve-helper.js';

const dir = mkdtempSync(join(tmpdir(), 'gw-token-'));
const db = join(dir, 'library.db');
const tokenFile = `${db}.token`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const stats = (base: string, token: string) =>
  rawRequest(base, '/api/library.stats', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: '{}',
  });

// Issue 12, item 5: a bookmark keeps working across restarts; --new-token invalidates it.
describe('the serve token', () => {
  it('is stored 0600 beside the database and reused on the next start', async () => {
    const first = await startServe(['--db', db]);
    await first.stop();
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(first.token);
    const second = await startServe(['--db', db]);
    try {
      expect(second.token).toBe(first.token);
      expect((await stats(second.base, first.token)).status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('changes with --new-token, and the old link stops working', async () => {
    const old = readFileSync(tokenFile, 'utf8').trim();
    const serve = await startServe(['--db', db, '--new-token']);
    try {
      expect(serve.token).not.toBe(old);
      expect(readFileSync(tokenFile, 'utf8').trim()).toBe(serve.token);
      expect((await stats(serve.base, old)).status).toBe(401);
      expect((await stats(serve.base, serve.token)).status).toBe(200);
    } finally {
      await serve.stop();
    }
  });

  it('is replaced when the file was readable by others', async () => {
    const old = readFileSync(tokenFile, 'utf8').trim();
    chmodSync(tokenFile, 0o644);
    const serve = await startServe(['--db', db]);
    await serve.stop();
    expect(serve.token).not.toBe(old);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(serve.stderr()).toMatch(/readable by others/);
  });

  it('shows a page saying how to get the link, not JSON, to a browser without it', async () => {
    const serve = await startServe(['--db', db]);
    try {
      for (const path of ['/', '/review', '/?token=wrong-wrong-wrong-wrong']) {
        const r = await rawRequest(serve.base, path);
        expect(r.status).toBe(401);
        expect(r.headers['content-type']).toMatch(/^text\/html/);
        expect(r.body).toMatch(/genrewise serve/);
        expect(r.body).toMatch(/--new-token/);
      }
      // API clients still get the JSON error body.
      expect(JSON.parse((await stats(serve.base, 'nope')).body)).toMatchObject({ code: 'unauthorized' });
    } finally {
      await serve.stop();
    }
  });
});

// Issue 12, item 2: the ffmpeg program is chosen on the command line only, and must be an ffmpeg.
describe('serve --ffmpeg', () => {
  const ffmpegSetting = async (): Promise<string | null> => {
    const serve = await startServe(['--db', db]);
    try {
      const r = await rawRequest(serve.base, '/api/settings.get', {
        method: 'POST',
        headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      return (JSON.parse(r.body) as { ffmpegPath: string | null }).ffmpegPath;
    } finally {
      await serve.stop();
    }
  };

  it('refuses a program that is not an ffmpeg and stores nothing', async () => {
    const r = await serveRefusal(['--db', db, '--ffmpeg', '/bin/sh']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/does not work/);
    expect(await ffmpegSetting()).toBeNull();
  });

  it('stores a real ffmpeg, and `--ffmpeg default` goes back to the bundled one', async () => {
    const real = resolveFfmpeg({ env: {} }).path;
    const serve = await startServe(['--db', db, '--ffmpeg', real]);
    await serve.stop();
    expect(await ffmpegSetting()).toBe(real);
    const back = await startServe(['--db', db, '--ffmpeg', 'default']);
    await back.stop();
    expect(await ffmpegSetting()).toBeNull();
  });
});
