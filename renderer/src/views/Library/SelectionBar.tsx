import { useState, type ReactElement } from 'react';
import { clearDecisions, decideMany } from '../../api/review';
import { Button } from '../../components/Button/Button';
import { GenrePicker } from '../../components/GenrePicker/GenrePicker';
import { formatCount, plural } from '../../lib/format';
import { genreSuggestions } from '../../lib/genre-suggestions';
import { toTrackQuery } from '../../lib/track-filters';
import { useAction } from '../../lib/use-action';
import { useLibrary } from '../../stores/library';
import { activeModel, useSettings } from '../../stores/settings';
import { selectedCount, useSelection } from '../../stores/track-selection';
import { useTrackTable } from '../../stores/track-table';
import styles from './LibraryView.module.css';

/** What to do with the tracks picked in the table: one genre for all of them, or no decision. */
export function SelectionBar(): ReactElement | null {
  const ids = useSelection((s) => s.ids);
  const allMatching = useSelection((s) => s.allMatching);
  const total = useTrackTable((s) => s.total) ?? 0;
  const filters = useTrackTable((s) => s.filters);
  const sort = useTrackTable((s) => s.sort);
  const models = useSettings((s) => s.models);
  const names = useSettings((s) => s.settings?.displayNames);
  const tagGenres = useLibrary((s) => s.stats?.byGenre);
  const action = useAction();
  const { busy, error } = action;
  // What the last change did; a failure is `error` instead, and leaves the tracks selected.
  const [message, setMessage] = useState<string | null>(null);
  const count = allMatching ? total : selectedCount({ ids });
  if (count === 0 && !message && !error) return null;

  const run = (change: () => Promise<string>): Promise<boolean> =>
    action.run(async () => {
      setMessage(await change());
      useSelection.getState().clear();
      void useTrackTable.getState().reload();
      void useLibrary.getState().refresh();
    });

  const chosen = Object.keys(ids).map(Number);
  const { sort: _s, descending: _d, ...query } = toTrackQuery(filters, sort);
  const setGenre = (genre: string): Promise<boolean> =>
    run(async () => {
      const { decided } = await decideMany(
        allMatching
          ? { query, decision: { action: 'choose', genre } }
          : { ids: chosen, decision: { action: 'choose', genre } },
      );
      return `${genre} set for ${plural(decided, 'track')}.`;
    });

  return (
    <div className={styles.selectionBar} role="region" aria-label="Selected tracks">
      {count === 0 ? (
        <span role="status">{error ?? message}</span>
      ) : (
        <>
          <span className={styles.selectionCount} role="status">
            {allMatching ? `All ${formatCount(count)} matching tracks` : `${plural(count, 'track')} selected`}
          </span>
          <GenrePicker
            label="Genre for all of them"
            submitLabel={`Set for ${formatCount(count)}`}
            suggestions={genreSuggestions(activeModel(models)?.genres ?? [], tagGenres ?? [], names)}
            onChoose={(genre) => void setGenre(genre)}
            disabled={busy}
          />
          {!allMatching && (
            <Button
              size="sm"
              variant="ghost"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const { cleared } = await clearDecisions(chosen);
                  return `Cleared the decisions of ${plural(cleared, 'track')}.`;
                })
              }
            >
              Clear decisions
            </Button>
          )}
          {!allMatching && total > count && (
            <Button size="sm" variant="ghost" onClick={() => useSelection.getState().selectAllMatching()}>
              Select all {formatCount(total)} matching
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={() => useSelection.getState().clear()}>
            Cancel
          </Button>
          {error && (
            <span className={styles.selectionError} role="alert">
              {error}
            </span>
          )}
        </>
      )}
    </div>
  );
}
