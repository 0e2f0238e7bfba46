import type { Database, Statement } from 'better-sqlite3';

/**
 * Writes the text search entries (tracks_search, migration 9, and tracks_words, migration 15) of
 * the tracks a write transaction inserts with one statement each at its end instead of one per
 * row: FTS5 writes each statement's
 * terms out as a segment and merges them later, which made the per-row triggers cost a scan more
 * than its inserts did (migration 14). While the write runs, the triggers leave out every track
 * with an id above those that existed when it started; the fill adds them with their final
 * values. Both happen inside the caller's transaction, so the index is never seen behind, and a
 * write that throws or a process killed midway rolls the whole of it back.
 */
export class SearchFill {
  private readonly deferStmt: Statement;
  private readonly fillStmt: Statement;
  private readonly fillWordsStmt: Statement;
  private readonly clearStmt: Statement;

  constructor(db: Database) {
    this.deferStmt = db.prepare(
      'INSERT INTO tracks_search_deferred (from_id) SELECT coalesce(max(id), 0) + 1 FROM tracks',
    );
    this.fillStmt = db.prepare(`
      INSERT INTO tracks_search (rowid, title, artist, album, path)
        SELECT id, title, artist, album, path FROM tracks
        WHERE id >= (SELECT min(from_id) FROM tracks_search_deferred)`);
    this.fillWordsStmt = db.prepare(`
      INSERT INTO tracks_words (rowid, title, artist, album, file)
        SELECT id, title, artist, album, file FROM tracks_words_source
        WHERE id >= (SELECT min(from_id) FROM tracks_search_deferred)`);
    this.clearStmt = db.prepare('DELETE FROM tracks_search_deferred');
  }

  /** Runs `write`, which must be inside a transaction, and indexes the tracks it inserted. */
  around<T>(write: () => T): T {
    this.deferStmt.run();
    const result = write();
    this.fillStmt.run();
    this.fillWordsStmt.run();
    this.clearStmt.run();
    return result;
  }
}
