import { ANALYZER_VERSION } from '../../shared/features';
import { DEFAULT_DISPLAY_NAMES, GTZAN_GENRES } from '../../shared/genres';
import { openLibrary } from '../../core/service/library-schema';
import { WINDOW_POLICY_ID } from '../../core/analysis/windows';
import { refreshReviewOrder } from '../../core/review/review-order';
import { buildLargeLibrary as generate, type LargeLibrary } from '../../scripts/bench/lib/large-library.js';

export type { LargeLibrary };

/**
 * The query bench's generated library (scripts/bench/lib/large-library.js) written into a
 * database opened through openLibrary (so the schema is the real, migrated one), with the
 * library table's rows and the review queue's order derived as a CLI read would (so `serve`
 * starts with nothing to refresh in the background): what a large analysed library looks like
 * to the table, without decoding 100,000 files.
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
    refreshReviewOrder(db);
    return library;
  } finally {
    db.close();
  }
}
