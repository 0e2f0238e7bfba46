import type { ReactElement } from 'react';
import { UPDATING } from '../../lib/format';
import styles from './UpdatingMark.module.css';

export interface UpdatingMarkProps {
  /** Hidden from assistive technology when the control's own name already says it. */
  readonly hidden?: boolean;
}

/**
 * "Updating…" beside a review count that is as it stood before a re-learn or a new threshold still
 * being worked in: marked as the sidebar's stale badge is.
 */
export function UpdatingMark({ hidden = false }: UpdatingMarkProps): ReactElement {
  return (
    <span className={styles.mark} aria-hidden={hidden || undefined}>
      {UPDATING}
    </span>
  );
}
