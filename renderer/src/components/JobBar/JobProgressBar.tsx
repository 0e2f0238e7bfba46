import type { ReactElement } from 'react';
import type { JobProgress } from '../../../../shared/api/types';
import { jobDetail, jobFraction, jobTitle } from './job-text';

/** The class names a place gives the bar: its track, its filled part, and the moving bar of an unknown total. */
export interface JobProgressBarClasses {
  readonly track: string | undefined;
  readonly fill: string | undefined;
  readonly indeterminate: string | undefined;
}

/**
 * A job's progress bar, named by the job's title and valued in percent; a job that does not know
 * its total yet shows a moving bar with no value. The job bar and the first-run screen draw it
 * in their own styles.
 */
export function JobProgressBar({
  job,
  classes,
}: {
  readonly job: JobProgress;
  readonly classes: JobProgressBarClasses;
}): ReactElement {
  const fraction = jobFraction(job);
  return (
    <div
      className={classes.track}
      role="progressbar"
      aria-label={jobTitle(job)}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      aria-valuetext={jobDetail(job)}
    >
      <div
        className={fraction === null ? classes.indeterminate : classes.fill}
        style={fraction === null ? undefined : { width: `${fraction * 100}%` }}
      />
    </div>
  );
}
