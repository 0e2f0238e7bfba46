import { isIP } from 'node:net';

export class NonLoopbackBindError extends Error {
  override name = 'NonLoopbackBindError';
}

/** True for 127.0.0.0/8, ::1 and "localhost": the only addresses `genrewise serve` binds to. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || h.startsWith('::ffff:127.');
  return false;
}

export function assertLoopback(host: string): void {
  if (!isLoopbackHost(host)) {
    throw new NonLoopbackBindError(
      `refusing to listen on ${host}: the server only binds to loopback (127.0.0.1 or ::1); reach it remotely through an SSH tunnel`,
    );
  }
}

/**
 * Checks the Host header against the addresses we serve on, so a web page on another origin
 * cannot reach the API through DNS rebinding even if it learnt the token.
 */
export function isAllowedHostHeader(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
  if (!match) return false;
  const [, host = '', hostPort] = match;
  if (hostPort !== undefined && Number(hostPort) !== port) return false;
  return isLoopbackHost(host);
}
