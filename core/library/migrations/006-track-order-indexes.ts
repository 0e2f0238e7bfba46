import type { Migration } from './types.js';

/**
 * Indexes in the exact order the library table sorts by, so a page of 100,000 tracks sorted by
 * artist, title, album or duration is read straight off an index instead of sorting every row.
 */
export const trackOrderIndexesMigration: Migration = {
  version: 6,
  name: 'track-order-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX tracks_order_artist ON tracks(status, artist COLLATE NOCASE, album COLLATE NOCASE, disc_no, track_no, path);
      CREATE INDEX tracks_order_title ON tracks(status, title COLLATE NOCASE, path);
      CREATE INDEX tracks_order_album ON tracks(status, album COLLATE NOCASE, disc_no, track_no, path);
      CREATE INDEX tracks_order_duration ON tracks(status, duration_sec, path);
    `);
  },
};
