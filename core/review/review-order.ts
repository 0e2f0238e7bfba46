import type { Database } from 'better-sqlite3';
import { REVIEW_ORDER_WHOLE_AT, TEACHING_COMPONENT_SQL } from './schema.js';
import { teachingPicks } from './teaching-order.js';
import { readTeachingRows, TEACHING_SETTLING, teachingTracks } from './teaching-rows.js';
import { READ_BOUND, refreshTrackList, trackListPending, type RefreshBound } from './track-list.js';

/**
 * The review queue's teaching order at the library's threshold, kept in `review_order` (schema.ts)
 * so a page of it is a walk of one index. A queued track's row holds the value the greedy picked
 * it at and its tie order (teaching-order.ts: sorting by these is the greedy's order). Writes to
 * track_list mark their teaching components dirty; refreshReviewOrder recomputes only those, so
 * after a decision the next read re-orders one artist's tracks instead of the library's.
 *
 * Components are independent (tracks of other components never change a component's values), so
 * the work goes in steps of whole components, each one transaction: the dirty components a few at
 * a time, and the whole order (a new greedy, or more dirty components than the triggers record)
 * as a sweep over every component in order, its position kept in review_order_rule so any
 * connection, or the next run, carries on where it stopped. Until the sweep ends, the components
 * it has not reached keep their old order.
 */

/** Bumped when the greedy changes, so stored orders are computed again. */
const ORDER_VERSION = 1;

/** What a stored order was computed with: a different stamp recomputes every component. */
const STAMP = JSON.stringify([ORDER_VERSION, TEACHING_SETTLING]);

/**
 * Tracks a sweep step re-orders in the background (whole components, so perhaps a few more):
 * 20–50 ms on 2 shared cores. A refresh run to the end sweeps everything in one step.
 */
export const SWEEP_TRACKS = 1500;

/** With a time budget, a sweep step works in pieces of this many tracks: 5–10 ms each. */
const SWEEP_PIECE = 500;

/** Dirty components a step re-orders. */
const DIRTY_COMPONENTS = 50;

/** The queue's sort: the value at the pick, then the tie order (less confident, unfamiliar, lower id). */
export const REVIEW_ORDER_SQL = 'ORDER BY value DESC, uncertainty DESC, unfamiliar DESC, track_id';

/** The rule row while a sweep is under way: the stamp it computes, and the last component done. */
interface Sweep {
  readonly stamp: string;
  readonly after: string | null;
}

function storedRule(db: Database): string | undefined {
  return db.prepare('SELECT stamp FROM review_order_rule WHERE id = 1').pluck().get() as string | undefined;
}

function storeRule(db: Database, rule: string): void {
  db.prepare(
    'INSERT INTO review_order_rule (id, stamp) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET stamp = excluded.stamp',
  ).run(rule);
}

/** The sweep under way, if the stored rule is one (any other text is an old or foreign stamp). */
function sweepOf(rule: string | undefined): Sweep | undefined {
  if (rule === undefined || !rule.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(rule);
    return value !== null && typeof value === 'object' ? (value as Sweep) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The triggers' own measure of how many components they marked (MARKING in schema.ts): the
 * highest mark number. A step deletes marks from the lowest, so this can exceed the count; at
 * REVIEW_ORDER_WHOLE_AT the triggers stop marking and only a sweep is sure to cover the changes.
 */
function highestMark(db: Database): number {
  return db.prepare('SELECT coalesce(max(n), 0) FROM review_order_dirty').pluck().get() as number;
}

/** Whether the stored order has work left (track_list's own refresh aside). */
export function reviewOrderPending(db: Database): boolean {
  return storedRule(db) !== STAMP || db.prepare('SELECT 1 FROM review_order_dirty LIMIT 1').get() !== undefined;
}

/**
 * One step of the order's refresh, one immediate transaction: starts a sweep when the greedy
 * changed or the dirty components overflowed (and forgets them: the sweep covers them, and the
 * triggers mark again what changes meanwhile), else sweeps on, else re-orders a few dirty
 * components. Returns how many tracks it re-ordered (0: nothing left). With `timeUp` (a time
 * budget), a sweep goes in pieces of SWEEP_PIECE tracks and stops after the piece during which
 * the time was up.
 */
function orderStep(db: Database, sweepTracks: number, timeUp?: () => boolean): number {
  return db
    .transaction((): number => {
      const rule = storedRule(db);
      let sweep = sweepOf(rule);
      if ((rule !== STAMP && sweep?.stamp !== STAMP) || highestMark(db) >= REVIEW_ORDER_WHOLE_AT) {
        sweep = { stamp: STAMP, after: null };
        db.prepare('DELETE FROM review_order_dirty').run();
      }
      if (!sweep) return dirtyStep(db);
      if (!timeUp) return sweepStep(db, sweep, sweepTracks);
      let done = 0;
      for (; sweep && done < sweepTracks; sweep = sweepOf(storedRule(db))) {
        done += sweepStep(db, sweep, Math.min(SWEEP_PIECE, sweepTracks - done));
        if (timeUp()) break;
      }
      return done;
    })
    .immediate();
}

/** The next `tracks` tracks' worth of components after the sweep's position, re-ordered. */
function sweepStep(db: Database, sweep: Sweep, tracks: number): number {
  const component = TEACHING_COMPONENT_SQL;
  const from = sweep.after === null ? '' : `${component} > @after AND`;
  const last = Number.isFinite(tracks)
    ? (db
        .prepare(`SELECT ${component} FROM track_list WHERE ${from} 1 ORDER BY ${component} LIMIT 1 OFFSET @n`)
        .pluck()
        .get({ ...(sweep.after !== null && { after: sweep.after }), n: tracks - 1 }) as string | undefined)
    : undefined;
  const range = `${from} ${last === undefined ? '1' : `${component} <= @last`}`;
  const params = { ...(sweep.after !== null && { after: sweep.after }), ...(last !== undefined && { last }) };
  const rows = `(SELECT * FROM track_list WHERE ${range}) AS track_list`;
  // The whole order in one step: emptying the table whole is far faster than row by row.
  if (sweep.after === null && last === undefined) db.prepare('DELETE FROM review_order').run();
  else db.prepare(`DELETE FROM review_order WHERE track_id IN (SELECT track_id FROM ${rows})`).run(params);
  const n = storePicks(db, rows, params);
  storeRule(db, last === undefined ? STAMP : JSON.stringify({ stamp: STAMP, after: last } satisfies Sweep));
  return Math.max(n, 1);
}

/**
 * The track_list rows of the picked dirty components, found through the component index. CROSS
 * JOIN keeps the components outside (the planner would otherwise walk all of track_list by id to
 * save sorting a few rows), and the unary + drops the value's affinity, which the index's
 * expression lacks: with it, SQLite could not search the index by the comparison.
 */
const PICKED_ROWS = `(SELECT value AS component FROM json_each(@components)) AS picked
  CROSS JOIN track_list ON ${TEACHING_COMPONENT_SQL} = +picked.component`;

/** The first DIRTY_COMPONENTS dirty components re-ordered. */
function dirtyStep(db: Database): number {
  const picked = db
    .prepare(`SELECT n, component FROM review_order_dirty ORDER BY n LIMIT ${DIRTY_COMPONENTS}`)
    .raw()
    .all() as [number, string][];
  if (picked.length === 0) return 0;
  const params = { components: JSON.stringify(picked.map(([, c]) => c)) };
  db.prepare(`DELETE FROM review_order WHERE track_id IN (SELECT track_list.track_id FROM ${PICKED_ROWS})`).run(params);
  const n = storePicks(db, PICKED_ROWS, params);
  db.prepare('DELETE FROM review_order_dirty WHERE n <= ?').run(picked[picked.length - 1]?.[0]);
  return Math.max(n, 1);
}

/**
 * The greedy over the teaching rows of `from` (whole components), its picks stored; returns how
 * many rows it read. Tracks of other components never change these values, so the picks equal
 * the whole library's.
 */
function storePicks(db: Database, from: string, params: Record<string, string>): number {
  const rows = readTeachingRows(db, from, params);
  const tracks = teachingTracks(rows, (row) => row[8] === 'review');
  const insert = db.prepare('INSERT INTO review_order (track_id, value, uncertainty, unfamiliar) VALUES (?, ?, ?, ?)');
  for (const { index, value } of teachingPicks(tracks, TEACHING_SETTLING)) {
    const track = tracks[index];
    if (track) insert.run(track.id, value, track.uncertainty, track.unfamiliar ? 1 : 0);
  }
  return rows.length;
}

/**
 * Brings track_list and then review_order up to date (the order is computed from track_list). By
 * default to the end; with `bound` (READ_BOUND), only what one step of each finishes: the order
 * then waits while track_list has work left, a sweep is under way or due, or more components are
 * dirty than a step re-orders. Returns whether work is left; cheap (a few lookups) when nothing changed.
 */
export function refreshReviewOrder(db: Database, bound?: RefreshBound): boolean {
  refreshTrackList(db, bound);
  if (!bound) {
    while (reviewOrderPending(db)) orderStep(db, Number.POSITIVE_INFINITY);
    return false;
  }
  if (trackListPending(db)) return true;
  if (!reviewOrderPending(db)) return false;
  const small =
    storedRule(db) === STAMP && highestMark(db) < REVIEW_ORDER_WHOLE_AT && dirtyCount(db) <= DIRTY_COMPONENTS;
  if (small) orderStep(db, SWEEP_TRACKS);
  return reviewOrderPending(db);
}

function dirtyCount(db: Database): number {
  return db.prepare('SELECT count(*) FROM review_order_dirty').pluck().get() as number;
}

/**
 * One step of the order's refresh in the background (refresh-keeper.ts), within the time budget
 * `timeUp` says is used up: tracks re-ordered, 0 when current.
 */
export function reviewOrderStep(db: Database, timeUp?: () => boolean): number {
  return reviewOrderPending(db) ? orderStep(db, SWEEP_TRACKS, timeUp) : 0;
}

/**
 * The queue at the library's threshold: how many, and the ids from `offset`, up to `limit`;
 * `updating` while a refresh in the background has not reached every track yet (with
 * `bounded`, reads do only what one step finishes: READ_BOUND).
 */
export function storedReviewOrder(
  db: Database,
  offset: number,
  limit: number | undefined,
  bounded = false,
): { total: number; ids: number[]; updating: boolean } {
  const updating = refreshReviewOrder(db, bounded ? READ_BOUND : undefined);
  const total = db.prepare('SELECT count(*) FROM review_order').pluck().get() as number;
  const ids = db
    .prepare(`SELECT track_id FROM review_order ${REVIEW_ORDER_SQL} LIMIT ? OFFSET ?`)
    .pluck()
    .all(limit ?? -1, offset) as number[];
  return { total, ids, updating };
}
