import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getSettings, updateSettings } from '../../core/library/settings.js';
import {
  CONFIDENT_SQL,
  isConfident,
  prepareReviewSql,
  REVIEW_REASON_SQL,
  reviewReason,
  type ReviewCandidate,
} from '../../core/review/needs-review.js';
import { reviewQueue } from '../../core/review/queue.js';
import { countByStatus, queryTracks } from '../../core/review/track-query.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

/** Every combination the rule distinguishes, around the threshold and through the alias table. */
function grid(): (ReviewCandidate & { path: string })[] {
  const out: (ReviewCandidate & { path: string })[] = [];
  const tags = [[], ['Rap'], [' hip-hop '], ['Hip-Hop'], ['Rock'], ['Rock', 'rap'], ['bossa nova']];
  let n = 0;
  for (const confidence of [0.2, 0.6, 0.95])
    for (const unfamiliar of [false, true])
      for (const genres of tags)
        for (const predicted of ['hiphop', 'Bossa Nova'])
          out.push({ path: `/music/${n++}.mp3`, confidence, unfamiliar, genres, predicted });
  return out;
}

describe('the review rule', () => {
  let lib: TempLibrary;
  beforeEach(() => {
    lib = tempLibrary();
    updateSettings(lib.db, { reviewThreshold: 0.6 });
  });
  afterEach(() => lib.close());

  it('gives the same answer in SQL and in TypeScript for every combination', () => {
    const cases = grid();
    const ids = seedTracks(lib.db, cases);
    prepareReviewSql(lib.db);
    const settings = getSettings(lib.db);
    for (const threshold of [0.2, 0.6, 0.9]) {
      const rows = lib.db
        .prepare(
          `SELECT t.id, ${REVIEW_REASON_SQL} AS reason, ${CONFIDENT_SQL} AS confident
             FROM tracks t JOIN current_predictions p ON p.track_id = t.id ORDER BY t.id`,
        )
        .all({ reviewThreshold: threshold }) as { id: number; reason: string | null; confident: number }[];
      expect(rows.map((r) => r.id)).toEqual(ids);
      const inSql = rows.map((r) => [r.reason, r.confident === 1]);
      const inTs = cases.map((c) => [reviewReason(c, threshold, settings), isConfident(c, threshold)]);
      expect(inSql).toEqual(inTs);
    }
    // The grid reaches every outcome, so agreement is not agreement on one answer.
    const reasons = new Set(cases.map((c) => reviewReason(c, 0.6, settings)));
    expect(reasons).toEqual(new Set([null, 'unfamiliar', 'low-confidence', 'disagrees-with-tag']));
  });

  it('is what the queue, the table status and the counters apply to undecided tracks', () => {
    const cases = grid();
    seedTracks(lib.db, cases);
    const settings = getSettings(lib.db);
    const expected = cases.filter((c) => reviewReason(c, 0.6, settings) !== null).map((c) => c.path);
    const queue = reviewQueue(lib.db).items.map((i) => i.path);
    expect([...queue].sort()).toEqual([...expected].sort());
    expect(
      queryTracks(lib.db, { status: 'review', limit: 5000 })
        .rows.map((r) => r.path)
        .sort(),
    ).toEqual([...expected].sort());
    expect(countByStatus(lib.db).get('review')).toBe(expected.length);
  });
});
