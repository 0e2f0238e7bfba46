import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackQuery } from '../../shared/api/types';
import {
  FETCH_DELAY_MS,
  MARGIN_ROWS,
  MAX_IN_FLIGHT,
  PAGE_SIZE,
  rowAt,
  useTrackTable,
} from '../../renderer/src/stores/track-table';
import { FakeClient, installFakeClient } from './fake-client';
import { flush, trackRow } from './fixtures';

const TOTAL = 100_000;

function serveLibrary(client: FakeClient, total = TOTAL): void {
  client.handle('tracks.query', (q: TrackQuery) => {
    const offset = q.offset ?? 0;
    const n = Math.max(0, Math.min(q.limit ?? 200, total - offset));
    return { total, offset, rows: Array.from({ length: n }, (_, i) => trackRow(offset + i)) };
  });
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('library table store: paging cache', () => {
  let client: FakeClient;
  beforeEach(() => {
    client = installFakeClient();
    useTrackTable.getState().reset();
  });
  afterEach(() => useTrackTable.getState().reset());

  it('loads the first page and the total when the table first shows', async () => {
    serveLibrary(client);
    useTrackTable.getState().showRange(0, 20);
    await flush();
    expect(client.callsOf('tracks.query')).toEqual([
      { sort: 'artist', descending: false, offset: 0, limit: PAGE_SIZE },
    ]);
    expect(useTrackTable.getState().total).toBe(TOTAL);
    expect(rowAt(0)?.id).toBe(0);
    expect(rowAt(99)?.id).toBe(99);
    expect(rowAt(100)).toBeUndefined();
  });

  it('after a jump, fetches where it stopped (the page on screen first), once the jump pauses', async () => {
    serveLibrary(client);
    useTrackTable.getState().showRange(0, 20);
    await flush();
    client.calls.length = 0;

    // A scrollbar drag passes many rows: only where it stops is fetched, with the margin below it.
    for (const start of [1000, 20_000, 50_000, 73_450]) useTrackTable.getState().showRange(start, start + 20);
    await flush();
    expect(client.callsOf('tracks.query')).toHaveLength(0);
    await wait(FETCH_DELAY_MS + 20);
    await flush();
    // Rows 73,450–73,470 are on page 73,400; the next page starts within MARGIN_ROWS of them.
    expect(73_470 + MARGIN_ROWS).toBeGreaterThan(73_500);
    expect(client.callsOf('tracks.query').map((q) => q.offset)).toEqual([73_400, 73_500]);
    expect(rowAt(73_455)?.id).toBe(73_455);

    // Cached pages are not asked for again.
    useTrackTable.getState().showRange(73_450, 73_470);
    await flush();
    expect(client.callsOf('tracks.query')).toHaveLength(2);
  });

  it('while scrolling, fetches pages ahead in the scroll direction before they are on screen', async () => {
    serveLibrary(client);
    useTrackTable.getState().showRange(0, 20);
    await flush();
    useTrackTable.getState().showRange(5_000, 5_020);
    await wait(FETCH_DELAY_MS + 20);
    await flush();
    expect(client.callsOf('tracks.query').map((q) => q.offset)).toEqual([0, 5_000, 4_900]);
    client.calls.length = 0;
    // Scrolling up at about 600 rows a second (10 rows a frame): the pages above come next.
    for (let start = 5_000; start >= 4_900; start -= 10) {
      useTrackTable.getState().showRange(start, start + 20);
      await wait(16);
      await flush();
    }
    const asked = client.callsOf('tracks.query').map((q) => q.offset);
    // Well ahead of the viewport (at row 4,900 now), nearest first, and nothing below it.
    expect(asked.slice(0, 3)).toEqual([4_800, 4_700, 4_600]);
    expect(asked.every((offset) => (offset ?? 0) < 5_000)).toBe(true);
    expect(rowAt(4_650)?.id).toBe(4_650);
  });

  it('keeps few requests on the wire and, when they return, fetches what is on screen now', async () => {
    serveLibrary(client);
    useTrackTable.getState().showRange(0, 20);
    await flush();
    const waiting: (() => void)[] = [];
    client.handle('tracks.query', async (q: TrackQuery) => {
      await new Promise<void>((r) => waiting.push(r));
      const offset = q.offset ?? 0;
      return { total: TOTAL, offset, rows: Array.from({ length: PAGE_SIZE }, (_, i) => trackRow(offset + i)) };
    });
    client.calls.length = 0;
    // A tall window over five pages: only MAX_IN_FLIGHT of them are asked for at first.
    useTrackTable.getState().showRange(10_000, 10_480);
    await wait(FETCH_DELAY_MS + 20);
    expect(client.callsOf('tracks.query').map((q) => q.offset)).toEqual([10_000, 10_100].slice(0, MAX_IN_FLIGHT));
    // Meanwhile the user scrolled far away: the next request is for where they are now.
    useTrackTable.getState().showRange(60_000, 60_020);
    waiting.shift()?.();
    await flush();
    expect(
      client
        .callsOf('tracks.query')
        .map((q) => q.offset)
        .slice(MAX_IN_FLIGHT),
    ).toEqual([60_000]);
    for (const release of waiting.splice(0)) release();
    await flush();
    for (const release of waiting.splice(0)) release();
    await flush();
    expect(rowAt(60_010)?.id).toBe(60_010);
    expect(client.callsOf('tracks.query').map((q) => q.offset)).not.toContain(10_200);
  });

  it('re-queries from the top with the filters as query params, dropping cached rows', async () => {
    serveLibrary(client);
    useTrackTable.getState().showRange(0, 20);
    await flush();
    client.calls.length = 0;

    serveLibrary(client, 42);
    useTrackTable.getState().setFilters({ genre: 'Jazz', status: 'review', confidence: 'low' });
    await flush();
    expect(client.callsOf('tracks.query')).toEqual([
      {
        genre: 'Jazz',
        status: 'review',
        maxConfidence: 0.4999,
        sort: 'artist',
        descending: false,
        offset: 0,
        limit: PAGE_SIZE,
      },
    ]);
    expect(useTrackTable.getState().total).toBe(42);
    expect(useTrackTable.getState().queryKey).toBe(1);
    expect(useTrackTable.getState().lastQueryMs).not.toBeNull();

    useTrackTable.getState().sortBy('confidence');
    await flush();
    expect(client.callsOf('tracks.query').at(-1)).toMatchObject({
      sort: 'confidence',
      descending: false,
      genre: 'Jazz',
    });
    useTrackTable.getState().sortBy('confidence');
    await flush();
    expect(client.callsOf('tracks.query').at(-1)).toMatchObject({ sort: 'confidence', descending: true });
  });

  it('ignores answers to a query the user has already changed', async () => {
    let release: (() => void) | undefined;
    client.handle('tracks.query', async (q: TrackQuery) => {
      if (q.search === 'slow') await new Promise<void>((r) => (release = r));
      return { total: q.search === 'slow' ? 1 : 2, offset: 0, rows: [trackRow(q.search === 'slow' ? 1 : 2)] };
    });
    useTrackTable.getState().showRange(0, 20);
    await flush();
    useTrackTable.getState().setFilters({ search: 'slow' });
    useTrackTable.getState().setFilters({ search: 'fast' });
    await flush();
    release?.();
    await flush();
    expect(useTrackTable.getState().total).toBe(2);
    expect(rowAt(0)?.id).toBe(2);
  });

  it('sends one query at a time, then only the latest, keeping the old rows until the new arrive', async () => {
    const waiting: (() => void)[] = [];
    client.handle('tracks.query', async (q: TrackQuery) => {
      if (q.search) await new Promise<void>((r) => waiting.push(r));
      const id = q.search ? q.search.length : 0;
      return { total: 1, offset: 0, rows: [trackRow(id)] };
    });
    useTrackTable.getState().showRange(0, 20);
    await flush();
    client.calls.length = 0;
    // Typing on while "n" is on the wire: "ne" and "nee" are not sent, only "need" after "n" returns.
    for (const search of ['n', 'ne', 'nee', 'need']) useTrackTable.getState().setFilters({ search });
    await flush();
    expect(client.callsOf('tracks.query').map((q) => q.search)).toEqual(['n']);
    expect(rowAt(0)?.id).toBe(0); // the rows before the search, not placeholders
    expect(useTrackTable.getState().loading).toBe(true);
    waiting.shift()?.();
    await flush();
    expect(client.callsOf('tracks.query').map((q) => q.search)).toEqual(['n', 'need']);
    expect(rowAt(0)?.id).toBe(0); // the answer for "n" is already stale: not shown
    waiting.shift()?.();
    await flush();
    expect(rowAt(0)?.id).toBe(4);
    expect(useTrackTable.getState().loading).toBe(false);
    expect(useTrackTable.getState().queryKey).toBe(1);
  });

  it('a library change during a new search still brings that search from the top', async () => {
    const waiting: (() => void)[] = [];
    client.handle('tracks.query', async (q: TrackQuery) => {
      if (q.search) await new Promise<void>((r) => waiting.push(r));
      const offset = q.offset ?? 0;
      return { total: q.search ? 5 : TOTAL, offset, rows: [trackRow(q.search ? 1_000_000 + offset : offset)] };
    });
    useTrackTable.getState().showRange(0, 20);
    await flush();
    useTrackTable.getState().showRange(500, 520); // scrolled down the whole library
    useTrackTable.getState().setFilters({ search: 'dub' });
    await flush();
    const reloading = useTrackTable.getState().reload(); // a scan changed the library meanwhile
    waiting.shift()?.();
    await flush();
    waiting.shift()?.();
    await reloading;
    await flush();
    // The search's rows from its first page, the table back at the top, not at row 500.
    expect(
      client
        .callsOf('tracks.query')
        .filter((q) => q.search === 'dub')
        .map((q) => q.offset),
    ).toEqual([0, 0]);
    expect(useTrackTable.getState().total).toBe(5);
    expect(rowAt(0)?.id).toBe(1_000_000);
    expect(useTrackTable.getState().queryKey).toBe(1);
  });

  it('keeps showing rows while a library change reloads them', async () => {
    let version = 0;
    let release: (() => void) | undefined;
    client.handle('tracks.query', async (q: TrackQuery) => {
      if (version > 0) await new Promise<void>((r) => (release = r));
      return { total: 10, offset: q.offset ?? 0, rows: [trackRow(version * 100)] };
    });
    useTrackTable.getState().showRange(0, 10);
    await flush();
    version = 1;
    const reloading = useTrackTable.getState().reload();
    await flush();
    expect(rowAt(0)?.id).toBe(0); // old row still there, not a blank placeholder
    release?.();
    await reloading;
    expect(rowAt(0)?.id).toBe(100);
  });

  it('reports a failed query instead of spinning forever', async () => {
    client.fail('tracks.query', 'internal', 'database is locked');
    useTrackTable.getState().showRange(0, 10);
    await flush();
    expect(useTrackTable.getState().error).toBe('database is locked');
    expect(useTrackTable.getState().loading).toBe(false);
  });
});
