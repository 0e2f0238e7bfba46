import { beforeEach, describe, expect, it } from 'vitest';
import type { TagWriteOptions, TagWritePlan } from '../../shared/api/types';
import { useJobs } from '../../renderer/src/stores/jobs';
import { DEFAULT_WRITE_OPTIONS, useWriteFlow } from '../../renderer/src/stores/write-flow';
import { FakeClient, installFakeClient } from './fake-client';
import { flush, job } from './fixtures';

const plan: TagWritePlan = {
  changes: [
    { trackId: 1, path: '/m/a.mp3', before: ['Rock'], after: ['Jazz'] },
    { trackId: 2, path: '/m/b.flac', before: [], after: ['Blues'] },
  ],
  skipped: 3,
};

describe('write flow state machine', () => {
  let client: FakeClient;
  beforeEach(() => {
    client = installFakeClient();
    useJobs.getState().reset();
    useWriteFlow.getState().reset();
    client.handle('tags.plan', () => plan);
    client.handle('jobs.write', () => job('w1', { kind: 'write', state: 'queued', total: null }));
    client.handle('tags.batches', () => [
      {
        id: 7,
        createdAt: '2026-01-01T00:00:00Z',
        mode: 'replace',
        written: 2,
        failed: 0,
        undoneBy: null,
        undoOf: null,
      },
    ]);
  });

  it('options → planned → writing → finished, writing exactly the options that were planned', async () => {
    const flow = useWriteFlow.getState();
    flow.setOptions({ mode: 'add', onlyDecided: false, minConfidence: 0.9 });
    await useWriteFlow.getState().plan();
    const expected: TagWriteOptions = { ...DEFAULT_WRITE_OPTIONS, mode: 'add', onlyDecided: false, minConfidence: 0.9 };
    expect(client.callsOf('tags.plan')).toEqual([expected]);
    expect(useWriteFlow.getState().flow).toEqual({ step: 'planned', plan });

    await useWriteFlow.getState().confirm();
    expect(client.callsOf('jobs.write')).toEqual([expected]);
    expect(useWriteFlow.getState().flow).toMatchObject({ step: 'writing', jobId: 'w1' });

    useJobs.getState().update(job('w1', { state: 'running', done: 1, total: 2 }));
    expect(useWriteFlow.getState().flow.step).toBe('writing');
    useJobs.getState().update(job('w1', { state: 'done', done: 2, total: 2 }));
    await flush();
    expect(useWriteFlow.getState().flow).toMatchObject({ step: 'finished', job: { id: 'w1', state: 'done' } });
    expect(useWriteFlow.getState().batches.map((b) => b.id)).toEqual([7]);
  });

  it('throws the plan away when an option changes, so nothing unconfirmed is written', async () => {
    await useWriteFlow.getState().plan();
    useWriteFlow.getState().setOptions({ mode: 'fill' });
    expect(useWriteFlow.getState().flow).toEqual({ step: 'options' });
    await useWriteFlow.getState().confirm();
    expect(client.callsOf('jobs.write')).toEqual([]);
  });

  it('refuses to confirm an empty plan', async () => {
    client.handle('tags.plan', () => ({ changes: [], skipped: 12 }));
    await useWriteFlow.getState().plan();
    await useWriteFlow.getState().confirm();
    expect(client.callsOf('jobs.write')).toEqual([]);
    expect(useWriteFlow.getState().flow.step).toBe('planned');
  });

  it('shows why planning failed and allows going back', async () => {
    client.fail('tags.plan', 'conflict', 'another write is running');
    await useWriteFlow.getState().plan();
    expect(useWriteFlow.getState().flow).toEqual({ step: 'failed', message: 'another write is running' });
    useWriteFlow.getState().back();
    expect(useWriteFlow.getState().flow).toEqual({ step: 'options' });
  });

  it('does not let options change while a write runs', async () => {
    await useWriteFlow.getState().plan();
    await useWriteFlow.getState().confirm();
    useWriteFlow.getState().setOptions({ mode: 'fill' });
    expect(useWriteFlow.getState().options.mode).toBe('replace');
    expect(useWriteFlow.getState().flow.step).toBe('writing');
  });

  it('finishes even when the job ended before its start call answered', async () => {
    client.handle('jobs.write', () => {
      useJobs.getState().update(job('fast', { state: 'done', done: 2, total: 2 }));
      return job('fast', { state: 'queued' });
    });
    await useWriteFlow.getState().plan();
    await useWriteFlow.getState().confirm();
    expect(useWriteFlow.getState().flow).toMatchObject({ step: 'finished', job: { id: 'fast', state: 'done' } });
  });

  it('undoes a batch as a job and refreshes the history when it ends', async () => {
    client.handle('jobs.undo', () => job('u1', { kind: 'undo', state: 'queued' }));
    await useWriteFlow.getState().undo(7);
    expect(client.callsOf('jobs.undo')).toEqual([{ batch: 7 }]);
    expect(useWriteFlow.getState().undoing).toEqual({ 7: 'u1' });
    await useWriteFlow.getState().undo(7); // a second click while it runs does nothing
    expect(client.callsOf('jobs.undo')).toHaveLength(1);
    client.handle('tags.batches', () => [
      { id: 8, createdAt: '2026-01-01T00:01:00Z', mode: 'undo', written: 2, failed: 0, undoneBy: null, undoOf: 7 },
      { id: 7, createdAt: '2026-01-01T00:00:00Z', mode: 'replace', written: 2, failed: 0, undoneBy: 8, undoOf: null },
    ]);
    useJobs.getState().update(job('u1', { kind: 'undo', state: 'done', done: 2, total: 2 }));
    await flush();
    expect(useWriteFlow.getState().undoing).toEqual({});
    expect(useWriteFlow.getState().batches.map((b) => [b.id, b.undoneBy])).toEqual([
      [8, null],
      [7, 8],
    ]);
  });
});
