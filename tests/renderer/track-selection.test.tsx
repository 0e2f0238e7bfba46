// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useLibrary } from '../../renderer/src/stores/library';
import { useSelection } from '../../renderer/src/stores/track-selection';
import { useTrackTable } from '../../renderer/src/stores/track-table';
import { LibraryView } from '../../renderer/src/views/Library/LibraryView';
import { FakeClient, installFakeClient } from './fake-client';
import { flush, trackDetail, trackRow } from './fixtures';

async function settle(ms = 0): Promise<void> {
  await act(async () => {
    if (ms) await new Promise((r) => setTimeout(r, ms));
    await flush();
  });
}

describe('several tracks at once', () => {
  let client: FakeClient;
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 400 });
  });
  beforeEach(async () => {
    client = installFakeClient();
    useTrackTable.getState().reset();
    useSelection.getState().clear();
    useLibrary.setState({ stats: null, trackCount: 40, loaded: true, refresh: async () => {} });
    client
      .handle('tracks.query', (q) => ({
        total: 40,
        offset: q.offset ?? 0,
        rows: Array.from({ length: 40 }, (_, i) => trackRow(i + 1, { title: `Song ${i + 1}` })),
      }))
      .handle('tracks.get', ({ id }) => trackDetail(id))
      .handle('review.decideMany', (p) => ({ decided: p.ids?.length ?? 40 }));
    render(<LibraryView />);
    await settle(40);
  });
  afterEach(() => cleanup());

  it('Ctrl-click and Shift-click pick tracks, and one genre is set for all of them', async () => {
    fireEvent.click(screen.getByText('Song 2'));
    fireEvent.click(screen.getByText('Song 4'), { shiftKey: true });
    fireEvent.click(screen.getByText('Song 9'), { ctrlKey: true });
    expect(screen.getByText('4 tracks selected')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Genre for all of them'), { target: { value: 'Shoegaze' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set for 4' }));
    await settle();
    expect(client.callsOf('review.decideMany')).toEqual([
      { ids: [2, 3, 4, 9], decision: { action: 'choose', genre: 'Shoegaze' } },
    ]);
    expect(screen.getByText('Shoegaze set for 4 tracks.')).toBeTruthy();
  });

  it('selects every track the filters match', async () => {
    fireEvent.click(screen.getByText('Song 1'), { ctrlKey: true });
    fireEvent.click(screen.getByRole('button', { name: 'Select all 40 matching' }));
    expect(screen.getByText('All 40 matching tracks')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Genre for all of them'), { target: { value: 'Jazz' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set for 40' }));
    await settle();
    expect(client.callsOf('review.decideMany')).toEqual([{ query: {}, decision: { action: 'choose', genre: 'Jazz' } }]);
  });

  it('says why setting a genre failed while the tracks are still selected', async () => {
    client.fail('review.decideMany', 'conflict', 'The library is being written to; try again in a moment');
    fireEvent.click(screen.getByText('Song 2'), { ctrlKey: true });
    fireEvent.change(screen.getByLabelText('Genre for all of them'), { target: { value: 'Jazz' } });
    fireEvent.click(screen.getByRole('button', { name: 'Set for 1' }));
    await settle();
    expect(screen.getByText('1 track selected')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe('The library is being written to; try again in a moment');
  });
});
