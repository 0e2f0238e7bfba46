import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startServe, type ServeRun } from './serve-helper.js';

// Issue 12, item 4: exporting playlists to /proc/x hung the whole server in Node's recursive mkdir.
describe.skipIf(process.platform !== 'linux')('playlists.export to special paths', () => {
  let dir: string;
  let serve: ServeRun;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gw-export-'));
    serve = await startServe(['--db', join(dir, 'library.db')]);
  });

  afterAll(async () => {
    if (serve?.child.exitCode === null && serve.child.signalCode === null) await serve.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const exportTo = (out: string) =>
    rawRequest(serve.base, '/api/playlists.export', {
      method: 'POST',
      headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ out, format: 'm3u8', source: 'tags' }),
      timeoutMs: 5000,
    });

  it.each(['/proc/x', '/proc/x/y/z', '/proc/self', '/sys/kernel/genrewise', '/dev/genrewise'])(
    'refuses %s at once with 400',
    async (out) => {
      const r = await exportTo(out);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ code: 'bad-request' });
    },
  );

  it('refuses a file in the way and keeps serving ordinary folders', async () => {
    writeFileSync(join(dir, 'a-file'), 'x');
    expect((await exportTo(join(dir, 'a-file', 'lists'))).status).toBe(400);
    const ok = await exportTo(join(dir, 'new', 'nested', 'lists'));
    expect(ok.status).toBe(200);
    expect(statSync(join(dir, 'new', 'nested', 'lists')).isDirectory()).toBe(true);
  });
});
