import type { ReactElement } from 'react';
import type { TrackDetail } from '../../../../shared/api/types';
import { Notice } from '../../components/Notice/Notice';
import styles from './TrackDetailPanel.module.css';

/**
 * The review queue also holds confident predictions the file's tag contradicts: true for those,
 * since the confidence sentence alone would not explain why the track waits for a decision.
 */
export function disagreesWithTag(detail: TrackDetail, inFile: readonly string[], reviewThreshold: number): boolean {
  return (
    detail.status === 'review' &&
    detail.predicted !== null &&
    !detail.unfamiliar &&
    detail.genres.length > 0 &&
    !inFile.includes(detail.predicted) &&
    (detail.confidence ?? 0) >= reviewThreshold
  );
}

interface TrackReasonProps {
  readonly detail: TrackDetail;
  readonly disagrees: boolean;
  readonly nameOf: (genre: string) => string;
}

/** Why the track needs a look, when it does. */
export function TrackReason({ detail, disagrees, nameOf }: TrackReasonProps): ReactElement | null {
  if (!detail.reason && !disagrees) return null;
  const contradiction =
    disagrees && detail.predicted
      ? `The model hears ${nameOf(detail.predicted)}, but the file says ${detail.genres.join('; ')}.`
      : null;
  return (
    <Notice
      tone={detail.unfamiliar || disagrees ? 'warn' : 'info'}
      className={styles.reason}
      title={disagrees ? 'Disagrees with the file’s tag' : undefined}
    >
      {[detail.reason, contradiction].filter(Boolean).join(' ')}
    </Notice>
  );
}
