import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/cli.js';
import { rawRequest, startServe, type ServeRun } from './serve-helper.js';

const MP3 = resolve(import.meta.dirname, '../fixtures/library/mp3/id3v1-only.mp3');

const openDescriptors = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;

/** Starts a ranged GET, waits for the headers and the first bytes, then drops the connection. */
function abortedPreview(base: string, path: string, auth: string): Promise<void> {
  const u = new URL(base);
  return new Promise((done, fail) => {
    const req = request(
      { host: u.hostname, port: u.port, path, headers: { Authorization: auth, Range: 'bytes=0-' } },
      (res) => {
        res.once('data', () => {
          req.destroy();
          done();
        });
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? done() : fail(err)));
    req.end();
  });
}

/** Status of a GET, or 'timeout' when no answer came in time. */
function statusWithin(base: string, path: string, auth: string, ms: number): Promise<number | 'timeout'> {
  const u = new URL(base);
  return new Promise((done) => {
    const req = request({ host: u.hostname, port: u.port, path, headers: { Authorization: auth } }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.setTimeout(ms, () => {
      req.destroy();
      done('timeout');
    });
    req.on('error', () => done('timeout'));
    req.end();
  });
}

// Issue 12, item 1: /media serves regular files only, never leaks a descriptor, never hangs, and
// the server stops promptly whatever is in flight.
describe.skipIf(process.platform !== 'linux')('/media against broken files', () => {
  let dir: string;
  let serve: ServeRun;
  let auth: string;
  const ids = new Map<string, number>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-media-'));
    const music = join(dir, 'music');
    mkdirSync(music);
    for (const name of ['folder', 'fifo', 'big', 'plain']) copyFileSync(MP3, join(music, `${name}.mp3`));
    const db = join(dir, 'library.db');
    expect((await runBin(['scan', music, '--db', db])).code).toBe(0);
    // After the scan, swap the files for what a hostile or broken library holds.
    rmSync(join(music, 'folder.mp3'));
    mkdirSync(join(music, 'folder.mp3'));
    rmSync(join(music, 'fifo.mp3'));
    execFileSync('mkfifo', [join(music, 'fifo.mp3')]);
    writeFileSync(join(music, 'big.mp3'), Buffer.alloc(32 * 1024 * 1024, 1));
    serve = await startServe(['--db', db]);
    auth = `Bearer ${serve.token}`;
    const page = await rawRequest(serve.base, '/api/tracks.query', {
      method: 'POST',
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      body: '{}',
    });
    for (const row of (JSON.parse(page.body) as { rows: { id: number; path: string }[] }).rows)
      ids.set(/(\w+)\.mp3$/.exec(row.path)?.[1] ?? '', row.id);
    expect(ids.size).toBe(4);
  });

  afterAll(async () => {
    if (serve?.child.exitCode === null && serve.child.signalCode === null) await serve.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a folder in a track’s place with 404 and keeps running', async () => {
    expect(await statusWithin(serve.base, `/media/${ids.get('folder')}`, auth, 3000)).toBe(404);
    expect(await statusWithin(serve.base, `/media/${ids.get('plain')}`, auth, 3000)).toBe(200);
  });

  it('closes the file of every preview the player abandons', async () => {
    const pid = serve.child.pid ?? 0;
    const before = openDescriptors(pid);
    for (let round = 0; round < 10; round++) {
      await Promise.all(Array.from({ length: 20 }, () => abortedPreview(serve.base, `/media/${ids.get('big')}`, auth)));
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(openDescriptors(pid) - before).toBeLessThan(10);
  });

  it('refuses a FIFO at once, and everything else keeps being served', async () => {
    const fifo = await Promise.all(
      Array.from({ length: 6 }, () => statusWithin(serve.base, `/media/${ids.get('fifo')}`, auth, 3000)),
    );
    expect(fifo).toEqual(Array(6).fill(404));
    expect(await statusWithin(serve.base, `/media/${ids.get('plain')}`, auth, 3000)).toBe(200);
  });

  it('stops within a few seconds of SIGTERM with a FIFO request and a preview in flight', async () => {
    void statusWithin(serve.base, `/media/${ids.get('fifo')}`, auth, 20_000);
    const u = new URL(serve.base);
    const streaming = request({
      host: u.hostname,
      port: u.port,
      path: `/media/${ids.get('big')}`,
      headers: { Authorization: auth },
    });
    streaming.on('error', () => undefined);
    await new Promise<void>((started) => {
      streaming.on('response', (res) => {
        res.once('data', () => {
          res.pause();
          started();
        });
      });
      streaming.end();
    });
    const t0 = Date.now();
    const stopped = serve.stop('SIGTERM');
    const outcome = await Promise.race([stopped, new Promise((r) => setTimeout(() => r('still running'), 8000))]);
    expect(outcome).not.toBe('still running');
    expect(Date.now() - t0).toBeLessThan(5000);
    streaming.destroy();
  });
});
