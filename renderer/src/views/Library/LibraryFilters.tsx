import { useEffect, useRef, useState, type ReactElement } from 'react';
import { MAX_SEARCH, searchText } from '../../../../shared/api/text-rules';
import type { TrackStatus } from '../../../../shared/api/types';
import { Button } from '../../components/Button/Button';
import { Icon } from '../../components/Icon/Icon';
import { STATUS_LABEL } from '../../components/StatusBadge/StatusBadge';
import { displayName } from '../../lib/genre-names';
import { CONFIDENCE_BANDS, hasFilters, type ConfidenceBand } from '../../lib/track-filters';
import { useLibrary } from '../../stores/library';
import { useSettings } from '../../stores/settings';
import { useTrackTable } from '../../stores/track-table';
import styles from './LibraryFilters.module.css';

/** Typing pauses this long before the table re-queries: one request per word, not per key. */
export const SEARCH_DEBOUNCE_MS = 150;

const STATUSES: readonly TrackStatus[] = [
  'review',
  'predicted',
  'decided',
  'skipped',
  'written',
  'new',
  'analysed',
  'error',
];

export function LibraryFilters(): ReactElement {
  const filters = useTrackTable((s) => s.filters);
  const setFilters = useTrackTable((s) => s.setFilters);
  const clearFilters = useTrackTable((s) => s.clearFilters);
  const stats = useLibrary((s) => s.stats);
  const names = useSettings((s) => s.settings?.displayNames);
  const [search, setSearch] = useState(filters.search);
  const searchRef = useRef<HTMLInputElement>(null);

  // Keep the box in step when filters are cleared from elsewhere.
  useEffect(() => setSearch(filters.search), [filters.search]);

  useEffect(() => {
    if (search === useTrackTable.getState().filters.search) return;
    const timer = setTimeout(() => setFilters({ search }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, setFilters]);

  // "/" focuses the search box, as in many desktop apps and web tools.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      if (e.key === '/' && target?.tagName !== 'INPUT' && target?.tagName !== 'TEXTAREA') {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const tagGenres = stats?.byGenre ?? [];
  const predicted = stats?.byPredicted ?? [];

  return (
    <div className={styles.bar} role="search" aria-label="Filter the library">
      <div className={styles.search}>
        <Icon name="search" size={16} className={styles.searchIcon} />
        <input
          ref={searchRef}
          type="search"
          className={styles.searchInput}
          placeholder="Search title, artist, album or path"
          aria-label="Search"
          value={search}
          maxLength={MAX_SEARCH}
          // A pasted tab or line break becomes a space: the API refuses control characters.
          onChange={(e) => setSearch(searchText(e.target.value))}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setSearch('');
          }}
        />
        <kbd className={styles.slash} aria-hidden="true">
          /
        </kbd>
      </div>
      <select
        aria-label="Genre in file"
        value={filters.genre}
        onChange={(e) => setFilters({ genre: e.target.value })}
        className={filters.genre ? styles.set : ''}
      >
        <option value="">Any genre in file</option>
        {tagGenres.map((g) => (
          <option key={g.key} value={g.key}>
            {g.key} ({g.count.toLocaleString()})
          </option>
        ))}
      </select>
      <select
        aria-label="Predicted genre"
        value={filters.predicted}
        onChange={(e) => setFilters({ predicted: e.target.value })}
        className={filters.predicted ? styles.set : ''}
      >
        <option value="">Any prediction</option>
        {predicted.map((g) => (
          <option key={g.key} value={g.key}>
            {displayName(g.key, names)} ({g.count.toLocaleString()})
          </option>
        ))}
      </select>
      <select
        aria-label="Confidence"
        value={filters.confidence}
        onChange={(e) => setFilters({ confidence: e.target.value as ConfidenceBand })}
        className={filters.confidence !== 'any' ? styles.set : ''}
      >
        {(Object.keys(CONFIDENCE_BANDS) as ConfidenceBand[]).map((band) => (
          <option key={band} value={band}>
            {CONFIDENCE_BANDS[band].label}
          </option>
        ))}
      </select>
      <select
        aria-label="Status"
        value={filters.status}
        onChange={(e) => setFilters({ status: e.target.value as TrackStatus | '' })}
        className={filters.status ? styles.set : ''}
      >
        <option value="">Any status</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABEL[s]}
          </option>
        ))}
      </select>
      {filters.artist && (
        <Button size="sm" icon="close" className={styles.chip} onClick={() => setFilters({ artist: '' })}>
          Artist: {filters.artist}
        </Button>
      )}
      {filters.album && (
        <Button size="sm" icon="close" className={styles.chip} onClick={() => setFilters({ album: '' })}>
          Album: {filters.album}
        </Button>
      )}
      {hasFilters(filters) && (
        <Button variant="ghost" size="sm" icon="close" onClick={clearFilters}>
          Clear
        </Button>
      )}
    </div>
  );
}
