import type { ReactElement } from 'react';
import type { TrackDetail } from '../../../../shared/api/types';
import { formatDuration } from '../../lib/format';
import styles from './TrackDetailPanel.module.css';

/** Each analysed window's own prediction, where there are several. */
export function AnalysedParts({
  windows,
  nameOf,
}: {
  readonly windows: TrackDetail['windows'];
  readonly nameOf: (genre: string) => string;
}): ReactElement {
  return (
    <div className={styles.section}>
      <h3 className={styles.sectionTitle}>Analysed parts</h3>
      <ul className={styles.windows}>
        {windows.map((w) => (
          <li key={w.startSec}>
            <span>
              {formatDuration(w.startSec)}–{formatDuration(w.startSec + w.durationSec)}
            </span>
            <span>{nameOf(w.genre)}</span>
            <span className={styles.muted}>{Math.round(w.confidence * 100)}%</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
