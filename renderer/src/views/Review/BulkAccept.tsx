import { useState, type ReactElement } from 'react';
import type { AcceptPreview } from '../../../../shared/api/types';
import { acceptPreview } from '../../api/review';
import { Button } from '../../components/Button/Button';
import { formatCount, plural } from '../../lib/format';
import { displayName } from '../../lib/genre-names';
import { useAction } from '../../lib/use-action';
import { useLibrary } from '../../stores/library';
import { useReview } from '../../stores/review';
import { useSettings } from '../../stores/settings';
import styles from './ReviewView.module.css';

/**
 * Accepting every confident prediction at once, in two steps: first how many tracks and which
 * genres it would decide, then the user confirms (or goes back). Undo lives in the history.
 */
export function BulkAccept(): ReactElement {
  const acceptThreshold = useSettings((s) => s.settings?.acceptThreshold ?? 0.8);
  const names = useSettings((s) => s.settings?.displayNames);
  const [value, setValue] = useState<number | null>(null);
  const [preview, setPreview] = useState<(AcceptPreview & { threshold: number }) | null>(null);
  const { error, run } = useAction();
  const busy = useReview((s) => s.busy);
  const threshold = value ?? acceptThreshold;

  if (preview) {
    const { count, byGenre } = preview;
    return (
      <div className={styles.bulk} role="group" aria-label="Confirm bulk accept">
        <span className={styles.bulkSummary}>
          {count === 0 ? (
            `No undecided prediction is at ${Math.round(preview.threshold * 100)}% or more.`
          ) : (
            <>
              Accept {plural(count, 'track')}:{' '}
              <span className={styles.bulkGenres}>
                {byGenre.map((g) => `${displayName(g.key, names)} ${formatCount(g.count)}`).join(', ')}
              </span>
            </>
          )}
        </span>
        {count > 0 && (
          <Button
            size="sm"
            variant="primary"
            disabled={busy}
            onClick={() => {
              setPreview(null);
              void useReview
                .getState()
                .acceptAbove(preview.threshold)
                .then(() => useLibrary.getState().refresh());
            }}
          >
            Accept {formatCount(count)}
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={() => setPreview(null)}>
          {count > 0 ? 'Cancel' : 'Back'}
        </Button>
      </div>
    );
  }

  return (
    <form
      className={styles.bulk}
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => setPreview({ ...(await acceptPreview(threshold)), threshold }));
      }}
    >
      <label htmlFor="bulk-threshold">Accept every prediction at</label>
      <input
        id="bulk-threshold"
        type="number"
        min={50}
        max={100}
        step={1}
        value={Math.round(threshold * 100)}
        onChange={(e) => setValue(Math.min(100, Math.max(0, Number(e.target.value))) / 100)}
        className={styles.bulkInput}
      />
      <span>% or more</span>
      <Button type="submit" size="sm" disabled={busy}>
        Preview…
      </Button>
      {error && (
        <span className={styles.bulkError} role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
