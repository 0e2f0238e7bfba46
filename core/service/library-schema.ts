import { ANALYSIS_MIGRATIONS } from '../analysis/schema.js';
import { openDatabase, orderMigrations, type Database, type OpenDatabaseOptions } from '../library/db.js';
import { LIBRARY_MIGRATIONS, type Migration } from '../library/migrations/index.js';
import { PREDICTION_MIGRATIONS } from '../prediction/schema.js';
import { DECISIONS_MIGRATIONS } from '../decisions/schema.js';
import { REVIEW_MIGRATIONS } from '../review/schema.js';
import { TAGS_MIGRATIONS } from '../tags/schema.js';

/**
 * The whole library schema, in one global version order. Each table has one owner, the stage
 * whose concept it is, which keeps the table's migration beside its queries and row type:
 *
 *   roots, tracks, scan_errors, settings          core/library (migrations/, tracks.ts, roots.ts, settings.ts)
 *   tracks_search, tracks_words (text search)     core/library (migrations 9, 14, 15, 16, track-search-fill.ts)
 *   analyses, analysis_windows                    core/analysis (schema.ts, store.ts)
 *   models, predictions, current_predictions      core/prediction (schema.ts, store.ts, models.ts, current.ts)
 *   decisions, decision_log                       core/decisions (schema.ts, decisions.ts)
 *   track_list, track_list_tags (+ dirty, rule)   core/review (schema.ts, track-list.ts, track-query.ts)
 *   tag_write_batches, tag_write_entries          core/tags (schema.ts, journal.ts)
 *
 * The list lives here because the service is the first stage that may import every owner (the
 * layer rule forbids the library from knowing later stages). Hosts (CLI, server, Electron main)
 * and tests open a library through openLibrary below, never with a partial list. Versions are
 * global and never reused: databases created before the tables moved to their owners recorded
 * versions 1–6 under the same names, so they open without re-running anything
 * (tests/library/schema-upgrade.test.ts).
 */
export const LIBRARY_SCHEMA: readonly Migration[] = orderMigrations([
  ...LIBRARY_MIGRATIONS,
  ...ANALYSIS_MIGRATIONS,
  ...PREDICTION_MIGRATIONS,
  ...DECISIONS_MIGRATIONS,
  ...REVIEW_MIGRATIONS,
  ...TAGS_MIGRATIONS,
]);

/** Opens (creating if needed) the library database with the full schema, upgrading an older one. */
export function openLibrary(path: string, options: OpenDatabaseOptions = {}): Database {
  return openDatabase(path, LIBRARY_SCHEMA, options);
}
