import type { ReactElement } from 'react';
import { Button } from '../../components/Button/Button';
import { formatCount } from '../../lib/format';
import { useReview } from '../../stores/review';
import styles from './ReviewView.module.css';

/** Previous and next, where the session is in the queue, and how much of it is decided. */
export function ReviewNav({
  index,
  itemCount,
  decidedCount,
}: {
  readonly index: number;
  readonly itemCount: number;
  readonly decidedCount: number;
}): ReactElement {
  return (
    <div className={styles.navRow}>
      <Button
        variant="ghost"
        size="sm"
        icon="left"
        onClick={() => useReview.getState().move(-1)}
        disabled={index === 0}
        aria-label="Previous track (←)"
        title="Previous (←)"
      />
      <span className={styles.position} aria-live="polite">
        Track {formatCount(index + 1)} of {formatCount(Math.max(itemCount, index + 1))}
        {decidedCount > 0 && <span className={styles.muted}> · {formatCount(decidedCount)} decided this session</span>}
      </span>
      <Button
        variant="ghost"
        size="sm"
        icon="right"
        onClick={() => useReview.getState().move(1)}
        aria-label="Next track (→)"
        title="Next (→)"
      />
      {decidedCount > 0 && (
        <div className={styles.sessionBar} aria-hidden="true">
          <div style={{ width: `${itemCount ? (decidedCount / itemCount) * 100 : 0}%` }} />
        </div>
      )}
    </div>
  );
}
