import type { ReactElement } from 'react';
import { Button } from '../../components/Button/Button';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { useNavigation } from '../../stores/navigation';
import { useReview } from '../../stores/review';

/** What the review screen shows with no track to review: no music yet, or the queue is done. */
export function ReviewEmpty({
  trackCount,
  decidedCount,
}: {
  readonly trackCount: number;
  readonly decidedCount: number;
}): ReactElement {
  const go = useNavigation((s) => s.go);
  const done = decidedCount > 0;
  return trackCount === 0 ? (
    <EmptyState
      icon="review"
      title="No music yet"
      action={
        <Button variant="primary" icon="folder" onClick={() => go('welcome')}>
          Add a music folder
        </Button>
      }
    >
      Once your music is analysed, the tracks the model is unsure about wait here for you.
    </EmptyState>
  ) : (
    <EmptyState
      icon="review"
      title={done ? 'Queue cleared — nice work' : 'Nothing to review'}
      action={
        <>
          <Button variant="primary" icon="write" onClick={() => go('write')}>
            Write genres to files
          </Button>
          {done && (
            <Button onClick={() => void useReview.getState().load()} icon="refresh">
              Check again
            </Button>
          )}
        </>
      }
    >
      {done
        ? `You made ${decidedCount} decision${decidedCount === 1 ? '' : 's'}. Nothing is in your files yet: write them when you are ready, and undo any time.`
        : 'Every analysed track has a confident prediction that agrees with its tag, or has been decided. New tracks appear here after analysis.'}
    </EmptyState>
  );
}
