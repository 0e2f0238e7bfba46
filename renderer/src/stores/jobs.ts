import { create } from 'zustand';
import type { JobKind, JobProgress } from '../../../shared/api/types';
import { cancelJob, dismissJob, listJobs } from '../api/jobs';
import { messageOf } from '../lib/errors';

export interface JobsState {
  /** Every job seen this session, by id, updated from 'job' events. */
  readonly jobs: Readonly<Record<string, JobProgress>>;
  /** Finished jobs the user closed in the progress bar. */
  readonly dismissed: Readonly<Record<string, true>>;
  readonly error: string | null;
  load(): Promise<void>;
  update(job: JobProgress): void;
  dismiss(id: string): void;
  cancel(id: string): Promise<void>;
  reset(): void;
}

/** Not finished yet: running, or queued behind another job (jobs run one at a time). */
export function isActive(job: JobProgress): boolean {
  return job.state === 'running' || job.state === 'queued';
}

/**
 * Jobs outlive the views that start them: progress comes from 'job' events and `jobs.list`
 * (after a reload), so the progress bar keeps showing a scan while the user browses elsewhere.
 */
export const useJobs = create<JobsState>((set, get) => ({
  jobs: {},
  dismissed: {},
  error: null,

  async load() {
    try {
      const jobs = await listJobs();
      for (const job of jobs) get().update(job);
      set({ error: null });
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },

  update(job) {
    const previous = get().jobs[job.id];
    // A job's start result can arrive after its first events (HTTP response vs event stream):
    // never let an older snapshot move a job backwards.
    if (previous && !isActive(previous) && isActive(job)) return;
    if (previous?.state === 'running' && job.state === 'queued') return;
    if (previous?.state === 'running' && job.state === 'running' && job.done < previous.done) return;
    set((s) => ({ jobs: { ...s.jobs, [job.id]: job } }));
  },

  dismiss(id) {
    set((s) => ({ dismissed: { ...s.dismissed, [id]: true } }));
    // The backend forgets it too, so it stays dismissed after a reload or in another window; a
    // job it no longer knows (or a lost connection) leaves nothing to do.
    const job = get().jobs[id];
    if (job && !isActive(job)) dismissJob(id).catch(() => undefined);
  },

  async cancel(id) {
    try {
      await cancelJob(id);
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },

  reset() {
    set({ jobs: {}, dismissed: {}, error: null });
  },
}));

/**
 * Jobs the progress bar shows: every active one, then the most recent finished one until it is
 * dismissed (older results would only push the screen down; their problems are in Problems).
 */
/** The app's own background work (re-learning after each decision) appears only when it fails. */
function shown(job: JobProgress): boolean {
  return !job.background || job.state === 'failed';
}

export function visibleJobs(state: Pick<JobsState, 'jobs' | 'dismissed'>): JobProgress[] {
  const newestFirst = Object.values(state.jobs)
    .filter(shown)
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const active = newestFirst.filter(isActive);
  const lastFinished = newestFirst.find((j) => !isActive(j));
  return lastFinished && !state.dismissed[lastFinished.id] ? [...active, lastFinished] : active;
}

export function activeJob(state: Pick<JobsState, 'jobs'>, kind: JobKind): JobProgress | undefined {
  return Object.values(state.jobs).find((j) => j.kind === kind && isActive(j));
}
