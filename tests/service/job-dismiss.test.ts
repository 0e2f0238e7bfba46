import { describe, expect, it } from 'vitest';
import { JobManager } from '../../core/service/jobs.js';
import type { JobProgress } from '../../shared/api/types.js';

describe('dismissing a job', () => {
  it('forgets a finished job, so a failure does not come back after a reload, but never a running one', async () => {
    const events: JobProgress[] = [];
    const jobs = new JobManager((p) => events.push(p));
    const failed = jobs.start('learn', async () => {
      throw new Error('need at least 10 tracks');
    });
    let release: () => void = () => undefined;
    await jobs.idle();
    const running = jobs.start('scan', () => new Promise<void>((r) => (release = r)));
    expect(jobs.list().find((j) => j.id === failed.id)?.state).toBe('failed');
    expect(jobs.dismiss(running.id)).toBe(false);
    expect(jobs.dismiss(failed.id)).toBe(true);
    expect(jobs.list().map((j) => j.id)).toEqual([running.id]);
    await new Promise((r) => setTimeout(r, 20));
    release();
    await jobs.idle();
  });

  it("forgets the app's background runs before the user's own finished jobs", async () => {
    const jobs = new JobManager(() => undefined);
    const write = jobs.start('write', async () => 'written');
    for (let i = 0; i < 25; i++) jobs.start('learn', async () => 'learned', { background: true });
    await jobs.idle();
    jobs.start('scan', async () => 'scanned');
    await jobs.idle();
    const kept = jobs.list();
    expect(kept.find((j) => j.id === write.id)?.state).toBe('done');
    expect(kept.length).toBeLessThanOrEqual(21);
    expect(kept.filter((j) => j.background).every((j) => j.kind === 'learn')).toBe(true);
  });
});
