import { beforeEach, describe, expect, it } from 'vitest';
import type { LibraryStats } from '../../shared/api/types';
import { useLibrary } from '../../renderer/src/stores/library';
import { installFakeClient, type FakeClient } from './fake-client';
import { flush } from './fixtures';

const stats = { tracks: 3, reviewQueue: 1 } as LibraryStats;
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('library store', () => {
  let client: FakeClient;
  let releaseStats: (() => void)[];

  beforeEach(() => {
    client = installFakeClient();
    useLibrary.getState().reset();
    releaseStats = [];
    client
      .handle('roots.list', () => [
        { id: 1, path: '/a', addedAt: '', lastScanAt: null, trackCount: 2 },
        { id: 2, path: '/b', addedAt: '', lastScanAt: null, trackCount: 1 },
      ])
      .handle('library.stats', () => new Promise<LibraryStats>((r) => releaseStats.push(() => r(stats))));
  });

  it('is loaded once the roots answer, without waiting for the slow stats', async () => {
    await useLibrary.getState().refresh();
    expect(useLibrary.getState()).toMatchObject({ loaded: true, trackCount: 3, stats: null });
    await wait(200);
    releaseStats.shift()?.();
    await flush();
    expect(useLibrary.getState().stats).toBe(stats);
  });

  it('asks for stats once more, not once per refresh, while a request is running', async () => {
    for (let i = 0; i < 5; i++) void useLibrary.getState().refresh();
    await wait(200);
    expect(client.callsOf('library.stats')).toHaveLength(1);
    releaseStats.shift()?.();
    await flush();
    expect(client.callsOf('library.stats')).toHaveLength(2);
    releaseStats.shift()?.();
    await flush();
    expect(client.callsOf('library.stats')).toHaveLength(2);
  });
});
