import type { Migration } from './types.js';

/**
 * The library table's text search: an FTS5 index over each track's title, artist, album and path,
 * so a search of 100,000 tracks reads the index instead of scanning every row with LIKE. The
 * trigram tokenizer keeps the meaning search always had: a case-insensitive substring of any one
 * of the four fields ("sabb" finds "Black Sabbath", a prefix being one such substring). The index
 * holds no copy of the text (external content on `tracks`); triggers keep it in step with every
 * insert, update and delete, and the migration fills it for libraries that existed before.
 */
export const trackSearchMigration: Migration = {
  version: 9,
  name: 'track-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE tracks_search USING fts5(
        title, artist, album, path,
        content = 'tracks', content_rowid = 'id', tokenize = 'trigram'
      );
      CREATE TRIGGER tracks_search_insert AFTER INSERT ON tracks BEGIN
        INSERT INTO tracks_search (rowid, title, artist, album, path)
          VALUES (new.id, new.title, new.artist, new.album, new.path);
      END;
      CREATE TRIGGER tracks_search_delete AFTER DELETE ON tracks BEGIN
        INSERT INTO tracks_search (tracks_search, rowid, title, artist, album, path)
          VALUES ('delete', old.id, old.title, old.artist, old.album, old.path);
      END;
      CREATE TRIGGER tracks_search_update AFTER UPDATE OF title, artist, album, path ON tracks BEGIN
        INSERT INTO tracks_search (tracks_search, rowid, title, artist, album, path)
          VALUES ('delete', old.id, old.title, old.artist, old.album, old.path);
        INSERT INTO tracks_search (rowid, title, artist, album, path)
          VALUES (new.id, new.title, new.artist, new.album, new.path);
      END;
      INSERT INTO tracks_search (tracks_search) VALUES ('rebuild');
    `);
  },
};
