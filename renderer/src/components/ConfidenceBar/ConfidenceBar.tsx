import type { ReactElement } from 'react';
import { formatPercent } from '../../lib/format';
import styles from './ConfidenceBar.module.css';

export type ConfidenceTone = 'low' | 'mid' | 'high';

/** The three colour bands every confidence display shares. */
export function confidenceTone(value: number): ConfidenceTone {
  if (value < 0.5) return 'low';
  if (value < 0.8) return 'mid';
  return 'high';
}

export interface ConfidenceBarProps {
  readonly value: number | null;
  /** Audio unlike the training music: the number is shown with a warning mark. */
  readonly unfamiliar?: boolean;
  readonly className?: string;
}

export function ConfidenceBar({ value, unfamiliar = false, className }: ConfidenceBarProps): ReactElement {
  if (value === null) {
    return <span className={`${styles.none} ${className ?? ''}`}>—</span>;
  }
  const pct = Math.round(value * 100);
  const label = `Confidence ${formatPercent(value)}${unfamiliar ? ', unlike the training music' : ''}`;
  return (
    <span className={`${styles.wrap} ${className ?? ''}`} title={label}>
      <span
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className={styles.track}
      >
        <span className={`${styles.fill} ${styles[confidenceTone(value)]}`} style={{ width: `${Math.max(pct, 2)}%` }} />
      </span>
      <span className={styles.value} aria-hidden="true">
        {pct}%
      </span>
      {unfamiliar && (
        <span className={styles.unfamiliar} aria-hidden="true">
          ?
        </span>
      )}
    </span>
  );
}
