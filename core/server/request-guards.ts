import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from './loopback.js';

/** A refusal with its own HTTP status (413, 415, …) that the API's error codes do not name. */
export class HttpRefusal extends Error {
  override name = 'HttpRefusal';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** True when `origin` is this server: http, a loopback host, our port. */
function isOwnOrigin(origin: string, port: number): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  const originPort = url.port === '' ? 80 : Number(url.port);
  return url.protocol === 'http:' && originPort === port && isLoopbackHost(url.hostname);
}

/** A link or a typed address opening the UI: the page that loads then runs on our origin. */
function isUiNavigation(req: IncomingMessage, path: string): boolean {
  return (
    req.method === 'GET' &&
    req.headers['sec-fetch-mode'] === 'navigate' &&
    !path.startsWith('/api/') &&
    !path.startsWith('/media/')
  );
}

/**
 * Why a request comes from another origin, or undefined when it is our own page's (or a
 * non-browser client's, which sends neither header). A page on another port of 127.0.0.1 is the
 * same *site* but another *origin*, so SameSite cookies alone would let it call the API: the
 * browser's `Origin` and `Sec-Fetch-Site` headers, which pages cannot forge, decide.
 */
export function crossOriginReason(req: IncomingMessage, path: string, port: number): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, port)) return `requests from ${origin} are not accepted`;
  const site = req.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return undefined;
  if (isUiNavigation(req, path)) return undefined;
  return `cross-site requests are not accepted (Sec-Fetch-Site: ${site})`;
}

/** API calls carry JSON; a form or `text/plain` POST (which needs no CORS preflight) is refused. */
export function assertJsonRequest(req: IncomingMessage): void {
  const type = req.headers['content-type']?.split(';', 1)[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    throw new HttpRefusal(415, 'API calls must be sent as Content-Type: application/json');
}

/** Reads at most `max` bytes of JSON; a bigger body is refused with 413 before it is read in full. */
export async function readJsonBody(req: IncomingMessage, max: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw new HttpRefusal(413, `request body larger than ${max} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > max) throw new HttpRefusal(413, `request body larger than ${max} bytes`);
    chunks.push(buf);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpRefusal(400, 'request body is not valid JSON');
  }
}

const UNAUTHORISED_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Genrewise: open the link with the token</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;color:#222}code{background:#eee;padding:0 .2em}</style>
</head><body>
<h1>Open Genrewise with its link</h1>
<p>This page needs the link that <code>genrewise serve</code> printed when it started; it ends in
<code>?token=…</code>. The link stays the same across restarts of the server for the same library, so a
bookmark of it keeps working.</p>
<p>Lost it? Run <code>genrewise serve</code> again and open the link it prints, or read the token from the file
<code>&lt;your library&gt;.db.token</code> beside the library database. <code>genrewise serve --new-token</code>
makes a new token and invalidates every old link.</p>
</body></html>
`;

/** The 401 a person sees in the browser: how to get in, not raw JSON. */
export function sendUnauthorisedPage(res: ServerResponse): void {
  res.writeHead(401, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(UNAUTHORISED_PAGE),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(UNAUTHORISED_PAGE);
}
