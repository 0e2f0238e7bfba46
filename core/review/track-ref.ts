import { resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import { presentTrackAt, presentTrackPath } from '../library/tracks.js';
import { KindedError } from '../../shared/api/contract.js';

export class TrackNotFoundError extends KindedError {
  override name = 'TrackNotFoundError';
  constructor(message: string) {
    super('not-found', message);
  }
}

/** Finds a present track by numeric id or by path (as given, or resolved from the cwd). */
export function resolveTrackRef(db: Database, ref: string | number): number {
  if (typeof ref === 'number' || /^\d+$/.test(ref)) {
    const id = Number(ref);
    if (presentTrackPath(db, id) !== undefined) return id;
    if (typeof ref === 'number') throw new TrackNotFoundError(`no track with id ${ref}`);
  }
  const asText = String(ref);
  const id = presentTrackAt(db, [asText, resolve(asText)]);
  if (id === undefined) throw new TrackNotFoundError(`no track in the library at ${asText}`);
  return id;
}
