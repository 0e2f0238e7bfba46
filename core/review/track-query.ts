import type { Database } from 'better-sqlite3';
import type { TrackPage, TrackQuery, TrackRow, TrackSortKey, TrackStatus } from '../../shared/api/types.js';
import { naturalSortKey } from '../../shared/natural-sort-key.js';
import { TRACK_COLUMNS, trackFromRow, type TrackColumns } from '../library/tracks.js';
import {
  CURRENT_PREDICTION_COLUMNS,
  CURRENT_PREDICTION_JOIN,
  currentFromRow,
  type CurrentPredictionColumns,
} from '../prediction/current.js';
import { DECISION_COLUMNS, DECISION_JOIN, decisionFromRow, type DecisionColumns } from '../decisions/decisions.js';
import { refreshForRead } from './refresh-mode.js';
import { foldGenre } from './track-list.js';
import { KindedError } from '../../shared/api/contract.js';

/**
 * The library table: every track with where it stands on the way to a settled genre. The filter,
 * sort and count read `track_list` (schema.ts), one narrow row per track kept current by
 * refreshTrackList (track-list.ts): its status and the natural sort keys of what the table shows,
 * so each filter and sort is a range of one index. The page's full rows are then read through
 * each table's owner (columns, join and row mapper) for its ids alone.
 */

/**
 * Each sort's terms, matching an index of schema.ts (SORT_INDEX_TERMS) so a page is read off the
 * index: the unfiltered table walks the partial index of shown tracks, a status filter the one
 * behind the status. Every term takes the same direction so SQLite can walk it backwards for a
 * descending sort; the track id breaks ties.
 */
const SORTS: Record<TrackSortKey, readonly string[]> = {
  artist: ['l.artist_key', 'l.album_key', 'l.disc_no', 'l.track_no', 'l.path_key'],
  title: ['l.title_key'],
  album: ['l.album_key', 'l.disc_no', 'l.track_no', 'l.path_key'],
  duration: ['l.duration_sec'],
  path: ['l.path_key'],
  genre: ['l.genre_key'],
  predicted: ['l.write_key', 'l.confidence'],
  confidence: ['l.confidence'],
  status: ['l.status', 'l.path_key'],
};

type Row = TrackColumns & CurrentPredictionColumns & DecisionColumns & { list_status: TrackStatus };

const ROW_COLUMNS_SQL = `${TRACK_COLUMNS}, ${CURRENT_PREDICTION_COLUMNS}, ${DECISION_COLUMNS}, l.status AS list_status`;

const FROM_SQL = `FROM tracks t JOIN track_list l ON l.track_id = t.id ${CURRENT_PREDICTION_JOIN} ${DECISION_JOIN}`;

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
    status: r.list_status,
  };
}

export class TrackQueryError extends KindedError {
  override name = 'TrackQueryError';
  constructor(message: string) {
    super('bad-request', message);
  }
}

/**
 * Below this many matches a page is picked by reading the matches through the filter's own index
 * and sorting them; above it, by walking the sort's index and testing each track against the
 * filters (from the index where it holds the column, the status always), which finds a page after
 * about (offset + limit) × library ÷ matches entries. The two cost the same near a few thousand.
 */
const SORT_MATCHES_BELOW = 3000;

/**
 * The WHERE clause and its parameters for the table's filters, over `track_list l`. With `walk`,
 * each filter's column is written `+column`, which keeps SQLite from reading the matches through
 * that column's index, so it walks the sort's index instead; the sort's own first column keeps
 * its index (a confidence range sorted by confidence is one range of it).
 */
interface Filter {
  readonly sql: string;
  readonly params: Record<string, string | number>;
  /** The text search index the search reads, if there is a search and it uses one. */
  readonly searchIndex?: SearchIndex;
}

function filterClause(q: TrackQuery, walk = false): Filter {
  const leading = SORTS[q.sort ?? 'artist'][0];
  const col = (name: string): string => (walk && name !== leading ? `+${name}` : name);
  // The shown tracks' test stays beside a status so the sorts' partial indexes remain usable.
  const where: string[] = q.status === 'gone' ? [] : ["l.status <> 'gone'"];
  const params: Record<string, string | number> = {};
  let searchIndex: SearchIndex | undefined;
  if (q.status !== undefined) {
    params.status = q.status;
    where.push(`${col('l.status')} = @status`);
  }
  const search = q.search?.trim();
  if (search) {
    const clause = searchClause(search);
    searchIndex = clause.index;
    params.search = clause.param;
    where.push(`${col('l.track_id')} IN ${clause.sql}`);
  }
  if (q.artist) {
    params.artist = naturalSortKey(q.artist) ?? '';
    where.push(`${col('l.artist_key')} = @artist`);
  }
  if (q.album) {
    params.album = naturalSortKey(q.album) ?? '';
    where.push(`${col('l.album_key')} = @album`);
  }
  if (q.genre) {
    // track_list_tags holds the tracks shown; the gone view reads the files' genres itself.
    params.genre = q.status === 'gone' ? q.genre : foldGenre(q.genre);
    where.push(
      `${col('l.track_id')} IN ` +
        (q.status === 'gone'
          ? "(SELECT t.id FROM tracks t, json_each(t.genres) j WHERE t.status = 'gone' AND j.value = @genre COLLATE NOCASE)"
          : '(SELECT track_id FROM track_list_tags WHERE folded = @genre)'),
    );
  }
  if (q.predicted) {
    params.predicted = q.predicted;
    where.push(`${col('l.predicted')} = @predicted`);
  }
  if (q.minConfidence !== undefined) {
    params.minConfidence = q.minConfidence;
    where.push(`${col('l.confidence')} >= @minConfidence`);
  }
  if (q.maxConfidence !== undefined) {
    params.maxConfidence = q.maxConfidence;
    where.push(`${col('l.confidence')} <= @maxConfidence`);
  }
  return { sql: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params, ...(searchIndex && { searchIndex }) };
}

/**
 * One page of the library table, with the true count of tracks matching. A page past the middle
 * is read from the other end (the index walked backwards) so the last page costs what the first
 * does.
 */
export function queryTracks(db: Database, q: TrackQuery = {}): TrackPage {
  const terms = SORTS[q.sort ?? 'artist'];
  if (!terms) throw new TrackQueryError(`cannot sort by ${String(q.sort)}`);
  const updating = refreshForRead(db) && ({ updating: true } as const);
  const filter = filterClause(q);
  // With the status as the only filter, the narrow status index counts; with a confidence range
  // (and perhaps a status and a predicted genre), the confidence index, which holds all three.
  const keys = Object.keys(filter.params);
  const onlyStatus = keys.every((k) => k === 'status');
  const confidenceRange =
    q.status !== 'gone' &&
    keys.some((k) => k.endsWith('Confidence')) &&
    keys.every((k) => ['status', 'predicted', 'minConfidence', 'maxConfidence'].includes(k));
  const counter = onlyStatus
    ? 'INDEXED BY track_list_state'
    : confidenceRange
      ? 'INDEXED BY track_list_confidence'
      : '';
  const searchIndex = keys.length === 1 && keys[0] === 'search' ? filter.searchIndex : undefined;
  const total = searchIndex
    ? countSearched(db, searchIndex, filter.params)
    : (db.prepare(`SELECT count(*) FROM track_list l ${counter} ${filter.sql}`).pluck().get(filter.params) as number);
  const limit = Math.max(1, Math.min(q.limit ?? 200, 5000));
  const offset = Math.max(0, q.offset ?? 0);
  if (offset >= total) return { total, offset, rows: [], ...updating };
  const fromEnd = offset + limit / 2 > total / 2;
  const descending = (q.descending ?? false) !== fromEnd;
  const start = fromEnd ? Math.max(0, total - offset - limit) : offset;
  const take = fromEnd ? Math.min(limit, total - offset) : limit;
  const direction = descending ? 'DESC' : 'ASC';
  const order = [...terms, 'l.track_id'].map((t) => `${t} ${direction}`).join(', ');
  const walk = total > SORT_MATCHES_BELOW;
  const { sql: whereSql, params } = walk ? filterClause(q, true) : filter;
  // A few tracks of one status: read them off the status index, not a whole sort index.
  const few = walk ? '' : onlyStatus && q.status !== undefined ? 'INDEXED BY track_list_state' : counter;
  const ids = db
    .prepare(`SELECT l.track_id FROM track_list l ${few} ${whereSql} ORDER BY ${order} LIMIT @take OFFSET @start`)
    .pluck()
    .all({ ...params, take, start }) as number[];
  if (fromEnd) ids.reverse();
  return { total, offset, rows: rowsByIds(db, ids), ...updating };
}

/**
 * Text search. From three characters on, a substring of the title, artist, album or path, case
 * and accents folded, read off the trigram index (tracks_search, migrations 9 and 16). One or two characters have no
 * trigram: they find the tracks with a word of the title, artist, album or file name starting with
 * them, case and accents folded, off the word index's prefix index (tracks_words, migration 15);
 * text of that length with no letter or digit, which no word starts with, is still matched as a
 * substring with LIKE, wildcards escaped. The text goes into FTS5 quoted as one phrase, so quotes,
 * `*`, `-`, AND/OR/NOT or column names in it are plain text.
 */
function searchClause(text: string): { sql: string; param: string; index?: SearchIndex } {
  const phrase = `"${text.replace(/"/g, '""')}"`;
  const index: SearchIndex | undefined =
    [...text].length >= 3 ? 'tracks_search' : /[\p{L}\p{N}]/u.test(text) ? 'tracks_words' : undefined;
  if (index) {
    const sql = `(SELECT rowid FROM ${index} WHERE ${index} MATCH @search)`;
    return { sql, param: index === 'tracks_words' ? `${phrase}*` : phrase, index };
  }
  return {
    sql: "(SELECT t.id FROM tracks t WHERE t.title LIKE @search ESCAPE '\\' OR t.artist LIKE @search ESCAPE '\\' OR t.album LIKE @search ESCAPE '\\' OR t.path LIKE @search ESCAPE '\\')",
    param: `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
  };
}

type SearchIndex = 'tracks_search' | 'tracks_words';

/**
 * The count of the shown tracks a text search alone finds: every track its index matches (each
 * track has its track_list row once refreshed) less the gone ones among them. Each count reads the
 * index's matches in rowid order, the second testing them against the few gone tracks' ids, where
 * looking each match up in track_list cost 25-35 ms of CPU for 30,000 matches at 100,000 tracks.
 */
function countSearched(db: Database, index: SearchIndex, params: Record<string, string | number>): number {
  const matches = `SELECT count(*) FROM ${index} WHERE ${index} MATCH @search`;
  const gone = "SELECT track_id FROM track_list WHERE status = 'gone'";
  return db.prepare(`SELECT (${matches}) - (${matches} AND +rowid IN (${gone}))`).pluck().get(params) as number;
}

/** Full rows for the given ids, in the given order. */
function rowsByIds(db: Database, ids: readonly number[]): TrackRow[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare(`SELECT ${ROW_COLUMNS_SQL} ${FROM_SQL} WHERE t.id IN (SELECT value FROM json_each(@ids))`)
    .all({ ids: JSON.stringify(ids) }) as Row[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toTrackRow(row)] : [];
  });
}

/** How many present tracks are in each status, off the status indexes. */
export function countByStatus(db: Database): Map<TrackStatus, number> {
  refreshForRead(db);
  const rows = db
    .prepare("SELECT status, count(*) AS n FROM track_list WHERE status <> 'gone' GROUP BY status")
    .all() as { status: TrackStatus; n: number }[];
  return new Map(rows.map((r) => [r.status, r.n]));
}

export function getTrackRow(db: Database, id: number): TrackRow | undefined {
  refreshForRead(db);
  const row = db.prepare(`SELECT ${ROW_COLUMNS_SQL} ${FROM_SQL} WHERE t.id = @id`).get({ id }) as Row | undefined;
  return row ? toTrackRow(row) : undefined;
}
