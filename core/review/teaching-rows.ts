import type { Database } from 'better-sqlite3';
import { CONTEXT_PARAMS } from '../learning/context-params.js';
import type { Settling, TeachingTrack } from './teaching-order.js';

/**
 * What the teaching order (teaching-order.ts) reads of the library: every present track with a
 * prediction or a decision, one narrow row of the library table's own (track-list.ts), in track
 * id order so the greedy's sums add up in the same order however the rows are found.
 */

/** track_id, album_group, artist_group, belief, informed, unfamiliar, labelled, decided, status. */
export type TeachingRow = [number, string, string | null, number | null, number, number, number, number, string];

/**
 * The query behind readTeachingRows over `from`. Every track_list column it names must be one the
 * review_order triggers (migration 13, schema.ts) watch, or a change to it leaves the stored order
 * stale: tests/review/teaching-columns.test.ts checks the two against each other.
 */
export function teachingRowsSql(from = 'track_list'): string {
  return `SELECT track_id, album_group, artist_group, belief, informed, unfamiliar, labelled, decided, status
            FROM ${from}
           WHERE status <> 'gone' AND (predicted IS NOT NULL OR decided = 1)
           ORDER BY track_id`;
}

/**
 * The teaching rows of the whole library, or of the track_list rows `from` joins in (an SQL
 * source whose only track_list is `track_list` itself, its parameters in `params`).
 */
export function readTeachingRows(
  db: Database,
  from = 'track_list',
  params: Readonly<Record<string, string>> = {},
): TeachingRow[] {
  return db.prepare(teachingRowsSql(from)).raw().all(params) as TeachingRow[];
}

/**
 * The settling shares are the library-context model's own coherences: how likely an answer on
 * one track is right for its album and artist siblings.
 */
export const TEACHING_SETTLING: Settling = {
  album: CONTEXT_PARAMS.albumCoherence,
  artist: CONTEXT_PARAMS.artistCoherence,
};

/** Dense group numbers for keys, in order of first appearance; −1 for no key. */
function groupNumbers(keys: readonly (string | null)[]): Int32Array {
  const ids = new Map<string, number>();
  return Int32Array.from(keys, (key) => {
    if (key === null) return -1;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  });
}

/** The rows as the greedy's input, each placed in its album and artist group; `queued` picks the candidates. */
export function teachingTracks(rows: readonly TeachingRow[], queued: (row: TeachingRow) => boolean): TeachingTrack[] {
  const album = groupNumbers(rows.map((r) => r[1]));
  const artist = groupNumbers(rows.map((r) => r[2]));
  return rows.map((row, i) => {
    const [id, , , belief, informed, unfamiliar, labelled, decided] = row;
    return {
      id,
      uncertainty: decided === 1 ? 0 : 1 - (belief ?? 0),
      labelled: labelled === 1,
      informed: informed === 1,
      album: album[i] as number,
      artist: artist[i] as number,
      candidate: queued(row),
      unfamiliar: unfamiliar === 1,
    };
  });
}
