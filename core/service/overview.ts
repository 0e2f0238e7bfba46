import type { Database } from 'better-sqlite3';
import type { LibraryStats } from '../../shared/api/types.js';
import { libraryCounts } from '../review/library-counts.js';
import { countProblems } from '../review/problems.js';

const STATUS_ORDER = ['new', 'analysed', 'predicted', 'review', 'decided', 'skipped', 'written', 'error'] as const;

/**
 * Everything the overview screen shows, in one call, off the library table's own index
 * (review/library-counts.ts). Problems have one definition and one count (review/problems.ts):
 * the Problems tile (`errors`) and the status bar's "error" are both that count.
 */
export function libraryOverview(db: Database): LibraryStats {
  const counts = libraryCounts(db);
  const problems = countProblems(db);
  const byStatus = STATUS_ORDER.map((key) => ({
    key,
    count: key === 'error' ? problems.total : (counts.byStatus.get(key) ?? 0),
  })).filter((s) => s.count > 0);
  return {
    tracks: counts.tracks,
    gone: counts.gone,
    durationSec: counts.durationSec,
    errors: problems.total,
    byFormat: counts.byFormat,
    byGenre: counts.byGenre,
    byPredicted: counts.byPredicted,
    byStatus,
    confidenceHistogram: counts.confidenceHistogram,
    analysed: counts.analysed,
    predicted: counts.byPredicted.reduce((sum, g) => sum + g.count, 0),
    // The review status is the queue's own rule (undecided, and low, unfamiliar or disagreeing).
    reviewQueue: counts.byStatus.get('review') ?? 0,
    ...(counts.updating && { updating: true }),
  };
}
