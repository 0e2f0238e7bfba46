import { beforeEach, describe, expect, it } from 'vitest';
import { useJobs, visibleJobs } from '../../renderer/src/stores/jobs';
import { installFakeClient } from './fake-client';
import { job } from './fixtures';

describe('jobs store', () => {
  beforeEach(() => {
    installFakeClient();
    useJobs.getState().reset();
  });

  it('never moves a job backwards when a late start answer arrives after its events', () => {
    const { update } = useJobs.getState();
    update(job('a', { state: 'running', done: 5 }));
    update(job('a', { state: 'queued', done: 0 }));
    expect(useJobs.getState().jobs.a?.state).toBe('running');
    update(job('a', { state: 'running', done: 3 }));
    expect(useJobs.getState().jobs.a?.done).toBe(5);
    update(job('a', { state: 'done', done: 10 }));
    update(job('a', { state: 'running', done: 9 }));
    expect(useJobs.getState().jobs.a?.state).toBe('done');
  });

  it('shows active jobs first, then finished ones until dismissed', () => {
    const { update, dismiss } = useJobs.getState();
    update(job('old', { state: 'done', startedAt: '2026-01-01T00:00:00Z' }));
    update(job('run', { state: 'running', startedAt: '2026-01-01T00:00:01Z' }));
    update(job('wait', { state: 'queued', startedAt: '2026-01-01T00:00:02Z' }));
    expect(visibleJobs(useJobs.getState()).map((j) => j.id)).toEqual(['wait', 'run', 'old']);
    dismiss('old');
    dismiss('run'); // running jobs stay visible whatever happens
    expect(visibleJobs(useJobs.getState()).map((j) => j.id)).toEqual(['wait', 'run']);
  });

  it('keeps only the latest finished job on screen, so results do not pile up', () => {
    const { update } = useJobs.getState();
    update(job('scan', { kind: 'scan', state: 'done', startedAt: '2026-01-01T00:00:00Z' }));
    update(job('analyse', { kind: 'analyze', state: 'done', startedAt: '2026-01-01T00:00:05Z' }));
    expect(visibleJobs(useJobs.getState()).map((j) => j.id)).toEqual(['analyse']);
  });

  it("keeps the app's own background learning out of the bar unless it fails", () => {
    const { update } = useJobs.getState();
    update(job('write', { kind: 'write', state: 'done', startedAt: '2026-01-01T00:00:00Z' }));
    update(job('bg-run', { kind: 'learn', state: 'running', background: true, startedAt: '2026-01-01T00:00:01Z' }));
    update(job('bg-done', { kind: 'learn', state: 'done', background: true, startedAt: '2026-01-01T00:00:02Z' }));
    expect(visibleJobs(useJobs.getState()).map((j) => j.id)).toEqual(['write']);
    update(job('bg-fail', { kind: 'learn', state: 'failed', background: true, startedAt: '2026-01-01T00:00:03Z' }));
    expect(visibleJobs(useJobs.getState()).map((j) => j.id)).toEqual(['bg-fail']);
  });

  it('restores progress after a reload from jobs.list', async () => {
    const client = installFakeClient();
    client.handle('jobs.list', () => [job('s', { kind: 'scan', done: 40, total: 100 })]);
    await useJobs.getState().load();
    expect(useJobs.getState().jobs.s?.done).toBe(40);
  });
});
