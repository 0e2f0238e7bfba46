// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionGroup, WriteBatchInfo } from '../../shared/api/types';
import { useJobs } from '../../renderer/src/stores/jobs';
import { useWriteFlow } from '../../renderer/src/stores/write-flow';
import { WriteView } from '../../renderer/src/views/Write/WriteView';
import { FakeClient, installFakeClient } from './fake-client';
import { flush, job } from './fixtures';

const batch = (overrides: Partial<WriteBatchInfo> = {}): WriteBatchInfo => ({
  id: 7,
  createdAt: '2026-01-01T00:00:00Z',
  mode: 'replace',
  written: 16,
  failed: 1,
  undoneBy: null,
  undoOf: null,
  ...overrides,
});

describe('the write banner', () => {
  let client: FakeClient;
  let batches: WriteBatchInfo[];
  let history: DecisionGroup[];

  beforeEach(async () => {
    client = installFakeClient();
    useJobs.getState().reset();
    useWriteFlow.getState().reset();
    batches = [batch()];
    history = [
      {
        decidedAt: '2026-01-02T10:00:00.000Z',
        source: 'model',
        count: 3,
        current: 3,
        byGenre: [
          { key: 'rock', count: 2 },
          { key: 'disco', count: 1 },
        ],
        track: null,
      },
      {
        decidedAt: '2026-01-02T09:00:00.000Z',
        source: 'user',
        count: 1,
        current: 1,
        byGenre: [{ key: 'metal', count: 1 }],
        track: { id: 4, title: 'Heavy', path: '/m/heavy.mp3', action: 'choose' },
      },
    ];
    client
      .handle('tags.batches', () => batches)
      .handle('tags.plan', () => ({
        changes: Array.from({ length: 17 }, (_, i) => ({
          trackId: i + 1,
          path: `/m/${i}.mp3`,
          before: [],
          after: ['Jazz'],
        })),
        skipped: 0,
      }))
      .handle('jobs.write', () => job('w1', { state: 'queued', total: null }))
      .handle('jobs.undo', () => job('u1', { kind: 'undo', state: 'queued' }))
      .handle('review.history', () => history)
      .handle('review.undo', ({ decidedAt }) => {
        history = history.map((g) => (g.decidedAt === decidedAt ? { ...g, current: 0 } : g));
        return { undone: 3 };
      });
    render(<WriteView />);
    await act(async () => {
      await useWriteFlow.getState().plan();
      await useWriteFlow.getState().confirm();
      useJobs.getState().update(
        job('w1', {
          state: 'done',
          done: 17,
          total: 17,
          errors: 1,
          message: 'batch 7: 16 written, 0 skipped, 1 failed, 0 refused',
          result: { batch: 7, written: 16, skipped: 0, failed: 1, refused: 0 },
        }),
      );
      await flush();
    });
  });

  afterEach(() => cleanup());

  it('says how many were written and failed, never "Done", and points to Problems', () => {
    expect(screen.getByText('16 files written, 1 failed')).toBeTruthy();
    expect(screen.queryByText(/^Done/)).toBeNull();
    expect(screen.queryByText(/Every file was checked/)).toBeNull();
    expect(screen.getByRole('button', { name: 'Open Problems' })).toBeTruthy();
  });

  it('is not stale after the batch is undone', async () => {
    await act(async () => {
      await useWriteFlow.getState().undo(7);
      batches = [batch({ id: 8, undoOf: 7, written: 16, failed: 0 }), batch({ undoneBy: 8 })];
      useJobs.getState().update(job('u1', { kind: 'undo', state: 'done', done: 16, total: 16 }));
      await flush();
    });
    expect(screen.getByText('Batch #7 was undone')).toBeTruthy();
    expect(screen.queryByText('16 files written, 1 failed')).toBeNull();
  });

  it('says refused files apart from failed ones', async () => {
    await act(async () => {
      useWriteFlow.getState().back();
      await useWriteFlow.getState().plan();
      client.handle('jobs.write', () => job('w2', { state: 'queued', total: null }));
      await useWriteFlow.getState().confirm();
      useJobs.getState().update(
        job('w2', {
          state: 'done',
          done: 17,
          total: 17,
          errors: 2,
          result: { batch: 9, written: 15, skipped: 0, failed: 0, refused: 2 },
        }),
      );
      await flush();
    });
    expect(screen.getByText('15 files written, 2 refused')).toBeTruthy();
    expect(screen.getByText(/left alone to protect them/)).toBeTruthy();
  });

  it('lists recent decisions, a bulk accept as one line, and undoes it from there', async () => {
    const list = screen.getByRole('list', { name: 'Recent decisions' });
    const bulk = within(list).getByText('Bulk accept of 3 tracks: rock 2, disco 1').closest('li') as HTMLElement;
    expect(within(list).getByText('“Heavy”: chose metal')).toBeTruthy();
    fireEvent.click(within(bulk).getByRole('button', { name: 'Undo' }));
    await act(async () => {
      await flush();
    });
    expect(client.callsOf('review.undo')).toEqual([{ decidedAt: '2026-01-02T10:00:00.000Z', source: 'model' }]);
    expect(within(bulk).getByText('Undone or changed since')).toBeTruthy();
  });
});
