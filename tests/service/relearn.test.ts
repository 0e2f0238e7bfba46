import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiService } from '../../core/service/types.js';
import { decide } from '../../core/decisions/decisions.js';
import { refreshPending } from '../../core/review/refresh-mode.js';
import type { JobProgress } from '../../shared/api/types.js';
import { tempLibrary, type TempLibrary } from '../helpers/library.js';
import { serviceWithoutAnalysis } from '../helpers/service.js';
import { seedSyntheticLibrary, type SyntheticTrack } from '../learning/helpers/synthetic-library.js';

/**
 * The app learns the user's genres by itself: a decision through the API starts one background
 * 'learn' job (in jobs.list until its predictions are stored), decisions made while it waits join
 * it, and afterwards every track shows a genre in the user's vocabulary with its reason.
 */
describe('background re-learning after decisions', () => {
  let lib: TempLibrary;
  let service: ApiService;
  let tracks: SyntheticTrack[];

  beforeEach(() => {
    lib = tempLibrary('gw-relearn-');
    tracks = seedSyntheticLibrary(
      lib.db,
      [
        { name: 'Drone', tracks: 6, tags: [] },
        { name: 'Chiptune', tracks: 6, tags: [] },
      ],
      { separation: 3 },
    );
    service = serviceWithoutAnalysis(lib.db);
  });

  afterEach(async () => {
    await service.close();
    lib.close();
  });

  const finished = async (job: JobProgress): Promise<JobProgress> => {
    for (;;) {
      const now = (await service.handlers['jobs.list']({})).find((j) => j.id === job.id);
      if (now && now.state !== 'queued' && now.state !== 'running') return now;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const learnJobs = async () => (await service.handlers['jobs.list']({})).filter((j) => j.kind === 'learn');

  it('runs one debounced learn job for decisions made together, then shows the user genres', async () => {
    const drone = tracks.find((t) => t.genre === 'Drone')!;
    const chip = tracks.find((t) => t.genre === 'Chiptune')!;
    await service.handlers['review.decide']({ id: drone.id, decision: { action: 'choose', genre: 'Drone' } });
    await service.handlers['review.decide']({ id: chip.id, decision: { action: 'choose', genre: 'Chiptune' } });
    const pending = await learnJobs();
    expect(pending).toHaveLength(1);
    expect(['queued', 'running']).toContain(pending[0]?.state);
    // The app started it by itself: the job bar keeps quiet about it unless it fails.
    expect(pending[0]?.background).toBe(true);

    const changes: string[] = [];
    const stop = service.subscribe((event, payload) => {
      if (event === 'library-changed') changes.push((payload as { reason: string }).reason);
    });
    while ((await learnJobs()).some((j) => j.state === 'queued' || j.state === 'running'))
      await new Promise((resolve) => setTimeout(resolve, 20));
    stop();
    const [job] = await learnJobs();
    expect(job?.state).toBe('done');
    expect(job?.message).toMatch(/re-learned your 2 genres from 2 labelled tracks/);
    expect(changes).toContain('model');

    const page = await service.handlers['tracks.query']({ limit: 100 });
    const other = page.rows.filter((r) => r.id !== drone.id && r.id !== chip.id);
    expect(other.every((r) => r.source === 'personal')).toBe(true);
    const truth = new Map(tracks.map((t) => [t.id, t.genre]));
    expect(other.filter((r) => r.predicted === truth.get(r.id)).length).toBe(other.length);
    const reasons = lib.db.prepare('SELECT reason FROM current_predictions').pluck().all() as string[];
    expect(reasons.every((r) => /Drone|Chiptune/.test(r))).toBe(true);
    // The detail panel says why the genre, then why the confidence.
    const detail = await service.handlers['tracks.get']({ id: other[0]!.id });
    expect(detail.modelId).toBe('library-context');
    expect(Object.keys(detail.probabilities).sort()).toEqual(['Chiptune', 'Drone']);
    expect(detail.reason).toMatch(/^[A-Z0-9].*(Drone|Chiptune)\. The model is (confident|unsure)/);
  });

  it('ends when the library table and the queue show what it learned, not before', async () => {
    // Issue 15: the job brings the rows up to date itself (the service's refresh keeper), so a
    // view re-reading when it ends sees its predictions, and no read pays for them.
    const leftAtEnd: boolean[] = [];
    const stop = service.subscribe((event, payload) => {
      const job = payload as JobProgress;
      if (event === 'job' && job.kind === 'learn' && job.state === 'done') leftAtEnd.push(refreshPending(lib.db));
    });
    await service.handlers['review.decide']({ id: tracks[0]!.id, decision: { action: 'choose', genre: 'Drone' } });
    await service.handlers['review.decide']({ id: tracks[7]!.id, decision: { action: 'choose', genre: 'Chiptune' } });
    while ((await learnJobs()).some((j) => j.state !== 'done')) await new Promise((resolve) => setTimeout(resolve, 20));
    stop();
    expect(leftAtEnd).toEqual([false]);
  });

  it('starts another run for a decision made once the previous one has read the labels', async () => {
    await service.handlers['review.decide']({ id: tracks[0]!.id, decision: { action: 'choose', genre: 'Drone' } });
    while ((await learnJobs()).some((j) => j.state !== 'done')) await new Promise((resolve) => setTimeout(resolve, 20));
    await service.handlers['review.decide']({ id: tracks[7]!.id, decision: { action: 'choose', genre: 'Chiptune' } });
    const states = (await learnJobs()).map((j) => j.state);
    expect(states).toHaveLength(2);
    expect(states.filter((s) => s === 'done')).toHaveLength(1);
  });

  it('"Learn from my library" re-learns at once, in sight, and says how many labels it gets right', async () => {
    // One label per genre: nothing to learn yet, and the job says why (the screen shows it).
    decide(lib.db, tracks[0]!.id, { action: 'choose', genre: 'Drone' });
    expect(await service.handlers['learning.readiness']({})).toMatchObject({ ready: false });
    const early = await finished(await service.handlers['jobs.learn']({}));
    expect(early).toMatchObject({ state: 'failed' });
    expect(early.message).toMatch(/at least two genres/);
    expect(early.background).toBeFalsy(); // the user asked: the job bar reports it

    for (const t of tracks.filter((t) => t.id !== tracks[0]!.id).slice(0, 8)) {
      decide(lib.db, t.id, { action: 'choose', genre: t.genre });
    }
    expect(await service.handlers['learning.readiness']({})).toMatchObject({ ready: true, reason: null });
    // The parameters of the SVC it used to train are still accepted, and change nothing.
    const job = await finished(await service.handlers['jobs.learn']({ fromTags: false, activate: true }));
    expect(job).toMatchObject({ state: 'done' });
    const labelled = 9;
    const [, right, n] = /\((\d+) of (\d+) right, \d+ %, each predicted with its own label left out\)/.exec(
      job.message ?? '',
    ) ?? [0, -1, -1];
    expect(Number(n)).toBe(labelled);
    expect(Number(right)).toBe(labelled);
    expect(job.message).toMatch(/^re-learned your 2 genres from 9 labelled tracks/);
    expect(job).toMatchObject({ done: tracks.length, total: tracks.length });
    // Every track now shows a genre in the user's vocabulary (no decision went through the API,
    // so no background run was started).
    expect((await learnJobs()).filter((j) => j.background)).toHaveLength(0);
    const shown = lib.db.prepare('SELECT model_id FROM current_predictions').pluck().all() as string[];
    expect(shown).toHaveLength(tracks.length);
    expect(new Set(shown)).toEqual(new Set(['library-context']));
  });
});
