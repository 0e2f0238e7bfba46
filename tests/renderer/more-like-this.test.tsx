// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SimilarTrack } from '../../shared/api/similarity';
import { MoreLikeThis } from '../../renderer/src/components/MoreLikeThis/MoreLikeThis';
import { useSettings } from '../../renderer/src/stores/settings';
import { FakeClient, installFakeClient } from './fake-client';
import { settingsFixture, trackDetail } from './fixtures';
import { settle } from './settle';

const track = (id: number, title: string, genre: string | null, distance: number): SimilarTrack => ({
  id,
  path: `/music/${id}.mp3`,
  title,
  artist: 'Nina',
  genre,
  distance,
});

describe('More like this', () => {
  let client: FakeClient;

  beforeEach(() => {
    client = installFakeClient();
    useSettings.setState({
      settings: settingsFixture({ displayNames: { hiphop: 'Hip-Hop' } }),
    });
    client.handle('similar.tracks', ({ id }) => ({
      seed: track(id, 'Seed', 'jazz', 0),
      metric: { kind: 'standardised' },
      tracks: [track(2, 'Near', 'hiphop', 1.25), track(3, 'Far', null, 3.5)],
    }));
    client.handle('tracks.get', ({ id }) => trackDetail(id));
    client.handle('similar.export', ({ out, n }) => ({
      out,
      format: 'm3u8',
      playlists: [
        {
          genre: 'similar:1',
          name: 'More like Nina – Seed',
          file: `${out}/More like Nina – Seed.m3u8`,
          tracks: n ?? 0,
        },
      ],
      skipped: [],
      removed: [],
    }));
    // jsdom has no media playback.
    vi.spyOn(window.HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
    vi.spyOn(window.HTMLMediaElement.prototype, 'pause').mockImplementation(() => undefined);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('lists the neighbours closest first with genres by name, and opens one', async () => {
    const opened: number[] = [];
    render(<MoreLikeThis id={1} count={2} onOpen={(id) => opened.push(id)} />);
    await settle();
    expect(client.calls.find((c) => c.method === 'similar.tracks')?.params).toEqual({ id: 1, n: 2 });
    const rows = screen.getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual(['NearNina · Hip-Hop1.25', 'FarNina3.50']);
    fireEvent.click(screen.getByRole('button', { name: 'Near' }));
    expect(opened).toEqual([2]);
  });

  it('plays a neighbour from its media URL', async () => {
    const { container } = render(<MoreLikeThis id={1} />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Play Far' }));
    await settle();
    expect(container.querySelector('audio')?.getAttribute('src')).toBe('/media/3');
    expect(screen.getByRole('button', { name: 'Pause Far' })).toBeTruthy();
  });

  it('exports the 50-track path into the folder typed, in the format chosen', async () => {
    render(<MoreLikeThis id={1} />);
    await settle();
    fireEvent.change(screen.getByPlaceholderText(/Playlist folder/), { target: { value: ' /lists ' } });
    fireEvent.change(screen.getByLabelText('Playlist format'), { target: { value: 'xspf' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export path' }));
    await settle();
    expect(client.calls.find((c) => c.method === 'similar.export')?.params).toEqual({
      id: 1,
      n: 50,
      out: '/lists',
      format: 'xspf',
    });
    expect(screen.getByText(/Wrote \/lists\/More like Nina – Seed.m3u8 \(50 tracks\)/)).toBeTruthy();
  });

  it('neither plays nor reports an export for the track before when its answer comes after a move', async () => {
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    client.handle('tracks.get', async ({ id }) => {
      await answered;
      return trackDetail(id);
    });
    client.handle('similar.export', async ({ out }) => {
      await answered;
      return {
        out,
        format: 'm3u8',
        playlists: [{ genre: 'similar:1', name: 'p', file: `${out}/p.m3u8`, tracks: 50 }],
        skipped: [],
        removed: [],
      };
    });
    const { container, rerender } = render(<MoreLikeThis id={1} />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Play Far' }));
    fireEvent.change(screen.getByPlaceholderText(/Playlist folder/), { target: { value: '/lists' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export path' }));
    rerender(<MoreLikeThis id={4} />);
    await settle();
    answer();
    await settle();
    expect(client.callsOf('similar.export')).toHaveLength(1);
    expect(container.querySelector('audio')).toBeNull();
    expect(screen.queryByText(/Wrote/)).toBeNull();
  });

  it('says it is looking until the answer comes, and when no other track is analysed', async () => {
    let answer!: () => void;
    client.handle(
      'similar.tracks',
      ({ id }) =>
        new Promise(
          (resolve) =>
            (answer = () =>
              resolve({ seed: track(id, 'Seed', null, 0), metric: { kind: 'standardised' }, tracks: [] })),
        ),
    );
    render(<MoreLikeThis id={1} />);
    expect(screen.getByText('Finding similar tracks…')).toBeTruthy();
    answer();
    await settle();
    expect(screen.queryByText('Finding similar tracks…')).toBeNull();
    expect(screen.getByText('No other analysed track yet.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Export path' })).toBeNull();
  });

  it('says why when the track has no analysis', async () => {
    client.fail('similar.tracks', 'bad-request', 'track 1 has no analysis yet');
    render(<MoreLikeThis id={1} />);
    await settle();
    expect(screen.getByText(/no analysis yet/)).toBeTruthy();
  });
});
