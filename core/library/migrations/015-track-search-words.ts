import type { Migration } from './types.js';

/** The file name of `path`: what follows its last `/` or `\`. */
const fileNameSql = (path: string): string =>
  `substr(${path}, length(rtrim(replace(${path}, '\\', '/'), replace(replace(${path}, '\\', '/'), '/', ''))) + 1)`;

/** True when the row `id` is one whose search entry is written later, in bulk (track-search-fill.ts). */
const deferred = (id: string): string => `EXISTS (SELECT 1 FROM tracks_search_deferred WHERE ${id} >= from_id)`;

const columns = (row: string): string =>
  `${row}.id, ${row}.title, ${row}.artist, ${row}.album, ${fileNameSql(`${row}.path`)}`;

/**
 * The index behind a search of one or two characters, which the trigram index (migration 9) has
 * no trigram for: the words of each track's title, artist, album and file name, case and accents
 * folded (unicode61, remove_diacritics 2), with prefix indexes of one and two characters, so "ve"
 * reads the doclist of every word starting with "ve" instead of testing each row with LIKE. The
 * file name, not the whole path: at this length nearly every track would match its folders.
 * External content on the view `tracks_words_source`, so FTS5 can rebuild and check it against
 * the tracks; the triggers leave out the rows a bulk fill writes later (migration 14, SearchFill).
 */
export const trackSearchWordsMigration: Migration = {
  version: 15,
  name: 'track-search-words',
  up(db) {
    db.exec(`
      CREATE VIEW tracks_words_source AS
        SELECT id, title, artist, album, ${fileNameSql('path')} AS file FROM tracks;
      CREATE VIRTUAL TABLE tracks_words USING fts5(
        title, artist, album, file,
        content = 'tracks_words_source', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2'
      );
      CREATE TRIGGER tracks_words_insert AFTER INSERT ON tracks WHEN NOT ${deferred('new.id')} BEGIN
        INSERT INTO tracks_words (rowid, title, artist, album, file) VALUES (${columns('new')});
      END;
      CREATE TRIGGER tracks_words_delete AFTER DELETE ON tracks WHEN NOT ${deferred('old.id')} BEGIN
        INSERT INTO tracks_words (tracks_words, rowid, title, artist, album, file) VALUES ('delete', ${columns('old')});
      END;
      CREATE TRIGGER tracks_words_update AFTER UPDATE OF title, artist, album, path ON tracks BEGIN
        INSERT INTO tracks_words (tracks_words, rowid, title, artist, album, file)
          SELECT 'delete', ${columns('old')} WHERE NOT ${deferred('old.id')};
        INSERT INTO tracks_words (rowid, title, artist, album, file)
          SELECT ${columns('new')} WHERE NOT ${deferred('new.id')};
      END;
      INSERT INTO tracks_words (tracks_words) VALUES ('rebuild');
    `);
  },
};
