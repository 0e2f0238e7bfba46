// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LibraryStats, TrackQuery } from '../../shared/api/types';
import { useLibrary } from '../../renderer/src/stores/library';
import { useTrackTable } from '../../renderer/src/stores/track-table';
import { SEARCH_DEBOUNCE_MS } from '../../renderer/src/views/Library/LibraryFilters';
import { LibraryView } from '../../renderer/src/views/Library/LibraryView';
import { FakeClient, installFakeClient } from './fake-client';
import { flush, trackDetail, trackRow } from './fixtures';

const stats: LibraryStats = {
  tracks: 5000,
  gone: 0,
  durationSec: 5000 * 200,
  errors: 0,
  byFormat: [],
  byGenre: [
    { key: 'Rock', count: 3000 },
    { key: 'Jazz', count: 2000 },
  ],
  byPredicted: [{ key: 'rock', count: 5000 }],
  byStatus: [{ key: 'review', count: 5000 }],
  confidenceHistogram: [0, 0, 0, 0, 5000, 0, 0, 0, 0, 0],
  analysed: 5000,
  predicted: 5000,
  reviewQueue: 5000,
};

async function settle(ms = 0): Promise<void> {
  await act(async () => {
    if (ms) await new Promise((r) => setTimeout(r, ms));
    await flush();
  });
}

describe('library screen', () => {
  let client: FakeClient;

  beforeAll(() => {
    // jsdom has no layout: give the scroller a viewport so rows render.
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 400 });
  });

  beforeEach(async () => {
    client = installFakeClient();
    useTrackTable.getState().reset();
    useLibrary.setState({ stats, trackCount: stats.tracks, loaded: true });
    client.handle('tracks.query', (q: TrackQuery) => {
      const total = q.search ? 3 : 5000;
      const offset = q.offset ?? 0;
      const n = Math.max(0, Math.min(q.limit ?? 100, total - offset));
      return {
        total,
        offset,
        rows: Array.from({ length: n }, (_, i) => trackRow(offset + i, q.search ? { title: `Found ${i}` } : {})),
      };
    });
    client.handle('tracks.get', ({ id }) => trackDetail(id, { title: `Track ${id}` }));
    render(<LibraryView />);
    await settle(40);
  });

  afterEach(() => cleanup());

  it('renders only the rows in view of a 5,000-row table, with an accessible grid', () => {
    const grid = screen.getByRole('grid');
    expect(grid.getAttribute('aria-rowcount')).toBe('5001');
    const rows = within(grid).getAllByRole('row');
    // header + about 400px / 38px rows + overscan, nowhere near 5,000
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(40);
    expect(screen.getByText('Track 0')).toBeTruthy();
    expect(screen.getAllByRole('meter')[0]?.getAttribute('aria-valuenow')).toBe('50');
  });

  it('debounces the search box into one query with the search param', async () => {
    const search = screen.getByLabelText('Search');
    fireEvent.change(search, { target: { value: 'f' } });
    fireEvent.change(search, { target: { value: 'fou' } });
    fireEvent.change(search, { target: { value: 'found' } });
    await settle(SEARCH_DEBOUNCE_MS + 50);
    const searches = client.callsOf('tracks.query').filter((q) => q.search !== undefined);
    expect(searches).toEqual([{ search: 'found', sort: 'artist', descending: false, offset: 0, limit: 100 }]);
    expect(screen.getByText('Found 0')).toBeTruthy();
    expect(screen.getByText(/3 match the filters/)).toBeTruthy();
  });

  it('turns the filter menus into query params', async () => {
    fireEvent.change(screen.getByLabelText('Genre in file'), { target: { value: 'Jazz' } });
    await settle();
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'review' } });
    await settle();
    fireEvent.change(screen.getByLabelText('Confidence'), { target: { value: 'high' } });
    await settle();
    expect(client.callsOf('tracks.query').at(-1)).toEqual({
      genre: 'Jazz',
      status: 'review',
      minConfidence: 0.8,
      sort: 'artist',
      descending: false,
      offset: 0,
      limit: 100,
    });
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await settle();
    expect(client.callsOf('tracks.query').at(-1)).toEqual({ sort: 'artist', descending: false, offset: 0, limit: 100 });
  });

  it('sorts by clicking headers and marks the sorted column', async () => {
    fireEvent.click(screen.getByRole('button', { name: /^Title/ }));
    await settle();
    expect(client.callsOf('tracks.query').at(-1)).toMatchObject({ sort: 'title', descending: false });
    fireEvent.click(screen.getByRole('button', { name: /^Title/ }));
    await settle();
    expect(client.callsOf('tracks.query').at(-1)).toMatchObject({ sort: 'title', descending: true });
    const header = screen.getAllByRole('columnheader').find((h) => h.textContent?.startsWith('Title'));
    expect(header?.getAttribute('aria-sort')).toBe('descending');
  });

  it('moves through rows with the keyboard and opens the details with Enter', async () => {
    const grid = screen.getByRole('grid');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(grid.getAttribute('aria-activedescendant')).toBe('track-row-1');
    fireEvent.keyDown(grid, { key: 'Enter' });
    await settle();
    expect(client.callsOf('tracks.get')).toEqual([{ id: 1 }]);
    const panel = screen.getByRole('complementary', { name: 'Track details' });
    expect(within(panel).getByRole('heading', { name: 'Track 1' })).toBeTruthy();
    fireEvent.keyDown(grid, { key: 'Escape' });
    expect(screen.queryByRole('complementary', { name: 'Track details' })).toBeNull();
  });

  it('says Updating… while the server is still bringing the rows up to date, and not after', async () => {
    expect(screen.queryByText(/Updating…/)).toBeNull();
    let updating = true;
    client.handle('tracks.query', (q: TrackQuery) => ({
      total: 5000,
      offset: q.offset ?? 0,
      rows: Array.from({ length: q.limit ?? 100 }, (_, i) => trackRow((q.offset ?? 0) + i)),
      ...(updating && { updating: true as const }),
    }));
    await act(async () => {
      await useTrackTable.getState().reload();
    });
    expect(screen.getByText(/5,000 tracks .* · Updating…/)).toBeTruthy();
    updating = false;
    await act(async () => {
      await useTrackTable.getState().reload();
    });
    expect(screen.queryByText(/Updating…/)).toBeNull();
  });

  // Each cover is a request and an answer for the page to handle; a wheel-scroll used to ask for
  // nearly every row it passed, since a row's wait started when it was rendered, ahead of view.
  it('asks for no cover while the table scrolls, then for the rows it comes to rest on', async () => {
    client.handle('tracks.cover', () => ({ dataUrl: null }));
    const grid = screen.getByRole('grid');
    for (let step = 1; step <= 8; step++) {
      Object.defineProperty(grid, 'scrollTop', { configurable: true, writable: true, value: step * 3 * 38 });
      fireEvent.scroll(grid);
      await settle(100);
    }
    expect(client.callsOf('tracks.cover')).toEqual([]);
    await settle(400);
    const asked = client.callsOf('tracks.cover').map((c) => c.id);
    const shown = within(grid)
      .getAllByRole('row')
      .map((r) => Number(r.getAttribute('aria-rowindex')) - 2)
      .filter((index) => index >= 0);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((id) => shown.includes(id))).toBe(true);
  });
});
