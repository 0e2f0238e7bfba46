import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../shared/api/contract.js';
import { rawRequest, startServe, type ServeRun } from './serve-helper.js';

// Issue 12, items 2 and 3: a page on another origin cannot drive the API, and no request,
// however malformed, gets a 500.
describe('genrewise serve against hostile requests', () => {
  let dir: string;
  let serve: ServeRun;
  let cookie: string;
  let origin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-hostile-'));
    mkdirSync(join(dir, 'music'));
    serve = await startServe(['--db', join(dir, 'library.db')]);
    origin = serve.base;
    const first = await rawRequest(serve.base, `/?token=${serve.token}`);
    const setCookie = first.headers['set-cookie']?.[0] ?? '';
    cookie = setCookie.split(';')[0] ?? '';
  });

  afterAll(async () => {
    await serve.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: string, body: string, headers: Record<string, string> = {}) =>
    rawRequest(serve.base, `/api/${method}`, {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/json', Origin: origin, ...headers },
      body,
    });
  const reviewThreshold = async (): Promise<number> =>
    (JSON.parse((await call('settings.get', '{}')).body) as { reviewThreshold: number }).reviewThreshold;

  it('keeps the session cookie HttpOnly and SameSite=Strict', async () => {
    const first = await rawRequest(serve.base, `/?token=${serve.token}`);
    expect(first.headers['set-cookie']?.[0]).toMatch(/; HttpOnly; SameSite=Strict/);
    expect((await call('settings.get', '{}')).status).toBe(200);
  });

  it('refuses a text/plain POST from a page on another port of 127.0.0.1', async () => {
    const before = await reviewThreshold();
    const evil = { 'Content-Type': 'text/plain', Origin: 'http://127.0.0.1:1', 'Sec-Fetch-Site': 'same-site' };
    const r = await call('settings.update', JSON.stringify({ reviewThreshold: 0.11 }), evil);
    expect(r.status).toBe(403);
    expect(await reviewThreshold()).toBe(before);
  });

  it('refuses another origin even with a JSON body, and a same-site fetch without Origin', async () => {
    expect((await call('roots.list', '{}', { Origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await call('roots.list', '{}', { Origin: 'null' })).status).toBe(403);
    expect((await call('roots.list', '{}', { Origin: 'http://localhost.evil.example:1' })).status).toBe(403);
    expect((await call('roots.list', '{}', { 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    expect((await call('roots.list', '{}', { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
  });

  it('requires application/json for API calls from our own page', async () => {
    const r = await call('settings.update', JSON.stringify({ reviewThreshold: 0.12 }), {
      'Content-Type': 'text/plain',
    });
    expect(r.status).toBe(415);
    const form = await call('roots.list', 'a=1', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
  });

  it('refuses media and the event stream to other sites, but lets a link open the UI', async () => {
    const sameSite = { Cookie: cookie, 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'no-cors' };
    expect((await rawRequest(serve.base, '/media/1', { headers: sameSite })).status).toBe(403);
    expect((await rawRequest(serve.base, '/api/events', { headers: sameSite })).status).toBe(403);
    const link = { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' };
    expect((await rawRequest(serve.base, `/?token=${serve.token}`, { headers: link })).status).not.toBe(403);
  });

  it('never lets the API choose the ffmpeg program', async () => {
    const r = await call('settings.update', JSON.stringify({ ffmpegPath: '/bin/sh' }));
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/command line/);
    const settings = JSON.parse((await call('settings.get', '{}')).body) as { ffmpegPath: string | null };
    expect(settings.ffmpegPath).toBeNull();
  });

  it('answers malformed paths and cookies with 400 or 401, not 500', async () => {
    const auth = { Authorization: `Bearer ${serve.token}` };
    expect((await rawRequest(serve.base, '/%', { headers: auth })).status).toBe(400);
    expect((await rawRequest(serve.base, '/api/%', { method: 'POST', headers: auth })).status).toBe(400);
    expect((await rawRequest(serve.base, '/%00', { headers: auth })).status).toBeLessThan(500);
    const badCookie = { Cookie: 'genrewise_token=%E0%A4%A' };
    expect((await rawRequest(serve.base, '/', { headers: badCookie })).status).toBe(401);
    expect((await call('roots.list', '{}', badCookie)).status).toBe(401);
  });

  it.each([
    ['review.decide', { id: 1, decision: null }],
    ['review.decide', { id: 1, decision: { action: 'choose', genre: 'ro\u0000ck' } }],
    ['review.decide', { id: 1, decision: { action: 'explode' } }],
    ['roots.remove', { id: { $gt: 0 } }],
    ['roots.add', { path: ['/'] }],
    ['jobs.write', {}],
    ['jobs.write', { mode: 'replace', minConfidence: 7 }],
    ['tags.plan', { mode: 'sideways' }],
    ['tracks.query', { limit: -1 }],
    ['tracks.get', { id: 1.5 }],
    ['playlists.export', { out: 5, format: 'm3u8', source: 'decided' }],
    ['settings.update', { displayNames: { rock: 'Ro\u0000ck' } }],
    ['settings.update', { reviewThreshold: '0.5' }],
  ])('%s with bad params %j is a 400 that names the field', async (method, params) => {
    const r = await call(method, JSON.stringify(params));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'bad-request', message: expect.stringContaining(method) });
  });

  it('checks every method in one place: unknown fields and non-objects are 400 for all', async () => {
    for (const method of API_METHODS) {
      expect((await call(method, JSON.stringify({ noSuchField: 1 }))).status, method).toBe(400);
      expect((await call(method, '[1]')).status, method).toBe(400);
      expect((await call(method, '"x"')).status, method).toBe(400);
    }
    expect((await call('no.such.method', '{}')).status).toBe(404);
    expect((await call('roots.list', '{not json')).status).toBe(400);
  });

  it('refuses an over-size body with 413 and keeps serving', async () => {
    const big = JSON.stringify({ search: 'x'.repeat(2 * 1024 * 1024) });
    const declared = await call('tracks.query', big).catch((err: NodeJS.ErrnoException) => err.code);
    expect(declared === 'ECONNRESET' || declared === 'EPIPE' || (declared as { status: number }).status === 413).toBe(
      true,
    );
    if (typeof declared === 'object') expect(declared.status).toBe(413);
    expect((await call('roots.list', '{}')).status).toBe(200);
  });
});
