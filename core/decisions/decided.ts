import type { Database } from 'better-sqlite3';
import type { Decision } from '../../shared/api/types.js';
import { TRACK_COLUMNS, trackFromRow, type LibraryTrack, type TrackColumns } from '../library/tracks.js';

/** A present track and the genre a review decision settled it on. */
export interface SettledTrack {
  readonly track: LibraryTrack;
  readonly genre: string;
  readonly action: Exclude<Decision['action'], 'skip'>;
  /** The model whose prediction was current when the decision was made, if any. */
  readonly modelId: string | null;
}

/**
 * Every present track a decision gave a genre (skipped tracks and undecided ones are left out),
 * streamed: what playlists by decision read, from the decisions table's owner.
 */
export function* settledTracks(db: Database): Generator<SettledTrack> {
  const rows = db
    .prepare(
      `SELECT ${TRACK_COLUMNS}, d.genre AS d_genre, d.action AS d_action, d.model_id AS d_model_id
         FROM decisions d JOIN tracks t ON t.id = d.track_id
        WHERE t.status = 'present' AND d.action <> 'skip' AND d.genre IS NOT NULL`,
    )
    .iterate() as IterableIterator<
    TrackColumns & { d_genre: string; d_action: SettledTrack['action']; d_model_id: string | null }
  >;
  for (const row of rows) {
    yield { track: trackFromRow(row), genre: row.d_genre, action: row.d_action, modelId: row.d_model_id };
  }
}
