import type { JobKind, JobProgress } from '../../../../shared/api/types';
import { formatCount, formatEta, formatRate, plural } from '../../lib/format';

const TITLE: Readonly<Record<JobKind, { running: string; done: string; unit: string }>> = {
  scan: { running: 'Scanning the library', done: 'Scan finished', unit: 'files' },
  analyze: { running: 'Analysing audio', done: 'Analysis finished', unit: 'tracks' },
  predict: { running: 'Updating predictions', done: 'Predictions updated', unit: 'tracks' },
  write: { running: 'Writing genre tags', done: 'Tags written', unit: 'files' },
  undo: { running: 'Undoing a tag write', done: 'Write undone', unit: 'files' },
  learn: { running: 'Learning your genres', done: 'Your genres are learnt', unit: 'tracks' },
};

export function jobTitle(job: JobProgress): string {
  const t = TITLE[job.kind];
  switch (job.state) {
    case 'queued':
      return `Waiting: ${t.running.toLowerCase()}`;
    case 'running':
      return t.running;
    case 'done':
      return t.done;
    case 'cancelled':
      return `${t.running} — cancelled`;
    case 'failed':
      return `${t.running} — failed`;
  }
}

/** "1,204 of 5,000 tracks · 12 tracks/s · about 6 min left" */
export function jobDetail(job: JobProgress): string {
  const unit = TITLE[job.kind].unit;
  const parts: string[] = [];
  parts.push(
    job.total === null
      ? `${formatCount(job.done)} ${unit}`
      : `${formatCount(job.done)} of ${formatCount(job.total)} ${unit}`,
  );
  if (job.state === 'queued') return 'Starts when the current job finishes';
  if (job.state === 'running' && job.done === 0 && job.total === null) return 'Starting…';
  if (job.state === 'running') {
    if (job.rate > 0) parts.push(formatRate(job.rate, unit));
    const eta = formatEta(job.etaSec);
    if (eta) parts.push(eta);
  }
  return parts.join(' · ');
}

/**
 * How a finished job looks: a job that ended with problems (a write with a failed file) is a
 * warning, not a success, though it finished; a failed or cancelled job is one too.
 */
export function jobOutcome(job: JobProgress): 'active' | 'good' | 'warn' {
  if (job.state === 'queued' || job.state === 'running') return 'active';
  return job.state === 'done' && job.errors === 0 ? 'good' : 'warn';
}

export function jobErrors(job: JobProgress): string | null {
  return job.errors > 0 ? plural(job.errors, 'problem') : null;
}

/** Fraction done, or null when the total is not known yet (indeterminate bar). */
export function jobFraction(job: JobProgress): number | null {
  if (job.state === 'done') return 1;
  if (job.total === null || job.total === 0) return null;
  return Math.min(1, job.done / job.total);
}
