import type { ReactElement } from 'react';
import type { JobProgress, RootInfo } from '../../../../shared/api/types';
import { Button } from '../../components/Button/Button';
import { Icon } from '../../components/Icon/Icon';
import { Notice } from '../../components/Notice/Notice';
import { ReviewButton } from '../../components/ReviewButton/ReviewButton';
import { useLibrary } from '../../stores/library';
import { useNavigation } from '../../stores/navigation';
import { RunningJob } from './RunningJob';
import styles from './FirstRunView.module.css';

interface FirstRunProgressProps {
  readonly roots: readonly RootInfo[];
  /** The scan and analysis jobs still running. */
  readonly running: readonly JobProgress[];
  readonly tracks: number;
  readonly toReview: number;
  /** `toReview` is as it stood before a re-learn that is still being worked in. */
  readonly updating: boolean;
  readonly ready: boolean;
}

/** After the first folder: its scan and analysis as they run, then the way on. */
export function FirstRunProgress({
  roots,
  running,
  tracks,
  toReview,
  updating,
  ready,
}: FirstRunProgressProps): ReactElement {
  const scanAndAnalyse = useLibrary((s) => s.scanAndAnalyse);
  const go = useNavigation((s) => s.go);
  return (
    <div className={styles.progressCard}>
      {roots.map((r) => (
        <div key={r.id} className={styles.root}>
          <Icon name="folder" size={16} />
          <code>{r.path}</code>
        </div>
      ))}
      {running.length > 0 ? (
        running.map((job) => <RunningJob key={job.id} job={job} />)
      ) : tracks === 0 ? (
        <Notice
          tone="warn"
          title="No music found yet"
          action={
            <Button size="sm" icon="refresh" onClick={() => void scanAndAnalyse()}>
              Scan again
            </Button>
          }
        >
          The folder holds no audio files Genrewise can read, or the scan has not run. Check the path in Settings, or
          scan again.
        </Notice>
      ) : null}
      <div className={styles.actions}>
        {/* The first run ends on what needs the user: the tracks waiting for a decision. */}
        {ready && toReview > 0 && <ReviewButton count={toReview} updating={updating} />}
        <Button
          variant={tracks > 0 && !(ready && toReview > 0) ? 'primary' : 'secondary'}
          onClick={() => go('library')}
          disabled={tracks === 0}
        >
          {tracks > 0 ? `Browse ${tracks.toLocaleString()} tracks` : 'Browse the library'}
        </Button>
        <Button variant="ghost" onClick={() => go('settings')}>
          Library folders…
        </Button>
      </div>
    </div>
  );
}
