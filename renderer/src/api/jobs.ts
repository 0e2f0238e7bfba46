import type { JobProgress, LearningReadiness } from '../../../shared/api/types';
import { client } from './transport';

export function startScan(rootIds?: number[]): Promise<JobProgress> {
  return client().call('jobs.scan', rootIds ? { rootIds } : {});
}

export function startAnalysis(): Promise<JobProgress> {
  return client().call('jobs.analyze', {});
}

export function listJobs(): Promise<JobProgress[]> {
  return client().call('jobs.list', {});
}

export function cancelJob(id: string): Promise<{ cancelled: boolean }> {
  return client().call('jobs.cancel', { id });
}

/** Re-learns your genres from your decisions and your files' genre tags at once ("Learn from my library"). */
export function startLearning(): Promise<JobProgress> {
  return client().call('jobs.learn', {});
}

/** Forgets a finished job on the backend, so it does not come back after a reload. */
export function dismissJob(id: string): Promise<{ dismissed: boolean }> {
  return client().call('jobs.dismiss', { id });
}

export function learningReadiness(): Promise<LearningReadiness> {
  return client().call('learning.readiness', {});
}
