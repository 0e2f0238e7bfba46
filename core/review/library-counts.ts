import type { Database } from 'better-sqlite3';
import type { CountBy, TrackStatus } from '../../shared/api/types.js';
import { refreshForRead } from './refresh-mode.js';

/**
 * The overview's counts of the tracks shown (not gone), each read off one covering index of
 * `track_list` (schema.ts) instead of joining the stages' tables for 100,000 tracks.
 */
export interface LibraryCounts {
  readonly tracks: number;
  readonly gone: number;
  readonly durationSec: number;
  readonly analysed: number;
  readonly byStatus: ReadonlyMap<TrackStatus, number>;
  readonly byFormat: readonly CountBy[];
  /** Each genre value counted once per track carrying it; spellings differing in case merged. */
  readonly byGenre: readonly CountBy[];
  readonly byPredicted: readonly CountBy[];
  /** Ten bins of shown confidence, [0, 0.1) … [0.9, 1]. */
  readonly confidenceHistogram: readonly number[];
  /** Rows are still being brought up to date (refresh-mode.ts): the counts are of the rows as they are. */
  readonly updating: boolean;
}

const byCount = (a: CountBy, b: CountBy): number => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

export function libraryCounts(db: Database): LibraryCounts {
  const updating = refreshForRead(db);
  const statuses = db.prepare('SELECT status, count(*) AS n FROM track_list GROUP BY status').all() as {
    status: TrackStatus | 'gone';
    n: number;
  }[];
  const byStatus = new Map<TrackStatus, number>();
  let gone = 0;
  for (const s of statuses) {
    if (s.status === 'gone') gone = s.n;
    else byStatus.set(s.status, s.n);
  }
  const formats = db
    .prepare(
      `SELECT coalesce(format, '') AS key, count(*) AS count, total(duration_sec) AS duration, sum(analysed) AS analysed
         FROM track_list WHERE status <> 'gone' GROUP BY format`,
    )
    .all() as { key: string; count: number; duration: number; analysed: number }[];
  return {
    tracks: formats.reduce((sum, f) => sum + f.count, 0),
    gone,
    durationSec: formats.reduce((sum, f) => sum + f.duration, 0),
    analysed: formats.reduce((sum, f) => sum + f.analysed, 0),
    byStatus,
    byFormat: formats.map((f) => ({ key: f.key, count: f.count })).sort(byCount),
    byGenre: genreCounts(db),
    byPredicted: (
      db
        .prepare(
          `SELECT predicted AS key, count(*) AS count FROM track_list
            WHERE status <> 'gone' AND predicted IS NOT NULL GROUP BY predicted`,
        )
        .all() as CountBy[]
    ).sort(byCount),
    confidenceHistogram: histogram(db),
    updating,
  };
}

/** The spelling shown for a genre is its most common one (ties: the first in code-point order). */
function genreCounts(db: Database): CountBy[] {
  const rows = db.prepare('SELECT folded, tag, count(*) AS n FROM track_list_tags GROUP BY folded, tag').all() as {
    folded: string;
    tag: string;
    n: number;
  }[];
  const genres = new Map<string, { key: string; best: number; count: number }>();
  for (const r of rows) {
    const g = genres.get(r.folded);
    if (!g) genres.set(r.folded, { key: r.tag, best: r.n, count: r.n });
    else {
      g.count += r.n;
      if (r.n > g.best) Object.assign(g, { key: r.tag, best: r.n });
    }
  }
  return [...genres.values()].map((g) => ({ key: g.key, count: g.count })).sort(byCount);
}

/** Bin k holds [k/10, (k+1)/10), the last one [0.9, 1]: ten ranges of the confidence index. */
function histogram(db: Database): number[] {
  const count = db
    .prepare("SELECT count(*) FROM track_list WHERE status <> 'gone' AND confidence >= @from AND confidence < @to")
    .pluck();
  return Array.from(
    { length: 10 },
    (_, k) => count.get({ from: k === 0 ? -Infinity : k / 10, to: k === 9 ? Infinity : (k + 1) / 10 }) as number,
  );
}
