import type { Database } from 'better-sqlite3';
import { REVIEW_ORDER_WHOLE_AT, TEACHING_COMPONENT_SQL } from './schema.js';
import { teachingPicks } from './teaching-order.js';
import { readTeachingRows, TEACHING_SETTLING, teachingTracks } from './teaching-rows.js';
import { refreshTrackList } from './track-list.js';

/**
 * The review queue's teaching order at the library's threshold, kept in `review_order` (schema.ts)
 * so a page of it is a walk of one index. A queued track's row holds the value the greedy picked
 * it at and its tie order (teaching-order.ts: sorting by these is the greedy's order). Writes to
 * track_list mark their teaching components dirty; refreshReviewOrder recomputes only those, so
 * after a decision the next read re-orders one artist's tracks instead of the library's.
 */

/** Bumped when the greedy changes, so stored orders are computed again. */
const ORDER_VERSION = 1;

/** What a stored order was computed with: a different stamp recomputes every component. */
const STAMP = JSON.stringify([ORDER_VERSION, TEACHING_SETTLING]);

/**
 * The track_list rows of the dirty components, found through the component index. CROSS JOIN
 * keeps the dirty table outside (the planner would otherwise walk all of track_list by id to save
 * sorting a few rows), and the unary + drops the column's TEXT affinity, which the index's
 * expression lacks: with it, SQLite could not search the index by the comparison.
 */
const DIRTY_ROWS = `review_order_dirty CROSS JOIN track_list ON ${TEACHING_COMPONENT_SQL} = +review_order_dirty.component`;

/** The queue's sort: the value at the pick, then the tie order (less confident, unfamiliar, lower id). */
export const REVIEW_ORDER_SQL = 'ORDER BY value DESC, uncertainty DESC, unfamiliar DESC, track_id';

/** Brings track_list and then review_order up to date; cheap (three lookups) when nothing changed. */
export function refreshReviewOrder(db: Database): void {
  refreshTrackList(db);
  if (isCurrent(db)) return;
  db.transaction(() => {
    if (isCurrent(db)) return; // another connection did it first
    const whole =
      storedStamp(db) !== STAMP ||
      (db.prepare('SELECT count(*) FROM review_order_dirty').pluck().get() as number) >= REVIEW_ORDER_WHOLE_AT;
    if (whole) db.prepare('DELETE FROM review_order').run();
    else db.prepare(`DELETE FROM review_order WHERE track_id IN (SELECT track_list.track_id FROM ${DIRTY_ROWS})`).run();
    storePicks(db, whole ? 'track_list' : DIRTY_ROWS);
    db.prepare('DELETE FROM review_order_dirty').run();
    db.prepare(
      'INSERT INTO review_order_rule (id, stamp) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET stamp = excluded.stamp',
    ).run(STAMP);
  }).immediate();
}

function storedStamp(db: Database): string | undefined {
  return db.prepare('SELECT stamp FROM review_order_rule WHERE id = 1').pluck().get() as string | undefined;
}

function isCurrent(db: Database): boolean {
  return storedStamp(db) === STAMP && db.prepare('SELECT 1 FROM review_order_dirty LIMIT 1').get() === undefined;
}

/**
 * The greedy over the teaching rows of `from` (whole components), its picks stored. Tracks of
 * other components never change these values, so the picks equal the whole library's.
 */
function storePicks(db: Database, from: string): void {
  const rows = readTeachingRows(db, from);
  const tracks = teachingTracks(rows, (row) => row[8] === 'review');
  const insert = db.prepare('INSERT INTO review_order (track_id, value, uncertainty, unfamiliar) VALUES (?, ?, ?, ?)');
  for (const { index, value } of teachingPicks(tracks, TEACHING_SETTLING)) {
    const track = tracks[index];
    if (track) insert.run(track.id, value, track.uncertainty, track.unfamiliar ? 1 : 0);
  }
}

/** The queue at the library's threshold: how many, and the ids from `offset`, up to `limit`. */
export function storedReviewOrder(
  db: Database,
  offset: number,
  limit: number | undefined,
): { total: number; ids: number[] } {
  refreshReviewOrder(db);
  const total = db.prepare('SELECT count(*) FROM review_order').pluck().get() as number;
  const ids = db
    .prepare(`SELECT track_id FROM review_order ${REVIEW_ORDER_SQL} LIMIT ? OFFSET ?`)
    .pluck()
    .all(limit ?? -1, offset) as number[];
  return { total, ids };
}
