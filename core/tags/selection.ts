import type { Database } from 'better-sqlite3';
import type { TagChange, TagWriteOptions, TagWritePlan } from '../../shared/api/types.js';
import { getSettings } from '../library/settings.js';
import { TRACK_COLUMNS, trackFromRow, type TrackColumns } from '../library/tracks.js';
import {
  CURRENT_PREDICTION_COLUMNS,
  CURRENT_PREDICTION_JOIN,
  currentFromRow,
  type CurrentPredictionColumns,
} from '../prediction/current.js';
import { DECISION_COLUMNS, DECISION_JOIN, decisionFromRow, type DecisionColumns } from '../decisions/decisions.js';
import { isConfident } from '../review/needs-review.js';
import type { WriteItem } from './write-item.js';
import { planGenreChange } from './modes.js';
import { genreWriteNames } from './write-names.js';

type Candidate = TrackColumns & DecisionColumns & CurrentPredictionColumns & { scan_fingerprint: string | null };

export interface WriteSelection {
  readonly items: WriteItem[];
  readonly changes: TagChange[];
  /** Present tracks considered but left alone (nothing decided or confident, or no change). */
  readonly skipped: number;
}

/**
 * What a tag-write batch would write: for every present track, the decided genre (accept,
 * choose; a keep decision leaves the file's values as they are) or, unless only decided tracks
 * are asked for, the current prediction when it is confident at the minimum confidence (the
 * model's half of the review rule, needs-review.ts: at or above it and not unlike the training
 * music; write-tags documents exactly this). Skip decisions are never written. Each genre is
 * written with its one spelling (write-names.ts: display names for our genres, the user's most
 * used spelling for theirs). The mode then decides
 * the final list for each file (modes.ts).
 */
export function selectTagWrites(db: Database, options: TagWriteOptions): WriteSelection {
  const settings = getSettings(db);
  const minConfidence = options.minConfidence ?? settings.acceptThreshold;
  const writeName = genreWriteNames(db, settings);
  const rows = db
    .prepare(
      `SELECT ${TRACK_COLUMNS}, t.fingerprint AS scan_fingerprint, ${DECISION_COLUMNS}, ${CURRENT_PREDICTION_COLUMNS}
         FROM tracks t ${DECISION_JOIN} ${CURRENT_PREDICTION_JOIN}
        WHERE t.status = 'present'
        ORDER BY t.path`,
    )
    .all() as Candidate[];
  const items: WriteItem[] = [];
  const changes: TagChange[] = [];
  let skipped = 0;
  for (const row of rows) {
    const track = trackFromRow(row);
    const decision = decisionFromRow(row);
    const prediction = currentFromRow(row);
    let genre: string | null = null;
    if (decision !== null) {
      // keep: the file's own genre values stay exactly as they are (all of them), so nothing to write.
      genre = decision.action === 'skip' || decision.action === 'keep' ? null : decision.genre;
    } else if (!options.onlyDecided && prediction !== null && isConfident(prediction, minConfidence)) {
      genre = prediction.genre;
    }
    const current = [...track.genres];
    const next = genre === null ? null : planGenreChange(current, [writeName(genre)], options.mode);
    if (next === null) {
      skipped++;
      continue;
    }
    items.push({
      trackId: track.id,
      path: track.path,
      expectedSize: track.size,
      expectedMtimeMs: track.mtimeMs,
      expectedFingerprint: row.scan_fingerprint,
      genres: next,
    });
    changes.push({ trackId: track.id, path: track.path, before: current, after: next });
  }
  return { items, changes, skipped };
}

export function planTagWrites(db: Database, options: TagWriteOptions): TagWritePlan {
  const { changes, skipped } = selectTagWrites(db, options);
  return { changes, skipped };
}
