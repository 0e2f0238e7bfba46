import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EndOfStreamError } from 'strtok3';
import { afterAll, describe, expect, it } from 'vitest';
import {
  asyncFileIo,
  CachedFileTokenizer,
  HEAD_BYTES,
  syncFileIo,
  TAIL_BYTES,
  type FileIo,
} from '../../core/library/cached-file-tokenizer.js';
import { contentFingerprint, FINGERPRINT_SPAN } from '../../core/library/fingerprint.js';

const dir = mkdtempSync(join(tmpdir(), 'gw-tokenizer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

async function withTokenizer<T>(io: FileIo, data: Buffer, use: (t: CachedFileTokenizer) => Promise<T>): Promise<T> {
  const path = join(dir, `f-${data.length}-${Math.random()}`);
  writeFileSync(path, data);
  const fd = await io.open(path);
  try {
    return await use(await CachedFileTokenizer.open(io, fd, data.length));
  } finally {
    await io.close(fd);
  }
}

describe.each([
  ['sync', syncFileIo],
  ['async', asyncFileIo],
] as const)('CachedFileTokenizer (%s I/O)', (_name, io) => {
  it('returns exactly the file bytes for reads anywhere: head, gap, tail and across their edges', async () => {
    const data = bytes(1_300_000, 7);
    await withTokenizer(io, data, async (t) => {
      let x = 12345;
      const rand = (n: number): number => {
        x = (x * 1103515245 + 12345) % 2147483648;
        return x % n;
      };
      const edges = [0, HEAD_BYTES - 3, HEAD_BYTES, 65_536 * 5 - 2, data.length - TAIL_BYTES - 5, data.length - 17];
      const positions = [...edges, ...Array.from({ length: 200 }, () => rand(data.length - 1))];
      for (const position of positions) {
        const length = Math.min(
          data.length - position,
          1 + (positions.indexOf(position) % 7 === 0 ? rand(400_000) : rand(3000)),
        );
        const target = new Uint8Array(length);
        expect(await t.peekBuffer(target, { position })).toBe(length);
        expect(Buffer.from(target).equals(data.subarray(position, position + length))).toBe(true);
      }
      expect(t.overranEnd).toBe(false);
    });
  });

  it('advances the position on reads, not on peeks, and supports setPosition', async () => {
    const data = bytes(300_000, 3);
    await withTokenizer(io, data, async (t) => {
      const four = new Uint8Array(4);
      await t.peekBuffer(four);
      expect(t.position).toBe(0);
      await t.readBuffer(four);
      expect(t.position).toBe(4);
      t.setPosition(250_000);
      await t.readBuffer(four);
      expect(Buffer.from(four).equals(data.subarray(250_000, 250_004))).toBe(true);
      expect(t.position).toBe(250_004);
    });
  });

  it('reads a small file in one call and serves all later reads from memory', async () => {
    const data = bytes(20_000, 11);
    await withTokenizer(io, data, async (t) => {
      expect(t.counters.reads).toBe(1);
      for (let p = 0; p < data.length; p += 1000) await t.peekBuffer(new Uint8Array(100), { position: p });
      expect(t.counters.reads).toBe(1);
    });
  });

  it('reads head and tail at open and caches blocks fetched from the middle', async () => {
    const data = bytes(2_000_000, 5);
    await withTokenizer(io, data, async (t) => {
      expect(t.counters.reads).toBe(2);
      await t.peekBuffer(new Uint8Array(10), { position: 1_000_000 });
      await t.peekBuffer(new Uint8Array(10), { position: 1_000_100 });
      expect(t.counters.reads).toBe(3);
    });
  });

  it('throws strtok3 EndOfStreamError past the end, notes it, and honours mayBeLess', async () => {
    const data = bytes(5_000, 9);
    await withTokenizer(io, data, async (t) => {
      const target = new Uint8Array(100);
      expect(await t.peekBuffer(target, { position: 4_950, mayBeLess: true })).toBe(50);
      expect(t.overranEnd).toBe(false);
      await expect(t.peekBuffer(target, { position: 4_950 })).rejects.toBeInstanceOf(EndOfStreamError);
      expect(t.overranEnd).toBe(true);
    });
  });
});

describe('contentFingerprint', () => {
  const fp = (data: Buffer): string =>
    contentFingerprint(
      data.length,
      data.subarray(0, HEAD_BYTES),
      data.length > HEAD_BYTES ? data.subarray(Math.max(HEAD_BYTES, data.length - TAIL_BYTES)) : new Uint8Array(0),
    );

  it('is the same for the same content and differs when either end or the size changes', () => {
    for (const size of [1_000, 100_000, 150_000, 3_000_000]) {
      const data = bytes(size, size);
      expect(fp(Buffer.from(data))).toBe(fp(data));
      const head = Buffer.from(data);
      head[10] = (head[10] ?? 0) ^ 1;
      expect(fp(head)).not.toBe(fp(data));
      const tail = Buffer.from(data);
      tail[size - 10] = (tail[size - 10] ?? 0) ^ 1;
      expect(fp(tail)).not.toBe(fp(data));
      expect(fp(data.subarray(0, size - 1))).not.toBe(fp(data));
    }
  });

  it('ignores the middle of large files on purpose (size and mtime must match too)', () => {
    const data = bytes(3_000_000, 1);
    const middle = Buffer.from(data);
    middle[1_500_000] = (middle[1_500_000] ?? 0) ^ 1;
    expect(FINGERPRINT_SPAN).toBeLessThan(1_500_000);
    expect(fp(middle)).toBe(fp(data));
  });
});
