import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendEarly, takeEarly } from '../../renderer/src/api/early-requests';
import { HttpClient } from '../../renderer/src/api/http-client';

/** The boot script's early request, against a real HTTP server that counts what it is asked. */
describe('early requests', () => {
  let server: Server;
  let base: string;
  const asked: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        asked.push(`${req.url} ${body}`);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ total: 7, offset: 0, rows: [], asked: asked.length }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('answers the first identical call from the request already sent, once', async () => {
    asked.length = 0;
    const query = { sort: 'artist' as const, descending: false, offset: 0, limit: 100 };
    sendEarly(base, 'tracks.query', query);
    const client = new HttpClient(base);
    expect(await client.call('tracks.query', { ...query })).toMatchObject({ total: 7, asked: 1 });
    expect(asked).toEqual([`/api/tracks.query ${JSON.stringify(query)}`]);
    // Taken once: the next identical call asks the server again.
    expect(await client.call('tracks.query', query)).toMatchObject({ asked: 2 });
    expect(asked).toHaveLength(2);
  });

  it('is not handed to a call with other parameters or another method', async () => {
    const query = { sort: 'artist' as const, descending: false, offset: 0, limit: 100 };
    sendEarly(base, 'tracks.query', query);
    expect(takeEarly('tracks.query', { ...query, offset: 100 })).toBeUndefined();
    expect(takeEarly('roots.list', {})).toBeUndefined();
    expect(takeEarly('tracks.query', query)).toBeDefined();
    expect(takeEarly('tracks.query', query)).toBeUndefined();
  });
});
