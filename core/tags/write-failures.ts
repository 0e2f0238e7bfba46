import type { Database } from 'better-sqlite3';
import type { FileError } from '../../shared/api/types.js';
import { failureReason } from './failure-reason.js';

interface FailureRow {
  path: string;
  error_kind: string | null;
  error: string | null;
  at: string;
}

/**
 * Files whose latest tag write or undo failed, newest first, as Problems lists them. A file drops
 * out as soon as a later batch writes it (or finds it already right).
 */
export function listWriteFailures(db: Database, options: { limit?: number } = {}): FileError[] {
  const rows = db
    .prepare(
      `SELECT e.path, e.error_kind, e.error, e.at
         FROM tag_write_entries e
        WHERE e.status = 'failed'
          AND e.id = (SELECT max(l.id) FROM tag_write_entries l WHERE l.path = e.path)
        ORDER BY e.id DESC
        LIMIT ?`,
    )
    .all(options.limit ?? 500) as FailureRow[];
  return rows.map((r) => ({
    path: r.path,
    stage: 'write',
    kind: r.error_kind ?? 'io',
    message: failureReason(r.path, r.error) ?? 'the write failed; the file is unchanged',
    at: r.at,
  }));
}
