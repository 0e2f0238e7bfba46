import { libraryMigration } from './001-library.js';
import { trackOrderIndexesMigration } from './006-track-order-indexes.js';
import { trackSearchMigration } from './009-track-search.js';
import { dropTrackOrderIndexesMigration } from './011-drop-track-order-indexes.js';
import { trackSearchDeferredMigration } from './014-track-search-deferred.js';
import { trackSearchWordsMigration } from './015-track-search-words.js';
import { trackSearchAccentsMigration } from './016-track-search-accents.js';
import type { Migration } from './types.js';

/**
 * The library stage's own schema steps: `roots`, `tracks`, `scan_errors`, `settings`, the text
 * search indexes over tracks (trigram, step 9, folding accents since step 16; words, step 15) and their
 * bulk fill (step 14); the
 * order indexes of step 6 were dropped by step 11. Other stages own their tables and export their steps beside their queries
 * (core/analysis/schema.ts, core/prediction/schema.ts, core/review/schema.ts,
 * core/tags/schema.ts); core/service/library-schema.ts puts them all in one version order.
 * Never edit a released step: append a new file with the next free version.
 */
export const LIBRARY_MIGRATIONS: readonly Migration[] = [
  libraryMigration,
  trackOrderIndexesMigration,
  trackSearchMigration,
  dropTrackOrderIndexesMigration,
  trackSearchDeferredMigration,
  trackSearchWordsMigration,
  trackSearchAccentsMigration,
];

export type { Migration } from './types.js';
