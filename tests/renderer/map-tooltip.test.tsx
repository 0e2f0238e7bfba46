// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAP_FLAG_REVIEW, type LibraryMap } from '../../shared/api/similarity';
import { MapTooltip } from '../../renderer/src/views/Overview/LibraryMap/MapTooltip';
import { FakeClient, installFakeClient } from './fake-client';
import { trackDetail } from './fixtures';

const MAP: LibraryMap = {
  method: 'pca',
  metric: { kind: 'standardised' },
  explained: [0.4, 0.2],
  genres: ['jazz'],
  ids: [5, 6],
  x: [0, 1],
  y: [0, 1],
  genre: [0, -1],
  flags: [0, MAP_FLAG_REVIEW],
};

const tooltip = (index: number) => (
  <MapTooltip data={MAP} hover={{ index, sx: 10, sy: 20 }} nameOf={(g) => g.toUpperCase()} />
);

/** Moves the clock on by `ms`, then lets the fake API's answers arrive. */
async function wait(ms: number): Promise<void> {
  await act(async () => {
    vi.advanceTimersByTime(ms);
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });
}

describe('the library map tooltip', () => {
  let client: FakeClient;

  beforeEach(() => {
    client = installFakeClient();
    client.handle('tracks.get', ({ id }) => trackDetail(id, { title: `Song ${id}`, artist: 'Nina' }));
    vi.useFakeTimers();
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it('names the point by id, then by title and artist once the pointer rested on it', async () => {
    render(tooltip(0));
    expect(screen.getByRole('tooltip').textContent).toBe('Track 5JAZZ');
    await wait(59);
    expect(client.callsOf('tracks.get')).toEqual([]);
    await wait(1);
    expect(client.callsOf('tracks.get')).toEqual([{ id: 5 }]);
    expect(screen.getByRole('tooltip').textContent).toBe('Song 5NinaJAZZ');
  });

  it('asks only for the point the pointer stopped on, and starts from its id', async () => {
    const { rerender } = render(tooltip(0));
    await wait(60);
    rerender(tooltip(1));
    expect(screen.getByRole('tooltip').textContent).toBe('Track 6no genre yet · needs review');
    await wait(30);
    rerender(tooltip(0));
    await wait(60);
    expect(client.callsOf('tracks.get')).toEqual([{ id: 5 }, { id: 5 }]);
  });

  it('keeps the id when the track cannot be read', async () => {
    client.fail('tracks.get', 'not-found', 'track 5 is gone');
    render(tooltip(0));
    await wait(60);
    expect(client.callsOf('tracks.get')).toEqual([{ id: 5 }]);
    expect(screen.getByRole('tooltip').textContent).toBe('Track 5JAZZ');
  });
});
