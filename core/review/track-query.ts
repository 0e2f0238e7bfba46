import type { Database } from 'better-sqlite3';
import type { TrackPage, TrackQuery, TrackRow, TrackSortKey, TrackStatus } from '../../shared/api/types.js';
import { ANALYSIS_JOIN } from '../analysis/store.js';
import { getSetting } from '../library/settings.js';
import { SCAN_ERROR_JOIN, TRACK_COLUMNS, trackFromRow, type TrackColumns } from '../library/tracks.js';
import {
  CURRENT_PREDICTION_COLUMNS,
  CURRENT_PREDICTION_JOIN,
  currentFromRow,
  type CurrentPredictionColumns,
} from '../prediction/current.js';
import { DECISION_COLUMNS, DECISION_JOIN, decisionFromRow, type DecisionColumns } from '../decisions/decisions.js';
import { prepareReviewSql, REVIEW_REASON_SQL } from './needs-review.js';
import { KindedError } from '../../shared/api/contract.js';

/**
 * The library table: every track with where it stands on the way to a settled genre. Each table
 * is read through its owner's columns, join and row mapper; what is this module's own is the
 * status and the filter and sort over all of them.
 *
 * Status in SQL, in precedence order, so the table can filter by it. `written` is a decision the
 * file already carries; `review` is the review rule (needs-review.ts) on an undecided track.
 */
const STATUS_SQL = `CASE
  WHEN t.status = 'gone' THEN 'gone'
  WHEN d.track_id IS NOT NULL AND d.genre IS NOT NULL AND t.genres <> '[]' AND gw_tag_agrees(t.genres, d.genre) = 1 THEN 'written'
  WHEN d.track_id IS NOT NULL AND d.action = 'skip' THEN 'skipped'
  WHEN d.track_id IS NOT NULL THEN 'decided'
  WHEN se.id IS NOT NULL OR a.status = 'error' THEN 'error'
  WHEN p.track_id IS NOT NULL AND ${REVIEW_REASON_SQL} IS NOT NULL THEN 'review'
  WHEN p.track_id IS NOT NULL THEN 'predicted'
  WHEN a.status = 'ok' THEN 'analysed'
  ELSE 'new'
END`;

/**
 * What a status implies, added beside the status test so SQLite reads only the tracks that can
 * have it: a decided, skipped or written track has a decision row, an error track a scan error or
 * a failed analysis, an analysed one a good analysis and no prediction. Those rows are looked up
 * by key instead of deriving the status of all 100,000 tracks. It never changes the result, only
 * the plan (tests/review/track-status-filter.test.ts checks each status against every row).
 */
const STATUS_NARROWING: Partial<Record<TrackStatus, string>> = {
  written: 't.id IN (SELECT track_id FROM decisions)',
  skipped: 't.id IN (SELECT track_id FROM decisions)',
  decided: 't.id IN (SELECT track_id FROM decisions)',
  error: "(t.path IN (SELECT path FROM scan_errors) OR t.id IN (SELECT track_id FROM analyses WHERE status = 'error'))",
  analysed:
    "t.id IN (SELECT track_id FROM analyses WHERE status = 'ok' AND track_id NOT IN (SELECT track_id FROM current_predictions))",
};

const JOINS = {
  p: CURRENT_PREDICTION_JOIN,
  d: DECISION_JOIN,
  a: ANALYSIS_JOIN,
  se: SCAN_ERROR_JOIN,
} as const;
type JoinName = keyof typeof JOINS;

const FROM_SQL = `FROM tracks t ${Object.values(JOINS).join(' ')}`;

/**
 * Each sort with its tie-breakers, written to match an index (migration 006) where one exists:
 * the page of ids is then read off the index, not sorted from all rows. Every term takes the
 * same direction so SQLite can walk the index backwards for a descending sort.
 */
const SORTS: Record<TrackSortKey, { readonly terms: readonly string[]; readonly joins: readonly JoinName[] }> = {
  artist: {
    terms: ['t.artist COLLATE NOCASE', 't.album COLLATE NOCASE', 't.disc_no', 't.track_no', 't.path'],
    joins: [],
  },
  title: { terms: ['t.title COLLATE NOCASE', 't.path'], joins: [] },
  album: { terms: ['t.album COLLATE NOCASE', 't.disc_no', 't.track_no', 't.path'], joins: [] },
  duration: { terms: ['t.duration_sec', 't.path'], joins: [] },
  path: { terms: ['t.path'], joins: [] },
  genre: { terms: ['t.genres COLLATE NOCASE', 't.path'], joins: [] },
  predicted: { terms: ['p.genre', 'p.confidence', 't.path'], joins: ['p'] },
  confidence: { terms: ['p.confidence', 't.path'], joins: ['p'] },
  status: { terms: [STATUS_SQL, 't.path'], joins: ['p', 'd', 'a', 'se'] },
};

type Row = TrackColumns & CurrentPredictionColumns & DecisionColumns & { status: TrackStatus };

const ROW_COLUMNS_SQL = `${TRACK_COLUMNS}, ${CURRENT_PREDICTION_COLUMNS}, ${DECISION_COLUMNS}, ${STATUS_SQL} AS status`;

/** The API's TrackRow: the track's own row with its current prediction, decision and status. */
function toTrackRow(r: Row): TrackRow {
  const t = trackFromRow(r);
  const p = currentFromRow(r);
  return {
    id: t.id,
    path: t.path,
    title: t.title,
    artist: t.artist,
    album: t.album,
    albumArtist: t.albumArtist,
    year: t.year,
    trackNo: t.trackNo,
    discNo: t.discNo,
    durationSec: t.durationSec,
    format: t.container,
    genres: t.genres,
    predicted: p?.genre ?? null,
    confidence: p?.confidence ?? null,
    source: p?.source ?? null,
    unfamiliar: p?.unfamiliar ?? false,
    decision: decisionFromRow(r),
    status: r.status,
  };
}

export class TrackQueryError extends KindedError {
  override name = 'TrackQueryError';
  constructor(message: string) {
    super('bad-request', message);
  }
}

/**
 * One page of the library table. Two steps keep it fast on 100,000 tracks: the filter and sort
 * pick the page's ids touching only the columns and joins they need (through the order indexes),
 * then the full rows, with their status, are built for those ids alone.
 */
export function queryTracks(db: Database, q: TrackQuery = {}): TrackPage {
  const where: string[] = [];
  const joins = new Set<JoinName>();
  const params: Record<string, string | number> = {};
  where.push(q.status === 'gone' ? "t.status = 'gone'" : "t.status = 'present'");
  const search = q.search?.trim();
  if (search) {
    const clause = searchClause(search);
    params.search = clause.param;
    where.push(clause.sql);
  }
  if (q.artist) {
    params.artist = q.artist;
    where.push('t.artist = @artist COLLATE NOCASE');
  }
  if (q.album) {
    params.album = q.album;
    where.push('t.album = @album COLLATE NOCASE');
  }
  if (q.genre) {
    params.genre = q.genre;
    where.push('EXISTS (SELECT 1 FROM json_each(t.genres) j WHERE j.value = @genre COLLATE NOCASE)');
  }
  if (q.predicted) {
    params.predicted = q.predicted;
    joins.add('p');
    where.push('p.genre = @predicted');
  }
  if (q.minConfidence !== undefined) {
    params.minConfidence = q.minConfidence;
    joins.add('p');
    where.push('p.confidence >= @minConfidence');
  }
  if (q.maxConfidence !== undefined) {
    params.maxConfidence = q.maxConfidence;
    joins.add('p');
    where.push('p.confidence <= @maxConfidence');
  }
  const sort = SORTS[q.sort ?? 'artist'];
  if (!sort) throw new TrackQueryError(`cannot sort by ${String(q.sort)}`);
  const needsStatus = (q.status !== undefined && q.status !== 'gone') || q.sort === 'status';
  if (q.status !== undefined && q.status !== 'gone') {
    params.status = q.status;
    where.push(`(${STATUS_SQL}) = @status`);
    const narrowing = STATUS_NARROWING[q.status];
    if (narrowing) where.push(narrowing);
  }
  if (needsStatus) {
    prepareReviewSql(db);
    params.reviewThreshold = getSetting(db, 'reviewThreshold');
    for (const j of Object.keys(JOINS) as JoinName[]) joins.add(j);
  }
  for (const j of sort.joins) joins.add(j);
  const direction = q.descending ? 'DESC' : 'ASC';
  const limit = Math.max(1, Math.min(q.limit ?? 200, 5000));
  const offset = Math.max(0, q.offset ?? 0);
  const from = `FROM tracks t ${[...joins].map((j) => JOINS[j]).join(' ')}`;
  const whereSql = `WHERE ${where.join(' AND ')}`;
  const total = db.prepare(`SELECT count(*) ${from} ${whereSql}`).pluck().get(params) as number;
  const ids = db
    .prepare(
      `SELECT t.id ${from} ${whereSql} ORDER BY ${sort.terms.map((t) => `${t} ${direction}`).join(', ')} LIMIT @limit OFFSET @offset`,
    )
    .pluck()
    .all({ ...params, limit, offset }) as number[];
  return { total, offset, rows: rowsByIds(db, ids) };
}

/**
 * Text search: a case-insensitive substring of the title, artist, album or path. From three
 * characters on it reads the trigram index (tracks_search, migration 009), the whole text quoted
 * as one FTS5 phrase so quotes, `*`, `-`, AND/OR/NOT or column names in it are plain text; a
 * shorter text has no trigram to look up and is matched with LIKE, wildcards escaped.
 */
function searchClause(text: string): { sql: string; param: string } {
  if ([...text].length >= 3) {
    return {
      sql: 't.id IN (SELECT rowid FROM tracks_search WHERE tracks_search MATCH @search)',
      param: `"${text.replace(/"/g, '""')}"`,
    };
  }
  return {
    sql: "(t.title LIKE @search ESCAPE '\\' OR t.artist LIKE @search ESCAPE '\\' OR t.album LIKE @search ESCAPE '\\' OR t.path LIKE @search ESCAPE '\\')",
    param: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
  };
}

/** Full rows for the given ids, in the given order. */
function rowsByIds(db: Database, ids: readonly number[]): TrackRow[] {
  if (ids.length === 0) return [];
  prepareReviewSql(db);
  const rows = db
    .prepare(`SELECT ${ROW_COLUMNS_SQL} ${FROM_SQL} WHERE t.id IN (SELECT value FROM json_each(@ids))`)
    .all({ ids: JSON.stringify(ids), reviewThreshold: getSetting(db, 'reviewThreshold') }) as Row[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toTrackRow(row)] : [];
  });
}

/** How many present tracks are in each status, in one pass. */
export function countByStatus(db: Database): Map<TrackStatus, number> {
  prepareReviewSql(db);
  const rows = db
    .prepare(`SELECT ${STATUS_SQL} AS status, count(*) AS n ${FROM_SQL} WHERE t.status = 'present' GROUP BY 1`)
    .all({ reviewThreshold: getSetting(db, 'reviewThreshold') }) as { status: TrackStatus; n: number }[];
  return new Map(rows.map((r) => [r.status, r.n]));
}

export function getTrackRow(db: Database, id: number): TrackRow | undefined {
  prepareReviewSql(db);
  const row = db
    .prepare(`SELECT ${ROW_COLUMNS_SQL} ${FROM_SQL} WHERE t.id = @id`)
    .get({ id, reviewThreshold: getSetting(db, 'reviewThreshold') }) as Row | undefined;
  return row ? toTrackRow(row) : undefined;
}
