import type { Database } from 'better-sqlite3';
import type { Decision, TrackPage, TrackQuery, TrackRow, TrackSortKey, TrackStatus } from '../../shared/api/types.js';
import { getSetting } from '../library/settings.js';
import { registerTagAgreement } from '../review/tag-agreement.js';

/**
 * Status in SQL, in precedence order, so the table can filter by it. `written` is a decision the
 * file already carries; `review` follows the review queue's rule (low confidence, unfamiliar, or a
 * confident prediction the file's tag disagrees with) through gw_tag_agrees.
 */
const STATUS_SQL = `CASE
  WHEN t.status = 'gone' THEN 'gone'
  WHEN d.track_id IS NOT NULL AND d.genre IS NOT NULL AND t.genres <> '[]' AND gw_tag_agrees(t.genres, d.genre) = 1 THEN 'written'
  WHEN d.track_id IS NOT NULL THEN 'decided'
  WHEN se.id IS NOT NULL OR a.status = 'error' THEN 'error'
  WHEN p.track_id IS NOT NULL AND (p.confidence < @threshold OR p.unfamiliar = 1
       OR (t.genres <> '[]' AND gw_tag_agrees(t.genres, p.genre) = 0)) THEN 'review'
  WHEN p.track_id IS NOT NULL THEN 'predicted'
  WHEN a.status = 'ok' THEN 'analysed'
  ELSE 'new'
END`;

const JOINS = {
  p: 'LEFT JOIN current_predictions p ON p.track_id = t.id',
  d: 'LEFT JOIN decisions d ON d.track_id = t.id',
  a: 'LEFT JOIN analyses a ON a.track_id = t.id',
  se: 'LEFT JOIN scan_errors se ON se.path = t.path',
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
    decision: r.d_action
      ? { action: r.d_action, genre: r.d_genre, source: r.d_source ?? 'user', decidedAt: r.d_at ?? '' }
      : null,
    status: r.status,
  };
}

export class TrackQueryError extends Error {
  override name = 'TrackQueryError';
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
  }
  if (needsStatus) {
    registerTagAgreement(db);
    params.threshold = getSetting(db, 'reviewThreshold');
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

/** Full rows for the given ids, in the given order. */
function rowsByIds(db: Database, ids: readonly number[]): TrackRow[] {
  if (ids.length === 0) return [];
  registerTagAgreement(db);
  const rows = db
    .prepare(`SELECT ${TRACK_COLUMNS_SQL} ${FROM_SQL} WHERE t.id IN (SELECT value FROM json_each(@ids))`)
    .all({ ids: JSON.stringify(ids), threshold: getSetting(db, 'reviewThreshold') }) as Row[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toTrackRow(row)] : [];
  });
}

/** How many present tracks are in each status, in one pass. */
export function countByStatus(db: Database): Map<TrackStatus, number> {
  registerTagAgreement(db);
  const rows = db
    .prepare(`SELECT ${STATUS_SQL} AS status, count(*) AS n ${FROM_SQL} WHERE t.status = 'present' GROUP BY 1`)
    .all({ threshold: getSetting(db, 'reviewThreshold') }) as { status: TrackStatus; n: number }[];
  return new Map(rows.map((r) => [r.status, r.n]));
}

export function getTrackRow(db: Database, id: number): TrackRow | undefined {
  registerTagAgreement(db);
  const row = db
    .prepare(`SELECT ${TRACK_COLUMNS_SQL} ${FROM_SQL} WHERE t.id = @id`)
    .get({ id, threshold: getSetting(db, 'reviewThreshold') }) as Row | undefined;
  return row ? toTrackRow(row) : undefined;
}
