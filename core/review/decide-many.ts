import type { Database } from 'better-sqlite3';
import type { DecisionInput, TrackQuery } from '../../shared/api/types.js';
import { decide } from '../decisions/decisions.js';
import { queryTracks } from './track-query.js';

const PAGE = 5000;

/** Every track id the library table's filters match (sort and paging ignored). */
export function matchingTrackIds(db: Database, query: TrackQuery): number[] {
  const { sort: _sort, descending: _descending, offset: _offset, limit: _limit, ...filters } = query;
  const ids: number[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = queryTracks(db, { ...filters, sort: 'path', offset, limit: PAGE });
    ids.push(...page.rows.map((r) => r.id));
    if (page.rows.length < PAGE || ids.length >= page.total) return ids;
  }
}

/**
 * One decision for many tracks at once (several selected in the table, or all that match its
 * filters), all or nothing: a track the decision cannot apply to (keep on a file without a genre)
 * stops the whole set, and nothing is decided.
 */
export function decideMany(db: Database, ids: readonly number[], input: DecisionInput): number {
  const unique = [...new Set(ids)];
  db.transaction(() => {
    for (const id of unique) decide(db, id, input);
  })();
  return unique.length;
}
