import { describe, expect, it } from 'vitest';
import { INLINE_BELOW, ScanReader } from '../../core/library/scan-reader.js';
import type { TagReader } from '../../core/library/tag-reader.js';

/** A reader that only counts closes (the scan must never close one it was given). */
function givenReader(): TagReader & { closes: number } {
  const reader = {
    closes: 0,
    threads: 2,
    read: () => Promise.reject(new Error('not used')),
    fingerprint: () => Promise.resolve(undefined),
    close: () => {
      reader.closes++;
      return Promise.resolve();
    },
  };
  return reader;
}

describe('ScanReader', () => {
  it("uses the caller's reader whatever happens, and leaves it open", async () => {
    const given = givenReader();
    const readers = new ScanReader(given, undefined);
    readers.startEarly();
    expect(readers.forJobs(10_000)).toBe(given);
    await readers.close();
    expect(given.closes).toBe(0);
  });

  it('reads a handful of files on the calling thread', async () => {
    const readers = new ScanReader(undefined, undefined);
    expect(readers.forJobs(INLINE_BELOW - 1).threads).toBe(0);
    await readers.close();
  });

  it('keeps the reader started early for the reads that follow, and closes it', async () => {
    const readers = new ScanReader(undefined, 0);
    readers.startEarly();
    const early = readers.forJobs(3);
    readers.startEarly();
    expect(readers.forJobs(INLINE_BELOW)).toBe(early);
    await readers.close();
  });
});
