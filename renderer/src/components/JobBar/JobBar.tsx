import { useEffect, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { JobProgress } from '../../../../shared/api/types';
import { isActive, useJobs, visibleJobs } from '../../stores/jobs';
import { useNavigation } from '../../stores/navigation';
import { Button } from '../Button/Button';
import { Icon } from '../Icon/Icon';
import { jobDetail, jobErrors, jobOutcome, jobTitle } from './job-text';
import { JobProgressBar } from './JobProgressBar';
import styles from './JobBar.module.css';

/** Finished jobs without problems leave the bar on their own after this long. */
const AUTO_DISMISS_MS = 6000;

function JobLine({ job }: { readonly job: JobProgress }): ReactElement {
  const cancel = useJobs((s) => s.cancel);
  const dismiss = useJobs((s) => s.dismiss);
  const go = useNavigation((s) => s.go);
  const errors = jobErrors(job);
  const running = isActive(job);

  useEffect(() => {
    if (running || job.errors > 0 || job.state !== 'done') return;
    const timer = setTimeout(() => dismiss(job.id), AUTO_DISMISS_MS);
    return () => clearTimeout(timer);
  }, [running, job.errors, job.state, job.id, dismiss]);

  return (
    <div className={`${styles.job} ${styles[jobOutcome(job)]}`}>
      <div className={styles.icon}>
        {running ? (
          <span className={styles.spinner} aria-hidden="true" />
        ) : (
          <Icon name={jobOutcome(job) === 'good' ? 'check' : 'errors'} size={16} />
        )}
      </div>
      <div className={styles.text}>
        <div className={styles.title}>{jobTitle(job)}</div>
        <div className={styles.detail}>
          {jobDetail(job)}
          {job.message && <span className={styles.message}> · {job.message}</span>}
        </div>
      </div>
      <JobProgressBar
        job={job}
        classes={{ track: styles.progress, fill: styles.fill, indeterminate: styles.indeterminate }}
      />
      {errors ? (
        <button type="button" className={styles.errors} onClick={() => go('errors')}>
          {errors}
        </button>
      ) : (
        <span />
      )}
      {running ? (
        <Button size="sm" variant="ghost" onClick={() => void cancel(job.id)}>
          Cancel
        </Button>
      ) : (
        <Button
          size="sm"
          variant="ghost"
          icon="close"
          aria-label="Dismiss"
          title="Dismiss"
          onClick={() => dismiss(job.id)}
        />
      )}
    </div>
  );
}

/**
 * The progress of background work, above every screen: it lives outside the views, so a scan
 * keeps reporting while the user browses, and `jobs.list` restores it after a reload.
 */
export function JobBar(): ReactElement | null {
  const jobs = useJobs(useShallow((s) => visibleJobs(s)));
  if (jobs.length === 0) return null;
  return (
    <div className={styles.bar} aria-live="polite" aria-label="Background work">
      {jobs.slice(0, 3).map((job) => (
        <JobLine key={job.id} job={job} />
      ))}
    </div>
  );
}
