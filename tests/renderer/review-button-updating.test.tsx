// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Sidebar } from '../../renderer/src/components/Sidebar/Sidebar';
import { useLibrary } from '../../renderer/src/stores/library';
import { useNavigation } from '../../renderer/src/stores/navigation';
import { useTrackTable } from '../../renderer/src/stores/track-table';
import { FirstRunView } from '../../renderer/src/views/FirstRun/FirstRunView';
import { LibraryView } from '../../renderer/src/views/Library/LibraryView';
import { OverviewView } from '../../renderer/src/views/Overview/OverviewView';
import { FakeClient, installFakeClient } from './fake-client';
import { libraryStats, trackRow } from './fixtures';
import { settle } from './settle';

/**
 * After a re-learn or a new threshold the server answers with the counts as they stood and says
 * `updating`; the sidebar's review badge says so. The "Review N tracks" buttons that open the
 * queue show the same count and must say it too, in their text and their accessible name.
 */
describe('the "Review N tracks" button while the library is being brought up to date', () => {
  let client: FakeClient;
  beforeEach(() => {
    client = installFakeClient();
    useLibrary.getState().reset();
    useTrackTable.getState().reset();
    useNavigation.setState({ view: 'library' });
    client.handle('tracks.query', (q) => ({
      total: 3,
      offset: q.offset ?? 0,
      rows: [1, 2, 3].map((id) => trackRow(id)),
    }));
  });
  afterEach(() => cleanup());

  it('in the library header: says Updating…, and no longer once the update is done', async () => {
    useLibrary.setState({
      loaded: true,
      trackCount: 171,
      stats: libraryStats(171, { reviewQueue: 17, updating: true }),
      refresh: async () => {},
    });
    render(<LibraryView />);
    await settle();
    const button = screen.getByRole('button', { name: 'Review 17 tracks, Updating…' });
    expect(within(button).getByText('Updating…')).toBeTruthy();
    fireEvent.click(button);
    expect(useNavigation.getState().view).toBe('review');

    useLibrary.setState({ stats: libraryStats(171, { reviewQueue: 12 }) });
    await settle();
    const done = screen.getByRole('button', { name: 'Review 12 tracks' });
    expect(within(done).queryByText('Updating…')).toBeNull();
  });

  it('at the end of the first run', () => {
    useLibrary.setState({
      roots: [{ id: 1, path: '/srv/music', addedAt: '2026-01-01T00:00:00Z', lastScanAt: null, trackCount: 171 }],
      trackCount: 171,
      stats: libraryStats(171, { reviewQueue: 17, updating: true }),
    });
    render(<FirstRunView />);
    const button = screen.getByRole('button', { name: 'Review 17 tracks, Updating…' });
    expect(within(button).getByText('Updating…')).toBeTruthy();
    expect(button.className).toMatch(/primary/);
  });

  it("in the sidebar's footer, which repeats the review count", () => {
    useLibrary.setState({
      loaded: true,
      trackCount: 171,
      stats: libraryStats(171, { reviewQueue: 17, updating: true }),
    });
    render(<Sidebar />);
    expect(screen.getByText('171 predicted · 17 to review · Updating…')).toBeTruthy();
  });

  it("on the overview's To review tile, which opens the same queue", async () => {
    client.handle('settings.get', () => ({}) as never);
    useLibrary.setState({
      loaded: true,
      trackCount: 171,
      stats: libraryStats(171, { reviewQueue: 17, updating: true }),
      refresh: async () => {},
    });
    render(<OverviewView />);
    await settle();
    const tile = screen.getByRole('button', { name: /^To review 17 Updating…/ });
    expect(within(tile).getByText('Updating…')).toBeTruthy();

    useLibrary.setState({ stats: libraryStats(171, { reviewQueue: 12 }) });
    await settle();
    const done = screen.getByRole('button', { name: /^To review 12 / });
    expect(within(done).queryByText('Updating…')).toBeNull();
  });
});
