import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary } from '../../core/service/library-schema.js';
import { BIN, runBin } from '../helpers/cli.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/library');

describe('genrewise serve', () => {
  let dir: string;
  let server: ChildProcess;
  let base: string;
  let token: string;
  let dbPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-serve-'));
    const music = join(dir, 'music');
    cpSync(FIXTURES, music, { recursive: true });
    // A real MP3 scanned inside the library, then swapped for a link to an MP3 outside it: the
    // track row stays, and the media route must refuse what the path now resolves to.
    cpSync(join(FIXTURES, 'mp3', 'id3v24-numeric.mp3'), join(music, 'escape.mp3'));
    cpSync(join(FIXTURES, 'mp3', 'id3v1-only.mp3'), join(dir, 'secret.mp3'));
    dbPath = join(dir, 'library.db');
    const scan = await runBin(['scan', music, '--db', dbPath, '--json']);
    expect(scan.code === 0 || scan.code === 1).toBe(true);
    rmSync(join(music, 'escape.mp3'));
    symlinkSync(join(dir, 'secret.mp3'), join(music, 'escape.mp3'));
    server = spawn(process.execPath, [BIN, 'serve', '--db', dbPath, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      server.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
        if (m?.[1]) ok(m[1]);
      });
      server.on('exit', (code) => fail(new Error(`serve exited ${code}`)));
    });
    const parsed = new URL(url);
    token = parsed.searchParams.get('token') ?? '';
    base = parsed.origin;
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.on('exit', r));
      server.kill('SIGINT');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (
    method: string,
    params: unknown,
    headers: Record<string, string> = { Authorization: `Bearer ${token}` },
  ) =>
    fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(params),
    });

  it('answers 401 to every request without the token', async () => {
    expect((await api('library.stats', {}, {})).status).toBe(401);
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/media/1`)).status).toBe(401);
    expect((await fetch(`${base}/api/events`)).status).toBe(401);
    expect((await api('library.stats', {}, { Authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);
  });

  it('serves the UI with the token and remembers it in a cookie', async () => {
    const first = await fetch(`${base}/?token=${encodeURIComponent(token)}`);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('<div id="root">');
    const cookie = first.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^genrewise_token=/);
    expect((await api('library.stats', {}, { Cookie: cookie })).status).toBe(200);
  });

  it('answers the typed API', async () => {
    const stats = (await (await api('library.stats', {})).json()) as { tracks: number };
    const db = openLibrary(dbPath);
    const present = db.prepare("SELECT count(*) FROM tracks WHERE status = 'present'").pluck().get();
    db.close();
    expect(stats.tracks).toBe(present);
    const page = (await (await api('tracks.query', { limit: 3, sort: 'title' })).json()) as {
      total: number;
      rows: unknown[];
    };
    expect(page.rows).toHaveLength(3);
    const bad = await api('review.decide', { id: 999999, decision: { action: 'accept' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/no track/);
    expect((await api('no.such.method', {})).status).toBe(404);
  });

  it('streams library files with ranges and refuses files outside the roots', async () => {
    const db = openLibrary(dbPath);
    const inside = db
      .prepare("SELECT id FROM tracks WHERE path LIKE '%.flac' AND status = 'present' LIMIT 1")
      .pluck()
      .get() as number;
    const escape = db
      .prepare("SELECT id FROM tracks WHERE path LIKE '%escape.mp3' AND status = 'present'")
      .pluck()
      .get() as number | undefined;
    db.close();
    const auth = { Authorization: `Bearer ${token}` };
    const ranged = await fetch(`${base}/media/${inside}`, { headers: { ...auth, Range: 'bytes=0-3' } });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer()).toString('latin1')).toBe('fLaC');
    expect(escape).toBeTypeOf('number');
    const refused = await fetch(`${base}/media/${escape}`, { headers: auth });
    expect(refused.status).toBe(403);
    expect(Buffer.from(await refused.arrayBuffer()).toString('latin1')).not.toContain('ID3');
    expect((await fetch(`${base}/media/424242`, { headers: auth })).status).toBe(404);
  });

  it('refuses requests for another Host (DNS rebinding)', async () => {
    // fetch may not override Host, so send the request by hand.
    const status = await new Promise<number | undefined>((ok, fail) => {
      const u = new URL(base);
      const req = request(
        {
          host: u.hostname,
          port: u.port,
          path: '/api/library.stats',
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, Host: 'evil.example' },
        },
        (res) => {
          res.resume();
          ok(res.statusCode);
        },
      );
      req.on('error', fail);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('refuses to bind anything but loopback', async () => {
    const r = await runBin(['serve', '--db', dbPath, '--host', '0.0.0.0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/only binds to loopback/);
  });
});
