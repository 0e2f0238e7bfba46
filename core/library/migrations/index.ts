import { libraryMigration } from './001-library.js';
import { analysisMigration } from './002-analysis.js';
import { predictionsMigration } from './003-predictions.js';
import { decisionsMigration } from './004-decisions.js';
import { tagJournalMigration } from './005-tag-journal.js';
import { trackOrderIndexesMigration } from './006-track-order-indexes.js';
import type { Migration } from './types.js';

/**
 * Every schema step in order. Later features (analyses, predictions, decisions, the tag-write
 * journal) append their own file here rather than editing an earlier one.
 */
export const MIGRATIONS: readonly Migration[] = [
  libraryMigration,
  analysisMigration,
  predictionsMigration,
  decisionsMigration,
  tagJournalMigration,
  trackOrderIndexesMigration,
];

export type { Migration } from './types.js';
