import type { Migration } from './types.js';

/**
 * The library table sorts and filters off its own index (`track_list`, migration 10 of the review
 * stage), by natural sort keys of what it shows; the case-folded order indexes of migration 6
 * served only the old table query. Dropped, they no longer cost every scanned file four index
 * writes, nor the database a third of its size at 100,000 tracks.
 */
export const dropTrackOrderIndexesMigration: Migration = {
  version: 11,
  name: 'drop-track-order-indexes',
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS tracks_order_artist;
      DROP INDEX IF EXISTS tracks_order_title;
      DROP INDEX IF EXISTS tracks_order_album;
      DROP INDEX IF EXISTS tracks_order_duration;
    `);
  },
};
