// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLibrary } from '../../renderer/src/stores/library';
import { useReview } from '../../renderer/src/stores/review';
import { useSettings } from '../../renderer/src/stores/settings';
import { ReviewView } from '../../renderer/src/views/Review/ReviewView';
import { FakeClient, installFakeClient } from './fake-client';
import { serveReviewQueue, type FakeReviewQueue } from './fake-review-queue';
import { flush, reviewItem, trackDetail } from './fixtures';
import { settle } from './settle';

function key(k: string, target: Element | Window = window): void {
  act(() => {
    fireEvent.keyDown(target, { key: k });
  });
}

describe('review screen', () => {
  let client: FakeClient;
  let queue: FakeReviewQueue;

  beforeEach(async () => {
    client = installFakeClient();
    useReview.getState().reset();
    useSettings.getState().reset();
    queue = serveReviewQueue(client, [
      reviewItem(1, { title: 'First' }),
      reviewItem(2, { title: 'Second', current: [] }),
      reviewItem(3, { title: 'Third', reason: 'unfamiliar', unfamiliar: true }),
    ]);
    client.handle('library.stats', () => {
      throw new Error('not needed');
    });
    useLibrary.setState({ trackCount: 3, refresh: async () => {} });
    render(<ReviewView />);
    await settle();
  });

  afterEach(() => cleanup());

  it('shows the track, its tag, the prediction and why it needs a decision', () => {
    expect(screen.getByRole('heading', { name: 'First' })).toBeTruthy();
    expect(screen.getByText('Low confidence')).toBeTruthy();
    expect(screen.getByText('Track 1 of 3')).toBeTruthy();
    // Probability bars in the model's order, each with its key.
    const choices = screen.getAllByRole('button', { name: /^Choose / });
    expect(choices.map((b) => b.getAttribute('aria-label')?.match(/^Choose (\w+)/)?.[1])).toEqual([
      'blues',
      'classical',
      'country',
      'disco',
      'hiphop',
      'jazz',
      'metal',
      'pop',
      'reggae',
      'rock',
    ]);
  });

  it('number keys choose the model’s genres in order and move on', async () => {
    key('6');
    await settle();
    expect(client.callsOf('review.decide')).toEqual([{ id: 1, decision: { action: 'choose', genre: 'jazz' } }]);
    expect(screen.getByRole('heading', { name: 'Second' })).toBeTruthy();
    // What just happened stays readable (and is announced) on the next track.
    expect(screen.getByText('Chose jazz for “First”')).toBeTruthy();
    key('0');
    await settle();
    expect(client.callsOf('review.decide')[1]).toEqual({ id: 2, decision: { action: 'choose', genre: 'rock' } });
  });

  it('Enter accepts, S skips, and ← returns to a decided track to change it', async () => {
    key('Enter');
    await settle();
    key('s');
    await settle();
    expect(client.callsOf('review.decide')).toEqual([
      { id: 1, decision: { action: 'accept' } },
      { id: 2, decision: { action: 'skip' } },
    ]);
    expect(screen.getByRole('heading', { name: 'Third' })).toBeTruthy();
    expect(screen.getByText('Unlike the training music')).toBeTruthy();
    key('ArrowLeft');
    key('ArrowLeft');
    expect(screen.getByRole('heading', { name: 'First' })).toBeTruthy();
    expect(screen.getByText('You accepted the prediction')).toBeTruthy();
    key('2');
    await settle();
    expect(client.callsOf('review.decide')[2]).toEqual({ id: 1, decision: { action: 'choose', genre: 'classical' } });
  });

  it('K keeps the file’s genre, but explains instead when the file has none', async () => {
    key('k');
    await settle();
    expect(client.callsOf('review.decide')).toEqual([{ id: 1, decision: { action: 'keep' } }]);
    key('K'); // "Second" has no genre tag
    await settle();
    expect(client.callsOf('review.decide')).toHaveLength(1);
    expect(screen.getByText(/no genre tag to keep/)).toBeTruthy();
  });

  it('→ moves without deciding, and keys typed into a field stay there', async () => {
    key('ArrowRight');
    expect(screen.getByRole('heading', { name: 'Second' })).toBeTruthy();
    const threshold = screen.getByLabelText('Accept every prediction at');
    key('7', threshold);
    key('Enter', threshold);
    await settle();
    expect(client.callsOf('review.decide')).toEqual([]);
  });

  it('a focused button, link or genre bar keeps Enter and Space: the shortcut does not fire', async () => {
    const skip = screen.getByRole('button', { name: /Skip/ });
    skip.focus();
    key('Enter', skip);
    key(' ', skip);
    const metal = screen.getByRole('button', { name: /^Choose metal/ });
    metal.focus();
    key('Enter', metal);
    const link = document.createElement('a');
    link.href = '#playlists';
    link.textContent = 'Playlists';
    document.body.append(link);
    link.focus();
    key('Enter', link);
    link.remove();
    await settle();
    expect(client.callsOf('review.decide')).toEqual([]);
    // Native activation is the control's own: clicking the focused bar chooses metal, not the prediction.
    fireEvent.click(metal);
    await settle();
    expect(client.callsOf('review.decide')).toEqual([{ id: 1, decision: { action: 'choose', genre: 'metal' } }]);
  });

  it('letter and number shortcuts still work while a button keeps focus after a click', async () => {
    const skip = screen.getByRole('button', { name: /Skip/ });
    skip.focus();
    key('3', skip);
    await settle();
    expect(client.callsOf('review.decide')).toEqual([{ id: 1, decision: { action: 'choose', genre: 'country' } }]);
  });

  it('plays a track that has no analysed window, from its start', async () => {
    client.handle('tracks.get', ({ id }) => trackDetail(id, { windows: [], analysedWindows: [], durationSec: 4 }));
    useReview.getState().reset();
    cleanup();
    render(<ReviewView />);
    await settle();
    expect(document.querySelector('audio')?.getAttribute('src')).toBe('/media/1');
    // No analysed window, so the player does not call what it plays the analysed part.
    expect(screen.queryByText(/Analysed part/)).toBeNull();
    expect(screen.getByText('Whole track')).toBeTruthy();
  });

  it('plays the analysed part of a track the library-context model predicted (no per-window genres)', async () => {
    client.handle('tracks.get', ({ id }) => trackDetail(id, { windows: [], modelId: 'library-context' }));
    useReview.getState().reset();
    cleanup();
    render(<ReviewView />);
    await settle();
    expect(screen.getByText('Analysed part: 0:30–1:00')).toBeTruthy();
    expect(screen.queryByText('Whole track')).toBeNull();
  });

  it('offers "More like this" for a track predicted without windows (the library\'s own model)', async () => {
    client.handle('tracks.get', ({ id }) => trackDetail(id, { windows: [], modelId: 'library-context' }));
    client.handle('similar.tracks', ({ id }) => ({
      seed: { id, path: '/m/a.mp3', title: 'A', artist: null, genre: null, distance: 0 },
      metric: { kind: 'standardised' },
      tracks: [],
    }));
    useReview.getState().reset();
    cleanup();
    const before = client.callsOf('similar.tracks').length;
    render(<ReviewView />);
    await settle();
    expect(client.callsOf('similar.tracks').slice(before)).toEqual([{ id: 1, n: 5 }]);
  });

  it('takes focus from the sidebar link it was opened with, so Enter accepts at once', async () => {
    cleanup();
    useReview.getState().reset();
    const link = document.createElement('a');
    link.href = '#/review';
    document.body.append(link);
    link.focus();
    render(<ReviewView />);
    await settle();
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Track under review');
    key('Enter', document.activeElement ?? window);
    await settle();
    expect(client.callsOf('review.decide')).toEqual([{ id: 1, decision: { action: 'accept' } }]);
    link.remove();
  });

  it('a held key decides one track, not a run of them', async () => {
    act(() => {
      fireEvent.keyDown(window, { key: 'Enter', repeat: true });
    });
    await settle();
    expect(client.callsOf('review.decide')).toEqual([]);
  });

  it('bulk accept shows how many tracks and which genres first, and accepts only once confirmed', async () => {
    client
      .handle('review.acceptPreview', () => ({
        count: 2,
        byGenre: [
          { key: 'jazz', count: 1 },
          { key: 'disco', count: 1 },
        ],
      }))
      .handle('review.acceptAbove', () => {
        queue.items = queue.items.slice(2);
        return { accepted: 2 };
      });
    const input = screen.getByLabelText('Accept every prediction at');
    fireEvent.change(input, { target: { value: '90' } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview…' }));
    await settle();
    expect(client.callsOf('review.acceptPreview')).toEqual([{ threshold: 0.9 }]);
    expect(client.callsOf('review.acceptAbove')).toEqual([]);
    expect(screen.getByText('jazz 1, disco 1')).toBeTruthy();
    // Cancel goes back without accepting anything.
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(client.callsOf('review.acceptAbove')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Preview…' }));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Accept 2' }));
    await settle();
    expect(client.callsOf('review.acceptAbove')).toEqual([{ threshold: 0.9 }]);
    expect(screen.getByRole('heading', { name: 'Third' })).toBeTruthy();
    expect(screen.getByText('Track 1 of 1')).toBeTruthy();
  });

  it('says the queue is cleared when the last track is decided', async () => {
    key('Enter');
    await settle();
    key('Enter');
    await settle();
    key('Enter');
    await settle();
    expect(screen.getByText('Queue cleared — nice work')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Write genres to files/ })).toBeTruthy();
  });
});

describe('review queue paging', () => {
  it('fetches more past the undecided items it holds, since decided ones leave the server queue', async () => {
    const client = installFakeClient();
    useReview.getState().reset();
    serveReviewQueue(
      client,
      Array.from({ length: 250 }, (_, i) => reviewItem(i + 1)),
    );
    await useReview.getState().load();
    expect(useReview.getState().items).toHaveLength(100);
    // Decide 30 and skip past 50 without deciding: 80 positions in, 20 left in hand.
    for (let i = 0; i < 30; i++) await useReview.getState().decide({ action: 'accept' });
    for (let i = 0; i < 50; i++) useReview.getState().move(1);
    await flush();
    const offsets = client.callsOf('review.queue').map((q) => q.offset);
    expect(offsets).toEqual([0, 70]);
    const ids = useReview.getState().items.map((i) => i.id);
    expect(ids).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });
});
