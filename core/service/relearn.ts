import { describeContextPass, relearnLibraryContext } from '../learning/context-pass.js';
import type { ServiceContext } from './context.js';
import type { JobManager } from './jobs.js';
import type { JobProgress } from '../../shared/api/types.js';

/**
 * The app learns by itself: after decisions (and after a scan or an analysis brings new tags or
 * tracks) the library-context model is re-learned and every track re-predicted, in the
 * background, as a 'learn' job on the service's one job queue:
 *
 * - debounced: the job waits DEBOUNCE_MS before it reads the labels, and every request made
 *   until then is served by that same run (a user clicking through the queue starts one run,
 *   not ten);
 * - one at a time: the job queue runs jobs in turn, so runs never overlap one another or a scan,
 *   analysis or tag write;
 * - observable: the job is in jobs.list from the moment it is requested until its predictions
 *   are stored, so a caller awaits idleness by waiting for no queued or running job (the
 *   learning-curve bench does), or through JobManager.idle(); views hear `library-changed`
 *   ('model') and re-read.
 *
 * The run itself is pure TypeScript on stored features (learning/context-pass.ts): well under a
 * second on a thousand tracks.
 */

export const DEBOUNCE_MS = 150;

/** Per job queue (one per service): the run that has not read the labels yet, which a new request joins. */
const waiting = new WeakMap<JobManager, string>();

function joinable(jobs: JobManager): boolean {
  const id = waiting.get(jobs);
  const state = id === undefined ? undefined : jobs.list().find((j) => j.id === id)?.state;
  return state === 'queued' || state === 'running';
}

export function relearnSoon(ctx: ServiceContext): void {
  if (joinable(ctx.jobs)) return;
  const job = ctx.jobs.start(
    'learn',
    async (run) => {
      await new Promise((resolve) => setTimeout(resolve, DEBOUNCE_MS));
      if (waiting.get(ctx.jobs) === job.id) waiting.delete(ctx.jobs);
      if (run.signal.aborted) return 'stopped';
      const result = relearnLibraryContext(ctx.db);
      ctx.libraryChanged('model');
      await ctx.refresh.settle();
      return describeContextPass(result);
    },
    { background: true },
  );
  waiting.set(ctx.jobs, job.id);
}

/** The labels name fewer than two genres: there is nothing to learn yet. */
export class NothingToLearnError extends Error {
  override name = 'NothingToLearnError';
}

/**
 * "Learn from my library": the same run, at once and in the user's sight (a job the job bar and
 * the Settings screen report, with the held-out accuracy), for a user who wants to see the app
 * learn rather than wait for the next decision. Fails when the labels name fewer than two genres.
 */
export function relearnNow(ctx: ServiceContext): JobProgress {
  return ctx.jobs.start('learn', async (run) => {
    if (run.signal.aborted) return 'stopped';
    const result = relearnLibraryContext(ctx.db);
    ctx.libraryChanged('model');
    await ctx.refresh.settle((rows) => run.progress(rows, null, undefined, 'updating the library table'));
    run.progress(result.tracks, result.tracks);
    if (!result.active)
      throw new NothingToLearnError(
        'nothing to learn yet: decide or tag tracks in at least two genres, and the app learns them by itself',
      );
    return describeContextPass(result);
  });
}
