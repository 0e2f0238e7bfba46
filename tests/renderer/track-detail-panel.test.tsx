// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackDetail } from '../../shared/api/types';
import { genreSuggestions, matchingSuggestions } from '../../renderer/src/lib/genre-suggestions';
import { useLibrary } from '../../renderer/src/stores/library';
import { useSettings } from '../../renderer/src/stores/settings';
import { useTrackTable } from '../../renderer/src/stores/track-table';
import { TrackDetailPanel } from '../../renderer/src/views/Library/TrackDetailPanel';
import { FakeClient, installFakeClient } from './fake-client';
import { settingsFixture, trackDetail, trackRow } from './fixtures';
import { settle } from './settle';

/** A track whose audio could not be analysed: no prediction, no probabilities, no windows. */
const unanalysed = (id: number, overrides: Partial<TrackDetail> = {}): TrackDetail =>
  trackDetail(id, {
    status: 'error',
    predicted: null,
    confidence: null,
    source: null,
    probabilities: {},
    windows: [],
    analysedWindows: [],
    oodScore: null,
    genres: [],
    durationSec: 4,
    ...overrides,
  });

describe('track detail panel', () => {
  let client: FakeClient;
  let detail: TrackDetail;

  beforeEach(async () => {
    client = installFakeClient();
    useTrackTable.getState().reset();
    useSettings.setState({
      settings: settingsFixture({ displayNames: { hiphop: 'Hip-Hop' } }),
    });
    useLibrary.setState({
      stats: null,
      refresh: async () => {},
    });
    detail = unanalysed(5);
    client
      .handle('tracks.get', () => detail)
      .handle('tracks.query', () => ({ total: 0, offset: 0, rows: [] }))
      .handle('review.clear', ({ ids }) => {
        detail = { ...detail, status: 'error', decision: null };
        return { cleared: ids.length };
      })
      .handle('review.decide', ({ id, decision }) => {
        const genre = decision.action === 'choose' ? decision.genre : null;
        detail = {
          ...detail,
          status: 'decided',
          decision: { action: 'choose', genre, source: 'user', decidedAt: '2026-01-01T00:00:00Z' },
        };
        return trackRow(id, { status: 'decided' });
      });
    render(<TrackDetailPanel id={5} />);
    await settle();
  });

  afterEach(() => cleanup());

  it('lets a track that could not be analysed be given any genre, by typing its name', async () => {
    expect(screen.getByText(/could not be analysed/)).toBeTruthy();
    const field = screen.getByLabelText('Its genre');
    fireEvent.change(field, { target: { value: '  Shoegaze ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set genre' }));
    await settle();
    expect(client.callsOf('review.decide')).toEqual([{ id: 5, decision: { action: 'choose', genre: 'Shoegaze' } }]);
    expect(screen.getByText(/Shoegaze, chosen by you/)).toBeTruthy();
  });

  it('clears a decision from the track', async () => {
    fireEvent.change(screen.getByLabelText('Its genre'), { target: { value: 'Shoegaze' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set genre' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Clear decision' }));
    await settle();
    expect(client.callsOf('review.clear')).toEqual([{ ids: [5] }]);
    expect(screen.queryByText(/Shoegaze, chosen by you/)).toBeNull();
  });

  it('shows the track now selected when a decision on the one before answers late', async () => {
    let answer!: () => void;
    client.handle('review.decide', ({ id }) => new Promise((resolve) => (answer = () => resolve(trackRow(id)))));
    client.handle('tracks.get', ({ id }) => (id === 5 ? detail : trackDetail(id, { title: 'Six' })));
    cleanup();
    const { rerender } = render(<TrackDetailPanel id={5} />);
    await settle();
    fireEvent.change(screen.getByLabelText('Its genre'), { target: { value: 'Shoegaze' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set genre' }));
    rerender(<TrackDetailPanel id={6} />);
    await settle();
    expect(screen.getByRole('heading', { name: 'Six' })).toBeTruthy();
    answer();
    await settle();
    // Track 5 was decided: what is read after it is not shown under track 6.
    expect(client.callsOf('review.decide')).toEqual([{ id: 5, decision: { action: 'choose', genre: 'Shoegaze' } }]);
    expect(screen.getByRole('heading', { name: 'Six' })).toBeTruthy();
  });

  it('browses the track’s artist or album from its details', async () => {
    cleanup();
    detail = trackDetail(6, { artist: 'Velvet', album: 'Live 82' });
    render(<TrackDetailPanel id={6} />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Velvet' }));
    expect(useTrackTable.getState().filters).toMatchObject({ artist: 'Velvet', album: '' });
    fireEvent.click(screen.getByRole('button', { name: 'Live 82' }));
    expect(useTrackTable.getState().filters).toMatchObject({ artist: '', album: 'Live 82' });
  });

  it('plays a track that has no analysed window, from its start', () => {
    const play = screen.getByRole('button', { name: /play/i });
    expect(play.hasAttribute('disabled')).toBe(false);
    expect(document.querySelector('audio')?.getAttribute('src')).toBe('/media/5');
    // It was never analysed, so the player does not call what it plays the analysed part.
    expect(screen.queryByText(/Analysed part/)).toBeNull();
    expect(screen.getByText('Whole track')).toBeTruthy();
  });

  it('asks for no neighbours of a track whose analysis failed', () => {
    expect(client.callsOf('similar.tracks')).toEqual([]);
    expect(screen.queryByText('More like this')).toBeNull();
  });

  it('plays the analysed part of a track the library-context model predicted (no per-window genres)', async () => {
    cleanup();
    client.handle('similar.tracks', ({ id }) => ({
      seed: { id, path: '/m/a.mp3', title: 'A', artist: null, genre: null, distance: 0 },
      metric: { kind: 'standardised' },
      tracks: [],
    }));
    detail = trackDetail(6, {
      modelId: 'library-context',
      source: 'personal',
      windows: [],
      analysedWindows: [
        { startSec: 84, durationSec: 30 },
        { startSec: 154, durationSec: 30 },
      ],
    });
    render(<TrackDetailPanel id={6} />);
    await settle();
    expect(screen.getByText('Analysed part: 1:24–1:54')).toBeTruthy();
    // No per-window genres is not a fault: no empty "Analysed parts" list.
    expect(screen.queryByText('Analysed parts')).toBeNull();
    expect(client.callsOf('similar.tracks')).toEqual([{ id: 6, n: 10 }]);
  });

  it('shows an untagged file’s artist and album from its folders, marked as the table marks them', async () => {
    cleanup();
    useLibrary.setState({
      roots: [{ id: 1, path: '/music', addedAt: '2026-01-01T00:00:00Z', lastScanAt: null, trackCount: 1 }],
    });
    detail = unanalysed(7, { path: '/music/Velvet/Live 82/01 Intro.mp3', artist: null, album: null });
    render(<TrackDetailPanel id={7} />);
    await settle();
    expect(screen.queryByText('Unknown artist')).toBeNull();
    for (const name of ['Velvet', 'Live 82']) {
      const el = screen.getByText(name);
      expect(el.getAttribute('title')).toBe('Not tagged: from the folder name');
    }
  });
});

describe('genre suggestions', () => {
  it('offers the model’s genres by name, then the library’s tags by use, each once', () => {
    const s = genreSuggestions(
      ['hiphop', 'rock'],
      [
        { key: 'rock', count: 3 },
        { key: 'Shoegaze', count: 9 },
        { key: 'Dream Pop', count: 20 },
      ],
      { hiphop: 'Hip-Hop' },
    );
    expect(s).toEqual(['Hip-Hop', 'rock', 'Dream Pop', 'Shoegaze']);
    expect(matchingSuggestions(s, 'po')).toEqual(['Dream Pop']);
    expect(matchingSuggestions(s, 'h')).toEqual(['Hip-Hop', 'Shoegaze']);
  });
});
