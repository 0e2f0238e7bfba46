import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertLoopback,
  isAllowedHostHeader,
  isLoopbackHost,
  NonLoopbackBindError,
} from '../../core/server/loopback.js';
import { MediaAccessError, parseRange, resolveMediaPath } from '../../core/library/media.js';

describe('loopback only', () => {
  it('accepts loopback addresses and refuses everything else', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.2', '10.0.0.1', 'example.com', ''])
      expect(isLoopbackHost(h)).toBe(false);
    expect(() => assertLoopback('0.0.0.0')).toThrow(NonLoopbackBindError);
  });

  it('checks the Host header against the port (DNS rebinding)', () => {
    expect(isAllowedHostHeader('127.0.0.1:8080', 8080)).toBe(true);
    expect(isAllowedHostHeader('localhost:8080', 8080)).toBe(true);
    expect(isAllowedHostHeader('[::1]:8080', 8080)).toBe(true);
    expect(isAllowedHostHeader('evil.example:8080', 8080)).toBe(false);
    expect(isAllowedHostHeader('127.0.0.1:9999', 8080)).toBe(false);
    expect(isAllowedHostHeader(undefined, 8080)).toBe(false);
  });
});

describe('byte ranges', () => {
  it('parses the forms audio players send', () => {
    expect(parseRange(undefined, 100)).toBeUndefined();
    expect(parseRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=10-19', 100)).toEqual({ start: 10, end: 19 });
    expect(parseRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
  });
  it('rejects unsatisfiable or malformed ranges with 416', () => {
    for (const h of ['bytes=100-', 'bytes=5-2', 'items=0-1', 'bytes=0-1,5-6']) {
      expect(() => parseRange(h, 100)).toThrow(MediaAccessError);
    }
  });
});

describe('media paths', () => {
  let dir: string;
  let root: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-media-'));
    root = join(dir, 'music');
    mkdirSync(join(root, 'album'), { recursive: true });
    writeFileSync(join(root, 'album', 'song.mp3'), 'x');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    symlinkSync(join(dir, 'secret.txt'), join(root, 'escape.mp3'));
    symlinkSync(join(root, 'album', 'song.mp3'), join(root, 'inside-link.mp3'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves files inside a root, also through symlinks that stay inside', async () => {
    await expect(resolveMediaPath(join(root, 'album', 'song.mp3'), [root])).resolves.toBe(
      join(root, 'album', 'song.mp3'),
    );
    await expect(resolveMediaPath(join(root, 'inside-link.mp3'), [root])).resolves.toBe(
      join(root, 'album', 'song.mp3'),
    );
  });

  it('refuses .. and symlinks out of the root', async () => {
    await expect(resolveMediaPath(join(root, '..', 'secret.txt'), [root])).rejects.toMatchObject({ status: 403 });
    await expect(resolveMediaPath(join(root, 'escape.mp3'), [root])).rejects.toMatchObject({ status: 403 });
    await expect(resolveMediaPath(join(root, 'missing.mp3'), [root])).rejects.toMatchObject({ status: 404 });
    await expect(resolveMediaPath(root, [root])).rejects.toMatchObject({ status: 403 });
  });
});
