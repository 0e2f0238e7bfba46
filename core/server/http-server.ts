import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';
import { ApiError, isApiMethod, type ApiErrorBody, type ApiMethod, type ApiParams } from '../../shared/api/contract.js';
import type { ApiService } from '../service/types.js';
import { assertLoopback, isAllowedHostHeader } from './loopback.js';
import { MediaAccessError, openMedia } from '../library/media.js';
import { serveStatic } from './static-files.js';
import { parseApiParams } from '../../shared/api/schema.js';
import {
  assertJsonRequest,
  crossOriginReason,
  HttpRefusal,
  readJsonBody,
  sendUnauthorisedPage,
} from './request-guards.js';
import { isAuthorised, safeDecode, TOKEN_COOKIE } from './token.js';

export interface HttpServerOptions {
  readonly service: ApiService;
  readonly token: string;
  readonly host?: string;
  readonly port?: number;
  /** Built renderer (dist/renderer); undefined serves the API only. */
  readonly staticDir?: string;
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  readonly host: string;
  /** The URL to open, token included (like Jupyter's). */
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: ApiErrorBody['code'], message: string): void {
  sendJson(res, status, { code, message } satisfies ApiErrorBody);
}

const MEDIA_ERROR_CODES: Record<MediaAccessError['status'], ApiErrorBody['code']> = {
  403: 'unauthorized',
  404: 'not-found',
  416: 'bad-request',
  503: 'internal',
};

const STATUS_FOR_CODE: Record<ApiErrorBody['code'], number> = {
  'bad-request': 400,
  unauthorized: 401,
  'not-found': 404,
  conflict: 409,
  internal: 500,
};

function parseUrl(raw: string | undefined): URL | undefined {
  try {
    return new URL(raw ?? '/', 'http://127.0.0.1');
  } catch {
    return undefined;
  }
}

/**
 * `genrewise serve`: the built UI and the same API the Electron app uses, on loopback only.
 * Every request needs the token (query, bearer header, or the cookie set when the tokened URL is
 * first opened); the API lives under /api/, progress streams as server-sent events at
 * /api/events, and /media/<trackId> streams library files with Range support for the preview.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  assertLoopback(host);
  const { service, token } = options;
  const sse = new Set<ServerResponse>();
  const unsubscribe = service.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of sse) res.write(frame);
  });
  let port = options.port ?? 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'internal', (err as Error).message);
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHostHeader(req.headers.host, port)) {
      sendError(res, 403, 'unauthorized', 'unexpected Host header');
      return;
    }
    // A fixed base: the Host header was checked above and only the path and query matter here.
    const url = parseUrl(req.url);
    const path = url && safeDecode(url.pathname);
    if (!url || path === undefined) {
      sendError(res, 400, 'bad-request', 'malformed URL');
      return;
    }
    const crossOrigin = crossOriginReason(req, path, port);
    if (crossOrigin) {
      sendError(res, 403, 'unauthorized', crossOrigin);
      return;
    }
    if (!isAuthorised(req, url, token)) {
      if (path.startsWith('/api/'))
        sendError(res, 401, 'unauthorized', 'missing or wrong token: open the URL printed by `genrewise serve`');
      else sendUnauthorisedPage(res);
      return;
    }
    if (url.searchParams.has('token')) {
      // Remember the token for the page's own requests (scripts, EventSource, audio) and drop it
      // from the address bar.
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`);
    }
    if (path === '/api/events' && req.method === 'GET') {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      sse.add(res);
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(ping);
        sse.delete(res);
      });
      return;
    }
    if (path.startsWith('/api/')) {
      await callApi(req, res, path.slice(5));
      return;
    }
    const media = /^\/media\/(\d+)$/.exec(path);
    if (media && (req.method === 'GET' || req.method === 'HEAD')) {
      await sendMedia(req, res, Number(media[1]));
      return;
    }
    if (options.staticDir && (req.method === 'GET' || req.method === 'HEAD')) {
      await serveStatic(options.staticDir, path, req, res);
      return;
    }
    sendError(res, 404, 'not-found', 'not found');
  }

  async function sendMedia(req: IncomingMessage, res: ServerResponse, trackId: number): Promise<void> {
    let out;
    try {
      out = await openMedia(await service.mediaPath(trackId), req.headers.range);
    } catch (err) {
      if (!(err instanceof MediaAccessError)) throw err;
      sendError(res, err.status, MEDIA_ERROR_CODES[err.status], err.message);
      return;
    }
    res.writeHead(out.status, out.headers);
    if (req.method === 'HEAD') {
      out.body.destroy();
      res.end();
      return;
    }
    // pipeline destroys the file stream (closing its descriptor) when the player disconnects.
    pipeline(out.body, res, () => undefined);
  }

  async function callApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') {
      sendError(res, 405, 'bad-request', 'API methods are called with POST');
      return;
    }
    if (!isApiMethod(method)) {
      sendError(res, 404, 'not-found', `no API method ${method}`);
      return;
    }
    try {
      assertJsonRequest(req);
      const params = parseApiParams(method, await readJsonBody(req, MAX_BODY));
      const handler = service.handlers[method] as (p: ApiParams<ApiMethod>) => Promise<unknown>;
      sendJson(res, 200, await handler(params));
    } catch (err) {
      if (err instanceof HttpRefusal) {
        // Do not read the rest of an oversized body: answer and close the connection.
        if (err.status === 413) res.setHeader('Connection', 'close');
        sendError(res, err.status, 'bad-request', err.message);
      } else if (err instanceof ApiError) sendError(res, STATUS_FOR_CODE[err.code], err.code, err.message);
      else sendError(res, 500, 'internal', (err as Error).message);
    }
  }

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    server,
    port,
    host,
    url: `http://${shownHost}:${port}/?token=${encodeURIComponent(token)}`,
    async close() {
      unsubscribe();
      for (const res of sse) res.end();
      sse.clear();
      const closed = new Promise<void>((r) => server.close(() => r()));
      // Whatever is in flight (a preview streaming, a slow client) is cut: stopping must be prompt.
      server.closeAllConnections();
      await closed;
    },
  };
}
