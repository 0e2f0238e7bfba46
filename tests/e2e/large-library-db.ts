import { ANALYZER_VERSION } from '../../shared/features';
import { DEFAULT_DISPLAY_NAMES, GTZAN_GENRES } from '../../shared/genres';
import { openLibrary } from '../../core/service/library-schema';
import { WINDOW_POLICY_ID } from '../../core/analysis/windows';
import { refreshTrackList } from '../../core/review/track-list';
import { buildLargeLibrary as generate, type LargeLibrary } from '../../scripts/bench/lib/large-library.js';

export type { LargeLibrary };

/**
 * The query bench's generated library (scripts/bench/lib/large-library.js) written into a
 * database opened through openLibrary (so the schema is the real, migrated one), with the
 * library table's rows derived as every read would: what a large analysed library looks like to
 * the table, without decoding 100,000 files.
 */
export function buildLargeLibrary(path: string, n = 100_000): LargeLibrary {
  const db = openLibrary(path);
  try {
    const library = generate(db, {
      tracks: n,
      vocabulary: {
        genres: GTZAN_GENRES,
        displayNames: DEFAULT_DISPLAY_NAMES,
        analyzerVersion: ANALYZER_VERSION,
        windowPolicy: WINDOW_POLICY_ID,
      },
    });
    refreshTrackList(db);
    return library;
  } finally {
    db.close();
  }
}
