import type { ReactElement } from 'react';
import type { TrackStatus } from '../../../../shared/api/types';
import styles from './StatusBadge.module.css';

export const STATUS_LABEL: Readonly<Record<TrackStatus, string>> = {
  new: 'Not analysed',
  analysed: 'Analysed',
  predicted: 'Predicted',
  review: 'To review',
  decided: 'Decided',
  skipped: 'Skipped',
  written: 'Written',
  error: 'Error',
  gone: 'Missing',
};

export const STATUS_HELP: Readonly<Record<TrackStatus, string>> = {
  new: 'Scanned; the audio has not been analysed yet.',
  analysed: 'Analysed, but no model is active to predict a genre.',
  predicted: 'A confident prediction that agrees with the file; nothing to do.',
  review: 'Needs your decision: low confidence, unusual audio, or it disagrees with the file’s tag.',
  decided: 'Settled by you or a bulk accept; not written to the file yet.',
  skipped: 'You skipped it: out of the review queue, nothing will be written. Choose a genre any time.',
  written: 'The decided genre is in the file.',
  error: 'The file could not be read or analysed; see Problems.',
  gone: 'The file is no longer where it was scanned.',
};

export function StatusBadge({ status }: { readonly status: TrackStatus }): ReactElement {
  return (
    <span className={`${styles.badge} ${styles[status]}`} title={STATUS_HELP[status]}>
      {STATUS_LABEL[status]}
    </span>
  );
}
