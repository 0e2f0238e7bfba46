import type { Database } from 'better-sqlite3';
import type { ReviewItem, ReviewQuery } from '../../shared/api/types.js';
import { getSetting } from '../library/settings.js';
import { TRACK_COLUMNS, trackFromRow, type TrackColumns } from '../library/tracks.js';
import { CURRENT_PREDICTION_COLUMNS, currentFromRow, type CurrentPredictionColumns } from '../prediction/current.js';
import { DECISION_JOIN } from '../decisions/decisions.js';
import { prepareReviewSql, REVIEW_REASON_SQL } from './needs-review.js';
import { teachingOrderLazily } from './teaching-order.js';
import { readFoundStale, refreshesInBackground, refreshForRead } from './refresh-mode.js';
import { readTeachingRows, TEACHING_SETTLING, teachingTracks, type TeachingRow } from './teaching-rows.js';
import { storedReviewOrder } from './review-order.js';

type QueueRow = TrackColumns & CurrentPredictionColumns & { reason: ReviewItem['reason'] };

export interface ReviewQueuePage {
  readonly total: number;
  readonly items: ReviewItem[];
  /** The stored order or statuses are still being brought up to date (refresh-mode.ts). */
  readonly updating?: true;
}

/**
 * The `queued` tracks in teaching order (teaching-order.ts), computed over every present track with
 * a prediction or a decision: for a queue narrowed by a filter or another threshold, which
 * review_order (review-order.ts) does not keep.
 */
function* teachingQueue(db: Database, queued: ReadonlySet<number>): Generator<number> {
  const rows = readTeachingRows(db);
  const tracks = teachingTracks(rows, (row) => queued.has(row[0]));
  for (const i of teachingOrderLazily(tracks, TEACHING_SETTLING)) yield (rows[i] as TeachingRow)[0];
}

/**
 * The library's write stamp: SQLite's count of rows this connection changed, and the data version
 * that moves when another connection commits. Equal stamps mean nothing was written in between.
 */
function writeStamp(db: Database): string {
  const changes = db.prepare('SELECT total_changes()').pluck().get() as number;
  const version = db.pragma('data_version', { simple: true }) as number;
  return `${changes}:${version}`;
}

interface CachedOrder {
  readonly key: string;
  readonly total: number;
  /** The ids picked so far, in teaching order. */
  readonly ids: number[];
  readonly rest: Iterator<number>;
}

const orders = new WeakMap<Database, CachedOrder>();

/**
 * The queue's teaching order is computed over every undecided track, lazily: a page takes the
 * picks up to its end, and pages of one queue (and the review screen re-reading it) reuse what
 * was picked until anything is written to the library (a decision, a prediction, a scan, a
 * setting).
 */
function cachedOrder(
  db: Database,
  filter: string,
  compute: () => { total: number; order: Iterator<number> },
  end: number,
): { total: number; ids: readonly number[] } {
  const key = `${writeStamp(db)}|${filter}`;
  let hit = orders.get(db);
  if (hit?.key !== key) {
    const { total, order } = compute();
    hit = { key, total, ids: [], rest: order };
    orders.set(db, hit);
  }
  while (hit.ids.length < end) {
    const next = hit.rest.next();
    if (next.done) break;
    hit.ids.push(next.value);
  }
  return hit;
}

/** A page of a filtered queue's teaching order, computed (and cached until the next write). */
function computedOrderPage(
  db: Database,
  filter: string,
  queued: () => ReadonlySet<number>,
  page: { readonly offset: number; readonly limit: number | undefined },
): { total: number; ids: number[]; updating: boolean } {
  const updating = refreshForRead(db);
  const end = page.limit === undefined ? Number.POSITIVE_INFINITY : page.offset + page.limit;
  const { total, ids } = cachedOrder(
    db,
    filter,
    () => {
      const set = queued();
      return { total: set.size, order: teachingQueue(db, set) };
    },
    end,
  );
  return { total, ids: ids.slice(page.offset, end), updating };
}

/**
 * The review queue: undecided present tracks whose prediction is below the threshold or unlike
 * the training music, plus confident predictions that disagree with the file's current tag. The
 * rule (needs-review.ts) runs in SQL; the order is the one that teaches the most
 * (teaching-order.ts): first the track whose answer settles the most others, so the first prompts
 * cover the library's different albums and artists. At the library's threshold the queue is the
 * tracks whose stored status is `review` (track-list.ts), so its total is the overview's "To
 * review", and its order is kept in a table (review-order.ts): a page is a walk of one index. A
 * queue narrowed by genre, artist, folder or another threshold is ordered on reading, over one row
 * per predicted or decided track, picking only up to the page asked for.
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
  // At the library's own threshold the queue is the tracks whose stored status is `review`.
  const atSetting = query.below === undefined || query.below === getSetting(db, 'reviewThreshold');
  const queuedSql = atSetting
    ? `SELECT t.id FROM track_list l JOIN tracks t ON t.id = l.track_id LEFT JOIN current_predictions p ON p.track_id = t.id
        WHERE l.status = 'review' AND ${clauses.slice(2).concat('1').join(' AND ')}`
    : `SELECT t.id FROM current_predictions p JOIN tracks t ON t.id = p.track_id ${DECISION_JOIN}
        WHERE ${clauses.join(' AND ')} AND (${reason}) IS NOT NULL`;
  const page = { offset: query.offset ?? 0, limit: query.limit };
  const filtered = clauses.length > 2;
  const {
    total,
    ids: pageIds,
    updating,
  } = atSetting && !filtered
    ? storedReviewOrder(db, page.offset, page.limit, refreshesInBackground(db))
    : computedOrderPage(
        db,
        JSON.stringify(params),
        () => new Set(db.prepare(queuedSql).pluck().all(params) as number[]),
        page,
      );
  const rows = db
    .prepare(
      `SELECT ${TRACK_COLUMNS}, ${CURRENT_PREDICTION_COLUMNS}, ${reason} AS reason
         FROM current_predictions p JOIN tracks t ON t.id = p.track_id ${DECISION_JOIN}
        WHERE t.id IN (SELECT value FROM json_each(@ids))`,
    )
    .all({ ...params, ids: JSON.stringify(pageIds) }) as QueueRow[];
  const position = new Map(pageIds.map((id, i) => [id, i]));
  rows.sort((a, b) => (position.get(a.id) as number) - (position.get(b.id) as number));
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
  if (updating) readFoundStale(db);
  return { total, items, ...(updating && { updating: true }) };
}
