import type { Database } from 'better-sqlite3';
import { reviewOrderPending, reviewOrderStep } from './review-order.js';
import { BACKGROUND_STEP, READ_BOUND, refreshTrackList, trackListPending } from './track-list.js';

/**
 * Who brings the derived tables (track_list, review_order) up to date after a large change — a
 * re-learn changes every prediction, a new threshold every status. By default every read finishes
 * the refresh first, so a CLI command that writes and then reads sees fresh rows. A process that
 * keeps them current in the background instead (the service: refresh-keeper.ts, in steps between
 * which it answers requests) marks its connection here; its reads then do at most one step
 * (READ_BOUND) themselves and say whether work is left, so the views can show "Updating…".
 * A read that finds work left calls the keeper's `kick`: the work may have come from another
 * process (a CLI command changing the threshold while `serve` runs), which no one else announces.
 */
const background = new WeakMap<Database, () => void>();

export function refreshInBackground(db: Database, kick: () => void): void {
  background.set(db, kick);
}

export function refreshesInBackground(db: Database): boolean {
  return background.has(db);
}

/** A read found work left: the background refresh starts if it is not under way. */
export function readFoundStale(db: Database): void {
  background.get(db)?.();
}

/**
 * What a read of track_list calls first: the whole refresh, or on a connection refreshed in the
 * background one step of it. Returns whether rows are still being updated.
 */
export function refreshForRead(db: Database): boolean {
  if (!background.has(db)) {
    refreshTrackList(db);
    return false;
  }
  refreshTrackList(db, READ_BOUND);
  const pending = trackListPending(db);
  if (pending) readFoundStale(db);
  return pending;
}

/** Whether either derived table has work left. */
export function refreshPending(db: Database): boolean {
  return trackListPending(db) || reviewOrderPending(db);
}

/**
 * How long a step of the background refresh may take, in ms: it stops after the piece that used
 * it up, so a request waits for at most about this plus a piece and the commit. Rows were sized
 * by count before, and a re-learn's 1,000 rows took 40 ms of CPU at 100,000 tracks, more than
 * twice that on a loaded machine.
 */
export const STEP_MS = 20;

/** Whether `ms` have passed since the call. */
function deadline(ms: number): () => boolean {
  const end = performance.now() + ms;
  return () => performance.now() >= end;
}

/**
 * One step of the background refresh, one short transaction: track_list first (the order is
 * computed from it), then the review order, within a time budget of `ms`. Returns how many
 * tracks it recomputed or re-ordered; 0 when both are current.
 */
export function refreshStep(db: Database, ms = STEP_MS): number {
  const timeUp = deadline(ms);
  const rows = refreshTrackList(db, { ...BACKGROUND_STEP, timeUp });
  if (rows > 0 || trackListPending(db)) return Math.max(rows, 1);
  return reviewOrderStep(db, timeUp);
}
