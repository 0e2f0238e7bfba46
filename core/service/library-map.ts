import type { Database } from 'better-sqlite3';
import { MAP_FLAG_DECIDED, MAP_FLAG_REVIEW, type LibraryMap } from '../../shared/api/similarity.js';
import { getSetting } from '../library/settings.js';
import { CURRENT_PREDICTION_JOIN } from '../prediction/current.js';
import { DECISION_JOIN } from '../decisions/decisions.js';
import { prepareReviewSql, REVIEW_REASON_SQL } from '../review/needs-review.js';
import type { SimilarityIndex } from '../similarity/library-index.js';
import type { PrincipalComponents } from '../similarity/pca.js';

interface PointState {
  id: number;
  genre: string | null;
  decided: number;
  review: number;
}

/**
 * Each present track's colour and marks on the map: the decided genre (a skip decides nothing),
 * else the predicted one; whether it is decided; whether it needs review (the review rule on an
 * undecided prediction).
 */
function pointStates(db: Database): Map<number, PointState> {
  prepareReviewSql(db);
  const rows = db
    .prepare(
      `SELECT t.id, coalesce(d.genre, p.genre) AS genre,
              (d.track_id IS NOT NULL AND d.action <> 'skip') AS decided,
              (d.track_id IS NULL AND p.track_id IS NOT NULL AND ${REVIEW_REASON_SQL} IS NOT NULL) AS review
         FROM tracks t ${CURRENT_PREDICTION_JOIN} ${DECISION_JOIN}
        WHERE t.status = 'present'`,
    )
    .all({ reviewThreshold: getSetting(db, 'reviewThreshold') }) as PointState[];
  return new Map(rows.map((r) => [r.id, r]));
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4;

/** The map of every track in the index from its principal components (similarity/pca.ts). */
export function libraryMap(db: Database, index: SimilarityIndex, pca: PrincipalComponents): LibraryMap {
  const states = pointStates(db);
  const genres: string[] = [];
  const genreIndex = new Map<string, number>();
  const n = index.trackIds.length;
  const ids = new Array<number>(n);
  const x = new Array<number>(n);
  const y = new Array<number>(n);
  const genre = new Array<number>(n);
  const flags = new Array<number>(n);
  const { data, cols } = pca.coordinates;
  for (let i = 0; i < n; i++) {
    const id = index.trackIds[i] as number;
    const state = states.get(id);
    let g = -1;
    if (state?.genre) {
      g = genreIndex.get(state.genre) ?? genres.push(state.genre) - 1;
      genreIndex.set(state.genre, g);
    }
    ids[i] = id;
    x[i] = round(data[i * cols] as number);
    y[i] = cols > 1 ? round(data[i * cols + 1] as number) : 0;
    genre[i] = g;
    flags[i] = (state?.decided ? MAP_FLAG_DECIDED : 0) | (state?.review ? MAP_FLAG_REVIEW : 0);
  }
  return { method: 'pca', metric: index.metric, explained: pca.explained, genres, ids, x, y, genre, flags };
}
