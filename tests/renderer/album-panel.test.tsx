// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/contract';
import type { AlbumContext, AlbumTrack, DecideAlbumParams } from '../../shared/api/albums';
import { AlbumPanel } from '../../renderer/src/views/Review/AlbumPanel';
import { useSettings } from '../../renderer/src/stores/settings';
import { FakeClient, installFakeClient } from './fake-client';
import { settingsFixture } from './fixtures';
import { settle } from './settle';

const track = (id: number, overrides: Partial<AlbumTrack> = {}): AlbumTrack => ({
  id,
  path: `/music/Nina/Live/${id}.mp3`,
  title: `Song ${id}`,
  artist: 'Nina',
  trackNo: id,
  discNo: 1,
  predicted: 'Metal',
  confidence: 0.55,
  source: 'personal',
  reason: 'sounds like 2 tracks you decided Metal',
  decision: null,
  ...overrides,
});

const ALBUM: AlbumContext = {
  key: 'album:nina␟live',
  album: 'Live',
  artist: 'Nina',
  folder: '/music/Nina/Live',
  tracks: [
    track(1),
    track(2, { predicted: 'hiphop', confidence: 0.4 }),
    track(3, { decision: { action: 'choose', genre: 'Ambient', source: 'user', decidedAt: '' } }),
  ],
};

describe('the album panel on the review screen', () => {
  let client: FakeClient;
  let decided: DecideAlbumParams[];

  beforeEach(() => {
    decided = [];
    client = installFakeClient();
    useSettings.setState({
      settings: settingsFixture({ displayNames: { hiphop: 'Hip-Hop' } }),
    });
    client.handle('review.album', () => ALBUM);
    client.handle('review.decideAlbum', (params) => {
      decided.push(params);
      const except = new Set(params.except ?? []);
      return {
        decided: ALBUM.tracks.length - except.size,
        kept: except.size,
        album: {
          ...ALBUM,
          tracks: ALBUM.tracks.map((t) =>
            except.has(t.id)
              ? t
              : { ...t, decision: { action: 'choose', genre: params.genre, source: 'user', decidedAt: '' } },
          ),
        },
      };
    });
  });
  afterEach(() => cleanup());

  it("lists the album's tracks with their guesses and reasons; earlier decisions are left out by default", async () => {
    render(<AlbumPanel trackId={2} genre="Metal" />);
    await settle();
    expect(client.calls[0]).toEqual({ method: 'review.album', params: { id: 2 } });
    expect(screen.getByText(/Live · Nina · 3 tracks/)).toBeTruthy();
    const rows = screen.getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([
      '1. Song 1Metal 55 %sounds like 2 tracks you decided Metal',
      '2. Song 2Hip-Hop 40 %sounds like 2 tracks you decided Metal',
      '3. Song 3decided Ambient',
    ]);
    expect((screen.getByLabelText('Include Song 3') as HTMLInputElement).checked).toBe(false);
    expect(screen.getByRole('button', { name: 'Apply to 2 of 3 tracks' })).toBeTruthy();
  });

  it('applies the typed genre to the ticked tracks, overriding none the user left out', async () => {
    let refreshed = 0;
    render(<AlbumPanel trackId={2} genre="Metal" onDecided={() => refreshed++} />);
    await settle();
    fireEvent.click(screen.getByLabelText('Include Song 1'));
    fireEvent.change(screen.getByLabelText('Genre for the album'), { target: { value: ' Doom Metal ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply to 1 of 3 tracks' }));
    await settle();
    expect(decided).toEqual([{ album: ALBUM.key, genre: 'Doom Metal', except: [3, 1], overrideDecided: false }]);
    expect(screen.getByRole('status').textContent).toBe('1 track of this album → Doom Metal');
    expect(refreshed).toBe(1);
  });

  it('shows the next track’s album when deciding the one before answers after the move', async () => {
    const other: AlbumContext = { ...ALBUM, key: 'album:ada␟demos', album: 'Demos', artist: 'Ada', tracks: [track(7)] };
    client.handle('review.album', ({ id }) => (id === 7 ? other : ALBUM));
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    client.handle('review.decideAlbum', async (params) => {
      decided.push(params);
      await answered;
      return { decided: 2, kept: 1, album: ALBUM };
    });
    let refreshed = 0;
    const { rerender } = render(<AlbumPanel trackId={1} genre="Metal" onDecided={() => refreshed++} />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Apply to 2 of 3 tracks' }));
    rerender(<AlbumPanel trackId={7} genre="Metal" onDecided={() => refreshed++} />);
    await settle();
    expect(screen.getByText(/Demos · Ada · 1 track/)).toBeTruthy();
    answer();
    await settle();
    expect(screen.getByText(/Demos · Ada · 1 track/)).toBeTruthy();
    expect(screen.getAllByRole('listitem').map((r) => r.textContent)).toEqual([
      '7. Song 7Metal 55 %sounds like 2 tracks you decided Metal',
    ]);
    expect(screen.queryByRole('status')).toBeNull();
    // The album was decided all the same: the queue and the library are read again.
    expect(decided).toHaveLength(1);
    expect(refreshed).toBe(1);
  });

  it('shows the album as the decision left it, the tracks just decided left out of the next one', async () => {
    render(<AlbumPanel trackId={2} genre="Metal" />);
    await settle();
    fireEvent.click(screen.getByLabelText('Include Song 1'));
    fireEvent.click(screen.getByRole('button', { name: 'Apply to 1 of 3 tracks' }));
    await settle();
    expect(screen.getAllByRole('listitem').map((r) => r.textContent)).toEqual([
      '1. Song 1Metal 55 %sounds like 2 tracks you decided Metal',
      '2. Song 2decided Metal',
      '3. Song 3decided Ambient',
    ]);
    expect((screen.getByLabelText('Include Song 1') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Include Song 2') as HTMLInputElement).checked).toBe(false);
    expect(screen.getByRole('button', { name: 'Apply to 1 of 3 tracks' })).toBeTruthy();
  });

  it('says it is loading the album until it arrives, and why when it cannot be read', async () => {
    let fail!: () => void;
    client.handle(
      'review.album',
      () => new Promise((_resolve, reject) => (fail = () => reject(new ApiError('not-found', 'track 2 is gone')))),
    );
    render(<AlbumPanel trackId={2} genre="Metal" />);
    expect(screen.getByText('Loading the album…')).toBeTruthy();
    fail();
    await settle();
    expect(screen.getByText('track 2 is gone')).toBeTruthy();
    expect(screen.queryByText('Loading the album…')).toBeNull();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('overrides an earlier decision only when the user ticks that track', async () => {
    render(<AlbumPanel trackId={1} genre="Metal" />);
    await settle();
    fireEvent.click(screen.getByLabelText('Include Song 3'));
    fireEvent.click(screen.getByRole('button', { name: 'Apply to the whole album' }));
    await settle();
    expect(decided).toEqual([{ album: ALBUM.key, genre: 'Metal', except: [], overrideDecided: true }]);
  });
});
