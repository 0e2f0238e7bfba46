import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';

export class TrackNotFoundError extends Error {
  override name = 'TrackNotFoundError';
}

/** Finds a present track by numeric id or by path (as given, or resolved from the cwd). */
export function resolveTrackRef(db: Database, ref: string | number): number {
  if (typeof ref === 'number' || /^\d+$/.test(ref)) {
    const id = Number(ref);
    const row = db.prepare("SELECT id FROM tracks WHERE id = ? AND status = 'present'").get(id) as
      { id: number } | undefined;
    if (row) return row.id;
    if (typeof ref === 'number') throw new TrackNotFoundError(`no track with id ${ref}`);
  }
  const asText = String(ref);
  const row = db
    .prepare("SELECT id FROM tracks WHERE path IN (?, ?) AND status = 'present'")
    .get(asText, resolve(asText)) as { id: number } | undefined;
  if (!row) throw new TrackNotFoundError(`no track in the library at ${asText}`);
  return row.id;
}
