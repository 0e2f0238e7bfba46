import type { ReactElement } from 'react';
import { confidenceTone } from '../../components/ConfidenceBar/ConfidenceBar';
import { formatCount, formatPercent } from '../../lib/format';
import styles from './Charts.module.css';

export interface ConfidenceHistogramProps {
  /** Ten bins: [0, 0.1) … [0.9, 1]. */
  readonly bins: readonly number[];
  readonly reviewThreshold: number | null;
}

export function ConfidenceHistogram({ bins, reviewThreshold }: ConfidenceHistogramProps): ReactElement {
  const max = Math.max(1, ...bins);
  const total = bins.reduce((a, b) => a + b, 0);
  const below =
    reviewThreshold === null
      ? null
      : bins.reduce((sum, n, i) => ((i + 1) / 10 <= reviewThreshold + 1e-9 ? sum + n : sum), 0);
  return (
    <div>
      <div
        className={styles.histogram}
        role="img"
        aria-label={`Confidence of ${formatCount(total)} predictions in ten bins: ${bins.map((n, i) => `${i * 10}–${i * 10 + 10}%: ${n}`).join(', ')}`}
      >
        {bins.map((n, i) => (
          <div key={i} className={styles.binCol} title={`${i * 10}–${i * 10 + 10}%: ${formatCount(n)} tracks`}>
            <span className={styles.binCount}>{n ? formatCount(n) : ''}</span>
            <div
              className={`${styles.bin} ${styles[confidenceTone(i / 10 + 0.05)]}`}
              style={{ height: `${(n / max) * 100}%` }}
            />
          </div>
        ))}
        {reviewThreshold !== null && (
          <div className={styles.threshold} style={{ left: `${reviewThreshold * 100}%` }}>
            <span>review below {formatPercent(reviewThreshold)}</span>
          </div>
        )}
      </div>
      <div className={styles.binAxis} aria-hidden="true">
        {[0, 20, 40, 60, 80, 100].map((p) => (
          <span key={p} style={{ left: `${p}%` }}>
            {p}%
          </span>
        ))}
      </div>
      {below !== null && total > 0 && (
        <p className={styles.caption}>
          {formatPercent(below / total)} of predictions fall below the review threshold (tracks whose tag disagrees are
          reviewed too).
        </p>
      )}
    </div>
  );
}
