import type { ReactElement } from 'react';
import { Button } from '../../components/Button/Button';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { Notice } from '../../components/Notice/Notice';
import { PageHeader } from '../../components/PageHeader/PageHeader';
import { ReviewButton } from '../../components/ReviewButton/ReviewButton';
import { formatCount, formatLongDuration, UPDATING } from '../../lib/format';
import { hasFilters } from '../../lib/track-filters';
import { useLibrary } from '../../stores/library';
import { useNavigation } from '../../stores/navigation';
import { useTrackTable } from '../../stores/track-table';
import { LibraryFilters } from './LibraryFilters';
import { SelectionBar } from './SelectionBar';
import { TrackDetailPanel } from './TrackDetailPanel';
import { TrackTable } from './TrackTable';
import styles from './LibraryView.module.css';

export function LibraryView(): ReactElement {
  const stats = useLibrary((s) => s.stats);
  const trackCount = useLibrary((s) => s.trackCount);
  const loaded = useLibrary((s) => s.loaded);
  const go = useNavigation((s) => s.go);
  const total = useTrackTable((s) => s.total);
  const updating = useTrackTable((s) => s.updating) || stats?.updating === true;
  const filters = useTrackTable((s) => s.filters);
  const error = useTrackTable((s) => s.error);
  const clearFilters = useTrackTable((s) => s.clearFilters);
  const selectedId = useTrackTable((s) => s.selectedId);
  const filtered = hasFilters(filters);
  // Until the folders answered (the table's first page may come first), the unfiltered total is the count.
  const libraryTracks = stats?.tracks ?? (loaded || filtered ? trackCount : (total ?? trackCount));

  if (loaded && trackCount === 0 && (stats?.tracks ?? 0) === 0) {
    return (
      <div className={styles.view}>
        <PageHeader title="Library" />
        <EmptyState
          icon="library"
          title="Your library is empty"
          action={
            <Button variant="primary" icon="folder" onClick={() => go('welcome')}>
              Add a music folder
            </Button>
          }
        >
          Add the folder that holds your music. Genrewise reads its tags first, then analyses the audio in the
          background.
        </EmptyState>
      </div>
    );
  }

  const description = `${formatCount(libraryTracks)} tracks${stats ? ` · ${formatLongDuration(stats.durationSec)}` : ''}${filtered && total !== null ? ` · ${formatCount(total)} match the filters` : ''}${updating ? ` · ${UPDATING}` : ''}`;

  return (
    <div className={styles.view}>
      <PageHeader
        title="Library"
        description={description}
        actions={
          stats && stats.reviewQueue > 0 ? <ReviewButton count={stats.reviewQueue} updating={updating} /> : undefined
        }
      />
      <LibraryFilters />
      <SelectionBar />
      {error && (
        <Notice
          tone="bad"
          title="The library could not be loaded"
          className={styles.notice}
          action={
            <Button size="sm" onClick={() => void useTrackTable.getState().reload()}>
              Retry
            </Button>
          }
        >
          {error}
        </Notice>
      )}
      <div className={styles.body}>
        <div className={styles.tableWrap}>
          {total === 0 && filtered ? (
            <EmptyState
              icon="search"
              title="No tracks match"
              action={<Button onClick={clearFilters}>Clear filters</Button>}
            >
              Try fewer filters, or a shorter search.
            </EmptyState>
          ) : (
            <TrackTable />
          )}
        </div>
        {selectedId !== null && <TrackDetailPanel id={selectedId} />}
      </div>
    </div>
  );
}
