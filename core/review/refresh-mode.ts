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
 */
const background = new WeakSet<Database>();

export function refreshInBackground(db: Database): void {
  background.add(db);
}

export function refreshesInBackground(db: Database): boolean {
  return background.has(db);
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
  return trackListPending(db);
}

/** Whether either derived table has work left. */
export function refreshPending(db: Database): boolean {
  return trackListPending(db) || reviewOrderPending(db);
}

/**
 * One step of the background refresh, one short transaction: track_list first (the order is
 * computed from it), then the review order. Returns how many tracks it recomputed or re-ordered;
 * 0 when both are current.
 */
export function refreshStep(db: Database): number {
  const rows = refreshTrackList(db, BACKGROUND_STEP);
  if (rows > 0 || trackListPending(db)) return Math.max(rows, 1);
  return reviewOrderStep(db);
}
