import type { Database } from 'better-sqlite3';
import { refreshForRead } from './refresh-mode.js';

/**
 * What counts as a problem, written once for the overview's Problems tile, its status bar and the
 * sidebar (issue 13, item 19): a file in the library that Genrewise could not read, or could not
 * analyse, and whose genre nobody has settled since —
 *
 *  - a track whose status is `error`: the scan could not read its file (a scan error at its
 *    path), or its analysis failed (too short to hold an analysis window, silent, undecodable);
 *    a decision by hand settles it, and it then counts as decided, skipped or written instead;
 *  - a file or folder the scan found but could not read at all, so that it never became a track.
 *
 * A too-short file reads fine but cannot be analysed, so it is a problem of the second kind of
 * the first item, not a read error. Tag-write failures are shown on the Problems page with the
 * write they belong to; they are not counted here, since the track is still fine to use.
 */
export interface ProblemCount {
  /** Tracks in status `error`. */
  readonly tracks: number;
  /** Files and folders the scan could not read, with no track of their own. */
  readonly unread: number;
  readonly total: number;
}

export function countProblems(db: Database): ProblemCount {
  refreshForRead(db);
  const tracks = db.prepare("SELECT count(*) FROM track_list WHERE status = 'error'").pluck().get() as number;
  const unread = db
    .prepare(
      `SELECT count(*) FROM scan_errors se
        WHERE NOT EXISTS (SELECT 1 FROM tracks t WHERE t.path = se.path AND t.status = 'present')`,
    )
    .pluck()
    .get() as number;
  return { tracks, unread, total: tracks + unread };
}
