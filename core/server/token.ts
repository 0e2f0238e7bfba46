import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, closeSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'genrewise_token';

/** Tokens are 24 random bytes, base64url: 32 characters. Anything shorter in the file is replaced. */
const MIN_TOKEN_LENGTH = 16;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+$/;

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** decodeURIComponent that answers undefined for a malformed escape instead of throwing. */
export function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** The token a request carries: `Authorization: Bearer`, `?token=`, or the session cookie. */
export function requestToken(req: IncomingMessage, url: URL): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const query = url.searchParams.get('token');
  if (query) return query;
  const cookies = req.headers.cookie?.split(';') ?? [];
  for (const c of cookies) {
    const [name, ...rest] = c.trim().split('=');
    // A malformed cookie counts as no token (401), never as a server error.
    if (name === TOKEN_COOKIE) return safeDecode(rest.join('='));
  }
  return undefined;
}

export function isAuthorised(req: IncomingMessage, url: URL, token: string): boolean {
  const given = requestToken(req, url);
  return given !== undefined && safeEqual(given, token);
}

/** Where `genrewise serve` keeps the token of a library: beside the database, readable by its owner only. */
export function tokenFilePath(dbPath: string): string {
  return `${dbPath}.token`;
}

export interface StoredToken {
  readonly token: string;
  readonly file: string;
  /** Why a new token was made ('first start', 'asked for', …); undefined when the stored one is reused. */
  readonly renewed?: string;
}

/** The stored token when the file is ours alone and well-formed; otherwise why it cannot be used. */
function readStoredToken(file: string): string | { reason: string } {
  let info;
  try {
    info = statSync(file);
  } catch {
    return { reason: 'first start' };
  }
  if (!info.isFile()) return { reason: `${file} is not a regular file` };
  if ((info.mode & 0o077) !== 0) return { reason: `${file} was readable by others` };
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) return { reason: `${file} is not ours` };
  const token = readFileSync(file, 'utf8').trim();
  if (token.length < MIN_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) return { reason: `${file} held no valid token` };
  return token;
}

/** Writes the token to a 0600 temp file and renames it over the old one, so no reader sees half a token. */
function storeToken(file: string, token: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, `${token}\n`);
  } finally {
    closeSync(fd);
  }
  chmodSync(temp, 0o600);
  renameSync(temp, file);
}

/**
 * The token for a library: the one stored beside its database, so a bookmarked link keeps
 * working across restarts; a new one on first start, when asked (`serve --new-token`), or when
 * the stored file cannot be trusted (readable by others, someone else's, malformed).
 */
export function loadOrCreateToken(dbPath: string, options: { renew?: boolean } = {}): StoredToken {
  const file = tokenFilePath(dbPath);
  const stored = options.renew ? { reason: 'asked for' } : readStoredToken(file);
  if (typeof stored === 'string') return { token: stored, file };
  const token = newToken();
  storeToken(file, token);
  return { token, file, renewed: stored.reason };
}
