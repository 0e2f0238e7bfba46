import type { Database } from 'better-sqlite3';
import type { ReviewItem, ReviewQuery } from '../../shared/api/types.js';
import { getSetting } from '../library/settings.js';
import { TRACK_COLUMNS, trackFromRow, type TrackColumns } from '../library/tracks.js';
import { CURRENT_PREDICTION_COLUMNS, currentFromRow, type CurrentPredictionColumns } from '../prediction/current.js';
import { DECISION_JOIN } from './decisions.js';
import { prepareReviewSql, REVIEW_REASON_SQL } from './needs-review.js';

type QueueRow = TrackColumns & CurrentPredictionColumns & { reason: ReviewItem['reason'] };

export interface ReviewQueuePage {
  readonly total: number;
  readonly items: ReviewItem[];
}

/**
 * The review queue: undecided present tracks whose prediction is below the threshold or unlike
 * the training music, plus confident predictions that disagree with the file's current tag.
 * Least confident first — the decisions that teach a personal model the most come first. The
 * rule (needs-review.ts) runs in SQL, so a page of a 100,000-track queue costs one indexed pass,
 * not a scan in JavaScript.
 */
export function reviewQueue(db: Database, query: ReviewQuery = {}): ReviewQueuePage {
  prepareReviewSql(db);
  const params: Record<string, string | number> = { reviewThreshold: query.below ?? getSetting(db, 'reviewThreshold') };
  const clauses = ["t.status = 'present'", 'd.track_id IS NULL'];
  if (query.genre) {
    clauses.push('p.genre = @genre');
    params.genre = query.genre;
  }
  if (query.artist) {
    clauses.push('(t.artist = @artist COLLATE NOCASE OR t.album_artist = @artist COLLATE NOCASE)');
    params.artist = query.artist;
  }
  if (query.folder) {
    params.folder = query.folder.endsWith('/') ? query.folder : `${query.folder}/`;
    clauses.push('substr(t.path, 1, length(@folder)) = @folder');
  }
  const reason = REVIEW_REASON_SQL;
  const from = `FROM current_predictions p JOIN tracks t ON t.id = p.track_id ${DECISION_JOIN}
    WHERE ${clauses.join(' AND ')} AND (${reason}) IS NOT NULL`;
  const total = db.prepare(`SELECT count(*) ${from}`).pluck().get(params) as number;
  const limit = query.limit ?? -1;
  const rows = db
    .prepare(
      `SELECT ${TRACK_COLUMNS}, ${CURRENT_PREDICTION_COLUMNS}, ${reason} AS reason
         ${from}
        ORDER BY p.confidence ASC, p.unfamiliar DESC, t.id ASC
        LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit, offset: query.offset ?? 0 }) as QueueRow[];
  const items = rows.flatMap((row): ReviewItem[] => {
    const t = trackFromRow(row);
    const p = currentFromRow(row);
    if (!p) return [];
    return [
      {
        id: t.id,
        path: t.path,
        title: t.title,
        artist: t.artist,
        predicted: p.genre,
        confidence: p.confidence,
        current: t.genres,
        source: p.source,
        unfamiliar: p.unfamiliar,
        reason: row.reason,
      },
    ];
  });
  return { total, items };
}
