import type { ReactElement } from 'react';
import type { JobProgress } from '../../../../shared/api/types';
import { jobDetail, jobFraction, jobTitle } from '../../components/JobBar/job-text';
import { useNavigation } from '../../stores/navigation';
import styles from './FirstRunView.module.css';

/** One running job: its title and detail, a progress bar, and a link to the files it could not read. */
export function RunningJob({ job }: { readonly job: JobProgress }): ReactElement {
  const go = useNavigation((s) => s.go);
  const fraction = jobFraction(job);
  return (
    <div className={styles.job}>
      <div className={styles.jobHead}>
        <span className={styles.jobTitle}>{jobTitle(job)}</span>
        <span className={styles.jobDetail}>{jobDetail(job)}</span>
      </div>
      <div
        className={styles.bar}
        role="progressbar"
        aria-label={jobTitle(job)}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      >
        <div
          className={fraction === null ? styles.indeterminate : styles.fill}
          style={fraction === null ? undefined : { width: `${fraction * 100}%` }}
        />
      </div>
      {job.errors > 0 && (
        <button type="button" className={styles.link} onClick={() => go('errors')}>
          {job.errors} file{job.errors === 1 ? '' : 's'} could not be read — see Problems
        </button>
      )}
    </div>
  );
}
