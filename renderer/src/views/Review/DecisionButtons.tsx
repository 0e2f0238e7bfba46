import type { ReactElement } from 'react';
import { Button } from '../../components/Button/Button';
import { useReview } from '../../stores/review';
import styles from './ReviewView.module.css';

/** Accept the prediction, keep the file's tag, or skip: the decisions that need no genre named. */
export function DecisionButtons({
  predictedName,
  busy,
  hasTag,
}: {
  readonly predictedName: string;
  readonly busy: boolean;
  readonly hasTag: boolean;
}): ReactElement {
  return (
    <div className={styles.decide}>
      <Button
        variant="primary"
        icon="check"
        shortcut="Enter"
        disabled={busy}
        onClick={() => void useReview.getState().decide({ action: 'accept' })}
      >
        Accept {predictedName}
      </Button>
      <Button
        shortcut="K"
        disabled={busy || !hasTag}
        onClick={() => void useReview.getState().decide({ action: 'keep' })}
        title={hasTag ? undefined : 'The file has no genre to keep'}
      >
        Keep tag
      </Button>
      <Button
        variant="ghost"
        shortcut="S"
        disabled={busy}
        onClick={() => void useReview.getState().decide({ action: 'skip' })}
      >
        Skip
      </Button>
    </div>
  );
}
