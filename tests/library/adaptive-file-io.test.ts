import { describe, expect, it } from 'vitest';
import { AdaptiveFileIo } from '../../core/library/adaptive-file-io.js';
import type { FileIo } from '../../core/library/cached-file-tokenizer.js';

/** Fake I/O on a fake clock: each read takes `latency()` milliseconds and is counted. */
function fakeIo(clock: { t: number }, latency: () => number, counter: { reads: number }): FileIo {
  return {
    open: () => Promise.resolve(3),
    read: (_fd, _target, _offset, length) => {
      clock.t += latency();
      counter.reads++;
      return Promise.resolve(length);
    },
    close: () => Promise.resolve(),
  };
}

describe('AdaptiveFileIo', () => {
  it('stays synchronous while reads come from memory', async () => {
    const clock = { t: 0 };
    const sync = { reads: 0 };
    const io = new AdaptiveFileIo(
      fakeIo(clock, () => 0.03, sync),
      fakeIo(clock, () => 0.2, { reads: 0 }),
      () => clock.t,
    );
    for (let i = 0; i < 500; i++) await io.read(3, new Uint8Array(1), 0, 1, 0);
    expect(io.mode).toBe('sync');
    expect(sync.reads).toBe(500);
  });

  it('switches to asynchronous reads when the disk is slow, and back once reads are quick', async () => {
    const clock = { t: 0 };
    let diskMs = 8;
    const sync = { reads: 0 };
    const async = { reads: 0 };
    const io = new AdaptiveFileIo(
      fakeIo(clock, () => diskMs, sync),
      fakeIo(clock, () => diskMs + 0.1, async),
      () => clock.t,
    );
    let readsUntilAsync = 0;
    while (io.mode === 'sync') {
      await io.read(3, new Uint8Array(1), 0, 1, 0);
      readsUntilAsync++;
    }
    expect(readsUntilAsync).toBeLessThanOrEqual(5);
    for (let i = 0; i < 100; i++) await io.read(3, new Uint8Array(1), 0, 1, 0);
    expect(io.mode).toBe('async');
    expect(async.reads).toBe(100);
    diskMs = 0.05; // everything is in the page cache now
    for (let i = 0; i < 100 && io.mode === 'async'; i++) await io.read(3, new Uint8Array(1), 0, 1, 0);
    expect(io.mode).toBe('sync');
  });

  it('does not flap on occasional slow reads', async () => {
    const clock = { t: 0 };
    let n = 0;
    const io = new AdaptiveFileIo(
      fakeIo(clock, () => (++n % 20 === 0 ? 3 : 0.03), { reads: 0 }),
      fakeIo(clock, () => 0.2, { reads: 0 }),
      () => clock.t,
    );
    for (let i = 0; i < 400; i++) await io.read(3, new Uint8Array(1), 0, 1, 0);
    expect(io.mode).toBe('sync');
  });

  it('stays synchronous on a busy machine, where a read now and then waits 40 ms for a core', async () => {
    // Under load a 30-µs read that is preempted looks like a 40-ms disk seek. Averaging times made
    // one such read switch a scan to the thread pool, which costs more CPU on a machine short of it.
    const clock = { t: 0 };
    let n = 0;
    const io = new AdaptiveFileIo(
      fakeIo(clock, () => (++n % 10 === 0 ? 40 : 0.03), { reads: 0 }),
      fakeIo(clock, () => 0.2, { reads: 0 }),
      () => clock.t,
    );
    for (let i = 0; i < 400; i++) await io.read(3, new Uint8Array(1), 0, 1, 0);
    expect(io.mode).toBe('sync');
  });
});

describe('AdaptiveFileIo opens', () => {
  it('keeps opening files synchronously while only the reads are slow (a cold local disk)', async () => {
    const clock = { t: 0 };
    const slowReads = (): FileIo => ({
      open: () => Promise.resolve(3),
      read: (_fd, _target, _offset, length) => {
        clock.t += 5;
        return Promise.resolve(length);
      },
      close: () => Promise.resolve(),
    });
    const io = new AdaptiveFileIo(slowReads(), slowReads(), () => clock.t);
    for (let i = 0; i < 50; i++) {
      const fd = await io.open('/music/a.mp3');
      await io.read(fd, new Uint8Array(1), 0, 1, 0);
      await io.close(fd);
    }
    expect(io.mode).toBe('async');
    expect(io.openMode).toBe('sync');
  });

  it('opens asynchronously too when opens are slow (a network share)', async () => {
    const clock = { t: 0 };
    const counter = { reads: 0 };
    const slowOpens = (): FileIo => ({
      ...fakeIo(clock, () => 0.03, counter),
      open: () => {
        clock.t += 4;
        return Promise.resolve(3);
      },
    });
    const io = new AdaptiveFileIo(slowOpens(), slowOpens(), () => clock.t);
    for (let i = 0; i < 20; i++) await io.close(await io.open('/share/a.mp3'));
    expect(io.openMode).toBe('async');
    expect(io.mode).toBe('sync');
  });
});
