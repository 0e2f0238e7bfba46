import type { Database } from 'better-sqlite3';
import type { ReviewItem, ReviewQuery } from '../../shared/api/types.js';
import { getSetting } from '../library/settings.js';
import { TRACK_COLUMNS, trackFromRow, type TrackColumns } from '../library/tracks.js';
import { CURRENT_PREDICTION_COLUMNS, currentFromRow, type CurrentPredictionColumns } from '../prediction/current.js';
import { DECISION_JOIN } from '../decisions/decisions.js';
import { CONTEXT_PARAMS } from '../learning/context-params.js';
import { prepareReviewSql, REVIEW_REASON_SQL } from './needs-review.js';
import { teachingOrderLazily } from './teaching-order.js';
import { refreshTrackList } from './track-list.js';

type QueueRow = TrackColumns & CurrentPredictionColumns & { reason: ReviewItem['reason'] };

export interface ReviewQueuePage {
  readonly total: number;
  readonly items: ReviewItem[];
}

/** track_id, album_group, artist_group, belief, informed, unfamiliar, labelled, decided. */
type SiblingRow = [number, string, string | null, number | null, number, number, number, number];

/** Dense group numbers for keys, in order of first appearance; −1 for no key. */
function groupNumbers(keys: readonly (string | null)[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(keys, (key) => {
    if (key === null) return -1;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  });
}

/**
 * Every present track with a prediction or a decision, placed in its album and artist group, and the
 * `queued` ones in teaching order (teaching-order.ts). The settling shares are the context model's
 * own coherences: how likely an answer on one track is right for its siblings. Its inputs are
 * columns of the library table's own rows (track-list.ts), so this reads one narrow table.
 */
function* teachingQueue(db: Database, queued: ReadonlySet<number>): Generator<number> {
  const rows = db
    .prepare(
      `SELECT track_id, album_group, artist_group, belief, informed, unfamiliar, labelled, decided FROM track_list
        WHERE status <> 'gone' AND (predicted IS NOT NULL OR decided = 1)`,
    )
    .raw()
    .all() as SiblingRow[];
  const album = groupNumbers(rows.map((r) => r[1]));
  const artist = groupNumbers(rows.map((r) => r[2]));
  const order = teachingOrderLazily(
    rows.map(([id, , , belief, informed, unfamiliar, labelled, decided], i) => ({
      id,
      uncertainty: decided === 1 ? 0 : 1 - (belief ?? 0),
      labelled: labelled === 1,
      informed: informed === 1,
      album: album[i] as number,
      artist: artist[i] as number,
      candidate: queued.has(id),
      unfamiliar: unfamiliar === 1,
    })),
    { album: CONTEXT_PARAMS.albumCoherence, artist: CONTEXT_PARAMS.artistCoherence },
  );
  for (const i of order) yield (rows[i] as SiblingRow)[0];
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

/**
 * The review queue: undecided present tracks whose prediction is below the threshold or unlike
 * the training music, plus confident predictions that disagree with the file's current tag. The
 * rule (needs-review.ts) runs in SQL; the order is the one that teaches the most
 * (teaching-order.ts): first the track whose answer settles the most others, so the first prompts
 * cover the library's different albums and artists. At the library's threshold the queue is the
 * tracks whose stored status is `review` (track-list.ts), so its total is the overview's "To
 * review"; ordering reads one row per predicted or decided track and picks only up to the page
 * asked for.
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
  refreshTrackList(db);
  const offset = query.offset ?? 0;
  const end = query.limit === undefined ? Number.POSITIVE_INFINITY : offset + query.limit;
  const { total, ids } = cachedOrder(
    db,
    JSON.stringify(params),
    () => {
      const queued = new Set(db.prepare(queuedSql).pluck().all(params) as number[]);
      return { total: queued.size, order: teachingQueue(db, queued) };
    },
    end,
  );
  const pageIds = ids.slice(offset, end);
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
  return { total, items };
}
