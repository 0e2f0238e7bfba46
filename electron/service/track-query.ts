import type { Database } from 'better-sqlite3';
import type { Decision, TrackPage, TrackQuery, TrackRow, TrackSortKey, TrackStatus } from '../../shared/api/types.js';
import { getSetting } from '../library/settings.js';
import { registerTagAgreement } from '../review/tag-agreement.js';

/**
 * Status in SQL, in precedence order, so the table can filter and sort by it over 100,000 rows.
 * `review` follows the review queue's rule (low confidence, unfamiliar, or a confident prediction
 * the file's tag disagrees with) through gw_tag_agrees.
 */
const STATUS_SQL = `CASE
  WHEN t.status = 'gone' THEN 'gone'
  WHEN d.track_id IS NOT NULL THEN 'decided'
  WHEN se.id IS NOT NULL OR a.status = 'error' THEN 'error'
  WHEN p.track_id IS NOT NULL AND (p.confidence < @threshold OR p.unfamiliar = 1
       OR (t.genres <> '[]' AND gw_tag_agrees(t.genres, p.genre) = 0)) THEN 'review'
  WHEN p.track_id IS NOT NULL THEN 'predicted'
  WHEN a.status = 'ok' THEN 'analysed'
  ELSE 'new'
END`;

const FROM_SQL = `FROM tracks t
  LEFT JOIN current_predictions p ON p.track_id = t.id
  LEFT JOIN decisions d ON d.track_id = t.id
  LEFT JOIN analyses a ON a.track_id = t.id
  LEFT JOIN scan_errors se ON se.path = t.path`;

const SORT_SQL: Record<TrackSortKey, string> = {
  title: 'coalesce(t.title, t.path) COLLATE NOCASE',
  artist: "coalesce(t.artist, '') COLLATE NOCASE",
  album: "coalesce(t.album, '') COLLATE NOCASE",
  genre: "t.genres COLLATE NOCASE",
  predicted: "coalesce(p.genre, '')",
  confidence: 'coalesce(p.confidence, -1)',
  status: 'status',
  path: 't.path',
  duration: 'coalesce(t.duration_sec, 0)',
};

interface Row {
  id: number;
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  album_artist: string | null;
  year: number | null;
  track_no: number | null;
  disc_no: number | null;
  duration_sec: number | null;
  container: string | null;
  genres: string;
  predicted: string | null;
  confidence: number | null;
  source: 'default' | 'personal' | null;
  unfamiliar: number | null;
  d_action: Decision['action'] | null;
  d_genre: string | null;
  d_source: Decision['source'] | null;
  d_at: string | null;
  status: TrackStatus;
}

export const TRACK_COLUMNS_SQL = `t.id, t.path, t.title, t.artist, t.album, t.album_artist, t.year, t.track_no, t.disc_no,
  t.duration_sec, t.container, t.genres, p.genre AS predicted, p.confidence, p.source, p.unfamiliar,
  d.action AS d_action, d.genre AS d_genre, d.source AS d_source, d.decided_at AS d_at, ${STATUS_SQL} AS status`;

export function toTrackRow(r: Row): TrackRow {
  return {
    id: r.id,
    path: r.path,
    title: r.title,
    artist: r.artist,
    album: r.album,
    albumArtist: r.album_artist,
    year: r.year,
    trackNo: r.track_no,
    discNo: r.disc_no,
    durationSec: r.duration_sec,
    format: r.container,
    genres: JSON.parse(r.genres) as string[],
    predicted: r.predicted,
    confidence: r.confidence,
    source: r.source,
    unfamiliar: r.unfamiliar === 1,
    decision: r.d_action ? { action: r.d_action, genre: r.d_genre, source: r.d_source ?? 'user', decidedAt: r.d_at ?? '' } : null,
    status: r.status,
  };
}

export class TrackQueryError extends Error {
  override name = 'TrackQueryError';
}

/** One page of the library table: filtered, sorted and counted in SQL. */
export function queryTracks(db: Database, q: TrackQuery = {}): TrackPage {
  registerTagAgreement(db);
  const where: string[] = [];
  const params: Record<string, string | number> = { threshold: getSetting(db, 'reviewThreshold') };
  if (q.status !== 'gone') where.push("t.status = 'present'");
  if (q.search?.trim()) {
    params.search = `%${q.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      "(t.title LIKE @search ESCAPE '\\' OR t.artist LIKE @search ESCAPE '\\' OR t.album LIKE @search ESCAPE '\\' OR t.path LIKE @search ESCAPE '\\')",
    );
  }
  if (q.genre) {
    params.genre = q.genre;
    where.push('EXISTS (SELECT 1 FROM json_each(t.genres) j WHERE j.value = @genre COLLATE NOCASE)');
  }
  if (q.predicted) {
    params.predicted = q.predicted;
    where.push('p.genre = @predicted');
  }
  if (q.minConfidence !== undefined) {
    params.minConfidence = q.minConfidence;
    where.push('p.confidence >= @minConfidence');
  }
  if (q.maxConfidence !== undefined) {
    params.maxConfidence = q.maxConfidence;
    where.push('p.confidence <= @maxConfidence');
  }
  if (q.status) {
    params.status = q.status;
    where.push(`(${STATUS_SQL}) = @status`);
  }
  const sortKey = q.sort ?? 'artist';
  const order = SORT_SQL[sortKey];
  if (!order) throw new TrackQueryError(`cannot sort by ${String(sortKey)}`);
  const direction = q.descending ? 'DESC' : 'ASC';
  const limit = Math.max(1, Math.min(q.limit ?? 200, 5000));
  const offset = Math.max(0, q.offset ?? 0);
  const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.prepare(`SELECT COUNT(*) ${FROM_SQL} ${whereSql}`).pluck().get(params) as number;
  const rows = db
    .prepare(
      `SELECT ${TRACK_COLUMNS_SQL} ${FROM_SQL} ${whereSql}
        ORDER BY ${order} ${direction}, coalesce(t.album, '') COLLATE NOCASE, t.disc_no, t.track_no, t.path
        LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit, offset }) as Row[];
  return { total, offset, rows: rows.map(toTrackRow) };
}

export function getTrackRow(db: Database, id: number): TrackRow | undefined {
  registerTagAgreement(db);
  const row = db
    .prepare(`SELECT ${TRACK_COLUMNS_SQL} ${FROM_SQL} WHERE t.id = @id`)
    .get({ id, threshold: getSetting(db, 'reviewThreshold') }) as Row | undefined;
  return row ? toTrackRow(row) : undefined;
}
