import type { ReactElement } from 'react';
import { plural, UPDATING } from '../../lib/format';
import { useNavigation } from '../../stores/navigation';
import { Button } from '../Button/Button';
import { UpdatingMark } from '../UpdatingMark/UpdatingMark';

export interface ReviewButtonProps {
  /** Tracks in the review queue. */
  readonly count: number;
  /** The count is as it stood before a re-learn or a new threshold that is still being worked in. */
  readonly updating: boolean;
}

/**
 * "Review N tracks": opens the review queue. While the library is being brought up to date it
 * says Updating… beside the count, marked and named as the sidebar's review badge is.
 */
export function ReviewButton({ count, updating }: ReviewButtonProps): ReactElement {
  const go = useNavigation((s) => s.go);
  const label = `Review ${plural(count, 'track')}`;
  return (
    <Button
      variant="primary"
      icon="review"
      onClick={() => go('review')}
      aria-label={updating ? `${label}, ${UPDATING}` : undefined}
    >
      {label}
      {updating && <UpdatingMark hidden />}
    </Button>
  );
}
