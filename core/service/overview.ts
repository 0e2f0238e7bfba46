import type { Database } from 'better-sqlite3';
import type { CountBy, LibraryStats } from '../../shared/api/types.js';
import { libraryStats } from '../library/tracks.js';
import { countByStatus } from './track-query.js';

/** Everything the overview screen shows, in one call. */
export function libraryOverview(db: Database): LibraryStats {
  const scan = libraryStats(db);
  const analysisErrors = db
    .prepare(
      "SELECT count(*) FROM analyses a JOIN tracks t ON t.id = a.track_id WHERE a.status = 'error' AND t.status = 'present'",
    )
    .pluck()
    .get() as number;
  const analysed = db
    .prepare(
      "SELECT count(*) FROM analyses a JOIN tracks t ON t.id = a.track_id WHERE a.status = 'ok' AND t.status = 'present'",
    )
    .pluck()
    .get() as number;
  const byPredicted = db
    .prepare(
      `SELECT p.genre AS key, count(*) AS count FROM current_predictions p JOIN tracks t ON t.id = p.track_id
        WHERE t.status = 'present' GROUP BY p.genre ORDER BY count DESC, key`,
    )
    .all() as CountBy[];
  const histogram = new Array<number>(10).fill(0);
  const bins = db
    .prepare(
      `SELECT min(9, CAST(p.confidence * 10 AS INTEGER)) AS bin, count(*) AS n FROM current_predictions p
         JOIN tracks t ON t.id = p.track_id WHERE t.status = 'present' GROUP BY bin`,
    )
    .all() as { bin: number; n: number }[];
  for (const b of bins) histogram[Math.max(0, b.bin)] = b.n;
  const statusCounts = countByStatus(db);
  const statuses = ['new', 'analysed', 'predicted', 'review', 'decided', 'written', 'error'] as const;
  const byStatus = statuses.map((key) => ({ key, count: statusCounts.get(key) ?? 0 })).filter((s) => s.count > 0);
  return {
    tracks: scan.tracks,
    gone: scan.gone,
    durationSec: scan.durationSec,
    errors: scan.errors + analysisErrors,
    byFormat: scan.byFormat,
    byGenre: scan.byGenre,
    byPredicted,
    byStatus,
    confidenceHistogram: histogram,
    analysed,
    predicted: byPredicted.reduce((sum, g) => sum + g.count, 0),
    // The review status is the queue's own rule (undecided, and low, unfamiliar or disagreeing).
    reviewQueue: statusCounts.get('review') ?? 0,
  };
}
