import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { openRegularFile } from '../library/media.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/** Same policy as the Electron window: our own scripts only, no remote content. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "media-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built renderer; unknown paths fall back to index.html (client-side routes).
 * `urlPath` is already percent-decoded (the server refuses malformed escapes with 400).
 */
export async function serveStatic(
  root: string,
  urlPath: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  // resolve() drops a trailing separator, which would otherwise make every asset look outside.
  const base = resolve(root);
  let file = normalize(join(base, urlPath));
  if (file !== base && !file.startsWith(base + sep)) {
    res.writeHead(403).end();
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) file = join(base, 'index.html');
  // Regular files only, opened with a time bound: a FIFO or folder here must not hang the server.
  const opened = await openRegularFile(file).catch(() => undefined);
  if (!opened) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('UI not built: run `npm run build`');
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(opened.size),
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': extname(file) === '.html' ? 'no-store' : 'max-age=3600',
  });
  const body = opened.handle.createReadStream({ autoClose: true });
  if (req.method === 'HEAD') {
    body.destroy();
    res.end();
  } else pipeline(body, res, () => undefined);
}
