import type { ReactElement } from 'react';
import type { JobProgress } from '../../../../shared/api/types';
import { jobDetail, jobTitle } from '../../components/JobBar/job-text';
import { JobProgressBar } from '../../components/JobBar/JobProgressBar';
import { useNavigation } from '../../stores/navigation';
import styles from './FirstRunView.module.css';

/** One running job: its title and detail, a progress bar, and a link to the files it could not read. */
export function RunningJob({ job }: { readonly job: JobProgress }): ReactElement {
  const go = useNavigation((s) => s.go);
  return (
    <div className={styles.job}>
      <div className={styles.jobHead}>
        <span className={styles.jobTitle}>{jobTitle(job)}</span>
        <span className={styles.jobDetail}>{jobDetail(job)}</span>
      </div>
      <JobProgressBar
        job={job}
        classes={{ track: styles.bar, fill: styles.fill, indeterminate: styles.indeterminate }}
      />
      {job.errors > 0 && (
        <button type="button" className={styles.link} onClick={() => go('errors')}>
          {job.errors} file{job.errors === 1 ? '' : 's'} could not be read — see Problems
        </button>
      )}
    </div>
  );
}
