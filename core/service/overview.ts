import type { Database } from 'better-sqlite3';
import type { LibraryStats } from '../../shared/api/types.js';
import { countAnalyses } from '../analysis/store.js';
import { libraryStats } from '../library/tracks.js';
import { confidenceHistogram, countByPredictedGenre } from '../prediction/current.js';
import { countByStatus } from '../review/track-query.js';

/** Everything the overview screen shows, in one call; each count comes from its table's owner. */
export function libraryOverview(db: Database): LibraryStats {
  const scan = libraryStats(db);
  const analyses = countAnalyses(db);
  const byPredicted = countByPredictedGenre(db);
  const statusCounts = countByStatus(db);
  const statuses = ['new', 'analysed', 'predicted', 'review', 'decided', 'skipped', 'written', 'error'] as const;
  const byStatus = statuses.map((key) => ({ key, count: statusCounts.get(key) ?? 0 })).filter((s) => s.count > 0);
  return {
    tracks: scan.tracks,
    gone: scan.gone,
    durationSec: scan.durationSec,
    errors: scan.errors + analyses.failed,
    byFormat: scan.byFormat,
    byGenre: scan.byGenre,
    byPredicted,
    byStatus,
    confidenceHistogram: confidenceHistogram(db),
    analysed: analyses.ok,
    predicted: byPredicted.reduce((sum, g) => sum + g.count, 0),
    // The review status is the queue's own rule (undecided, and low, unfamiliar or disagreeing).
    reviewQueue: statusCounts.get('review') ?? 0,
  };
}
