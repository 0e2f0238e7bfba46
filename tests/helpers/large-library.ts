import { ANALYZER_VERSION } from '../../shared/features.js';
import { DEFAULT_DISPLAY_NAMES, GTZAN_GENRES } from '../../shared/genres.js';
import { WINDOW_POLICY_ID } from '../../core/analysis/windows.js';
import type { Database } from '../../core/library/db.js';
import { buildLargeLibrary, type LargeLibrary } from '../../scripts/bench/lib/large-library.js';

/**
 * The query bench's generated library (scripts/bench/lib/large-library.js) of `tracks` tracks in
 * an open test library, with the app's own genres and analyser: tags, analyses, predictions,
 * decisions, errors, gone and untagged files, every status present.
 */
export function generateLibrary(db: Database, tracks: number): LargeLibrary {
  return buildLargeLibrary(db, {
    tracks,
    vocabulary: {
      genres: GTZAN_GENRES,
      displayNames: DEFAULT_DISPLAY_NAMES,
      analyzerVersion: ANALYZER_VERSION,
      windowPolicy: WINDOW_POLICY_ID,
    },
  });
}
