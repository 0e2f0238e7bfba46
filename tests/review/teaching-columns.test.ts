import { describe, expect, it } from 'vitest';
import { teachingRowsSql } from '../../core/review/teaching-rows.js';
import { tempLibrary } from '../helpers/library.js';

/**
 * The stored review order (review-order.ts) is re-ordered only where the review_order triggers
 * see a change. Every track_list column the teaching order's query names must be one they watch,
 * or a change to it leaves the stored order stale: checked against the triggers the migrations
 * actually created, so a column added to the query without a migration fails here.
 */
describe('the review order triggers', () => {
  it('watch every track_list column the teaching order reads', () => {
    const lib = tempLibrary('gw-teaching-columns-');
    try {
      const trigger = lib.db
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'review_order_track_list_update'")
        .pluck()
        .get() as string;
      const watched = new Set([...trigger.matchAll(/old\.(\w+) IS NOT new\.\1/g)].map((m) => m[1]));
      const columns = lib.db.prepare("SELECT name FROM pragma_table_info('track_list')").pluck().all() as string[];
      const sql = teachingRowsSql();
      const read = columns.filter((c) => new RegExp(`\\b${c}\\b`).test(sql));
      expect(read).toContain('belief');
      // track_id is the row's key: a row is inserted or deleted, never re-keyed.
      expect(read.filter((c) => c !== 'track_id' && !watched.has(c))).toEqual([]);
    } finally {
      lib.close();
    }
  });
});
