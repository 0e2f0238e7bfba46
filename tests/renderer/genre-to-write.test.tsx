// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TrackRow } from '../../shared/api/types';
import { genreToWrite } from '../../renderer/src/lib/genre-to-write';
import { useSettings } from '../../renderer/src/stores/settings';
import { useTrackTable } from '../../renderer/src/stores/track-table';
import { TrackTable } from '../../renderer/src/views/Library/TrackTable';
import { installFakeClient } from './fake-client';
import { flush, trackRow } from './fixtures';

const at = '2026-01-01T00:00:00Z';

describe('the genre a write would put in the file', () => {
  it('is the decision when there is one, else the prediction, with where it comes from', () => {
    expect(genreToWrite(trackRow(1, { predicted: 'rock', source: 'default' }))).toEqual({
      genre: 'rock',
      source: 'model',
      skipped: false,
    });
    expect(genreToWrite(trackRow(1, { predicted: 'rock', source: 'personal' })).source).toBe('your-model');
    expect(
      genreToWrite(
        trackRow(1, {
          predicted: 'rock',
          decision: { action: 'choose', genre: 'metal', source: 'user', decidedAt: at },
        }),
      ),
    ).toEqual({ genre: 'metal', source: 'you', skipped: false });
    expect(
      genreToWrite(
        trackRow(1, {
          predicted: 'rock',
          decision: { action: 'accept', genre: 'rock', source: 'model', decidedAt: at },
        }),
      ).source,
    ).toBe('bulk');
    expect(
      genreToWrite(trackRow(1, { decision: { action: 'skip', genre: null, source: 'user', decidedAt: at } })),
    ).toEqual({ genre: null, source: null, skipped: true });
    expect(genreToWrite(trackRow(1, { predicted: null, source: null }))).toEqual({
      genre: null,
      source: null,
      skipped: false,
    });
  });
});

describe('library table', () => {
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 400 });
  });
  afterEach(() => cleanup());

  it('shows the decided genre (not the prediction) and "Skipped" as its own status', async () => {
    const rows: TrackRow[] = [
      trackRow(0, {
        title: 'Chosen',
        predicted: 'rock',
        status: 'decided',
        decision: { action: 'choose', genre: 'metal', source: 'user', decidedAt: at },
      }),
      trackRow(1, {
        title: 'Skipped one',
        predicted: 'pop',
        status: 'skipped',
        decision: { action: 'skip', genre: null, source: 'user', decidedAt: at },
      }),
      trackRow(2, { title: 'Predicted one', predicted: 'jazz', status: 'predicted' }),
    ];
    const client = installFakeClient();
    client.handle('tracks.query', () => ({ total: rows.length, offset: 0, rows }));
    useTrackTable.getState().reset();
    useSettings.setState({ settings: null });
    render(<TrackTable />);
    await act(async () => {
      await useTrackTable.getState().reload();
      await flush();
    });
    const row = (title: string): HTMLElement => screen.getByText(title).closest('[role="row"]') as HTMLElement;
    expect(within(row('Chosen')).getByText('metal')).toBeTruthy();
    expect(within(row('Chosen')).queryByText('rock')).toBeNull();
    expect(within(row('Chosen')).getByText('you')).toBeTruthy();
    expect(within(row('Skipped one')).getByText('Skipped')).toBeTruthy();
    expect(within(row('Skipped one')).queryByText('Decided')).toBeNull();
    expect(within(row('Predicted one')).getByText('jazz')).toBeTruthy();
    // A prediction has no "you" badge; its tooltip says where it comes from.
    expect(within(row('Predicted one')).getByText('jazz').getAttribute('title')).toMatch(
      /Predicted by the default model/,
    );
    expect(within(row('Predicted one')).queryByText('you')).toBeNull();
    expect(screen.getByRole('columnheader', { name: /Genre to write/ })).toBeTruthy();
  });
});
