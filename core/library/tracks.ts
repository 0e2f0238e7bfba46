import type { CountBy, FileError } from '../../shared/api/types.js';
import type { Database } from './db.js';
import type { TrackTags } from './track-tags.js';
import type { ScanErrorKind } from './scan-error-kind.js';

/** A track as the library knows it from scanning: file facts and the tags in the file. */
export interface LibraryTrack extends TrackTags {
  readonly id: number;
  readonly path: string;
  readonly status: 'present' | 'gone';
  /** Lower-case file extension: what people call the format (mp3, flac, m4a, …). */
  readonly format: string | null;
  readonly size: number;
  readonly mtimeMs: number;
  readonly addedAt: string;
  readonly updatedAt: string;
}

export interface TrackFilter {
  /** Tracks carrying this genre value (case-insensitive, whole value). */
  readonly genre?: string;
  /** Substring of title, artist, album or path (case-insensitive). */
  readonly search?: string;
  /** Include tracks whose file has disappeared. */
  readonly includeGone?: boolean;
  readonly limit?: number;
  readonly offset?: number;
}

/**
 * A `tracks` row as SQLite returns it: the one row type of the table. Queries of later stages
 * that join other tables select TRACK_COLUMNS beside their own and map this part with
 * trackFromRow, so no other module spells the table's columns out again.
 */
export interface TrackColumns {
  id: number;
  path: string;
  status: 'present' | 'gone';
  title: string | null;
  artist: string | null;
  album: string | null;
  album_artist: string | null;
  year: number | null;
  track_no: number | null;
  disc_no: number | null;
  genres: string;
  duration_sec: number | null;
  format: string | null;
  container: string | null;
  codec: string | null;
  sample_rate: number | null;
  channels: number | null;
  bitrate: number | null;
  size: number;
  mtime_ms: number;
  added_at: string;
  updated_at: string;
}

/** The tracks columns a LibraryTrack is built from, for queries that join more tables to `t`. */
export const TRACK_COLUMNS = [
  'id',
  'path',
  'status',
  'title',
  'artist',
  'album',
  'album_artist',
  'year',
  'track_no',
  'disc_no',
  'genres',
  'duration_sec',
  'format',
  'container',
  'codec',
  'sample_rate',
  'channels',
  'bitrate',
  'size',
  'mtime_ms',
  'added_at',
  'updated_at',
]
  .map((c) => `t.${c}`)
  .join(', ');

export function trackFromRow(row: TrackColumns): LibraryTrack {
  return {
    id: row.id,
    path: row.path,
    status: row.status,
    title: row.title,
    artist: row.artist,
    album: row.album,
    albumArtist: row.album_artist,
    year: row.year,
    trackNo: row.track_no,
    discNo: row.disc_no,
    genres: parseGenres(row.genres),
    durationSec: row.duration_sec,
    format: row.format,
    container: row.container,
    codec: row.codec,
    sampleRate: row.sample_rate,
    channels: row.channels,
    bitrate: row.bitrate,
    size: row.size,
    mtimeMs: row.mtime_ms,
    addedAt: row.added_at,
    updatedAt: row.updated_at,
  };
}

function parseGenres(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

const folded = new WeakSet<Database>();

/**
 * SQLite's NOCASE and lower() fold ASCII only; genre and artist names are not ASCII-only
 * ("Électro"), so queries compare through a JS case fold registered on the connection.
 */
function withCaseFold(db: Database): Database {
  if (!folded.has(db)) {
    db.function('gw_fold', { deterministic: true }, (value: unknown) =>
      typeof value === 'string' ? value.toLocaleLowerCase('en') : null,
    );
    folded.add(db);
  }
  return db;
}

function whereClause(filter: TrackFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (!filter.includeGone) clauses.push("t.status = 'present'");
  if (filter.genre !== undefined) {
    clauses.push('EXISTS (SELECT 1 FROM json_each(t.genres) g WHERE gw_fold(g.value) = gw_fold(?))');
    params.push(filter.genre.trim());
  }
  if (filter.search !== undefined && filter.search.trim() !== '') {
    clauses.push(
      "instr(gw_fold(coalesce(t.title, '') || ' ' || coalesce(t.artist, '') || ' ' || coalesce(t.album, '') || ' ' || t.path), gw_fold(?)) > 0",
    );
    params.push(filter.search.trim());
  }
  return { sql: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** Tracks matching `filter`, ordered by path (folder order, as a file manager shows them). */
export function listTracks(db: Database, filter: TrackFilter = {}): LibraryTrack[] {
  const { sql, params } = whereClause(filter);
  const page =
    filter.limit !== undefined
      ? ` LIMIT ${Math.max(0, Math.trunc(filter.limit))} OFFSET ${Math.max(0, Math.trunc(filter.offset ?? 0))}`
      : '';
  const rows = withCaseFold(db)
    .prepare(`SELECT ${TRACK_COLUMNS} FROM tracks t ${sql} ORDER BY t.path${page}`)
    .all(...params) as TrackColumns[];
  return rows.map(trackFromRow);
}

export function countTracks(db: Database, filter: TrackFilter = {}): number {
  const { sql, params } = whereClause(filter);
  return withCaseFold(db)
    .prepare(`SELECT count(*) FROM tracks t ${sql}`)
    .pluck()
    .get(...params) as number;
}

export function getTrack(db: Database, id: number): LibraryTrack | undefined {
  const row = db.prepare(`SELECT ${TRACK_COLUMNS} FROM tracks t WHERE t.id = ?`).get(id) as TrackColumns | undefined;
  return row ? trackFromRow(row) : undefined;
}

export function trackExists(db: Database, id: number): boolean {
  return db.prepare('SELECT 1 FROM tracks WHERE id = ?').pluck().get(id) !== undefined;
}

/** The id of the present track at one of `paths` (the first found), if any. */
export function presentTrackAt(db: Database, paths: readonly string[]): number | undefined {
  for (const path of paths) {
    const id = db.prepare("SELECT id FROM tracks WHERE path = ? AND status = 'present'").pluck().get(path) as
      number | undefined;
    if (id !== undefined) return id;
  }
  return undefined;
}

/** The file of a present track, or undefined when there is no such track or its file is gone. */
export function presentTrackPath(db: Database, id: number): string | undefined {
  return db.prepare("SELECT path FROM tracks WHERE id = ? AND status = 'present'").pluck().get(id) as
    string | undefined;
}

/** Present tracks per library root id. */
export function presentTracksPerRoot(db: Database): Map<number, number> {
  const rows = db
    .prepare("SELECT root_id AS id, count(*) AS n FROM tracks WHERE status = 'present' GROUP BY root_id")
    .all() as { id: number; n: number }[];
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** What a library row learns from a file Genrewise wrote (core/tags), without a rescan. */
export interface LibraryRowUpdate {
  readonly genres: readonly string[];
  readonly size: number;
  readonly mtimeMs: number;
  readonly fingerprint: string | null;
}

export function updateTrackAfterWrite(db: Database, trackId: number, values: LibraryRowUpdate): void {
  db.prepare(
    `UPDATE tracks SET genres = ?, size = ?, mtime_ms = ?, fingerprint = COALESCE(?, fingerprint), updated_at = ? WHERE id = ?`,
  ).run(
    JSON.stringify(values.genres),
    values.size,
    values.mtimeMs,
    values.fingerprint,
    new Date().toISOString(),
    trackId,
  );
}

/** What the scan knows about the library as a whole. Counts are of present tracks. */
export interface LibraryScanStats {
  readonly tracks: number;
  readonly gone: number;
  readonly durationSec: number;
  readonly sizeBytes: number;
  /** Files that could not be read, and folders that could not be walked. */
  readonly errors: number;
  readonly fileErrors: number;
  readonly folderErrors: number;
  readonly byFormat: readonly CountBy[];
  /** Each genre value counted once per track carrying it; spellings differing in case merged. */
  readonly byGenre: readonly CountBy[];
  readonly withoutGenre: number;
  readonly errorsByKind: readonly CountBy[];
  readonly roots: number;
}

export function libraryStats(db: Database): LibraryScanStats {
  withCaseFold(db);
  const totals = db
    .prepare(
      `SELECT count(*) AS tracks, coalesce(sum(duration_sec), 0) AS durationSec, coalesce(sum(size), 0) AS sizeBytes,
              sum(genres = '[]') AS withoutGenre
         FROM tracks WHERE status = 'present'`,
    )
    .get() as { tracks: number; durationSec: number; sizeBytes: number; withoutGenre: number | null };
  const gone = db.prepare("SELECT count(*) FROM tracks WHERE status = 'gone'").pluck().get() as number;
  const byFormat = db
    .prepare(
      `SELECT coalesce(format, '') AS key, count(*) AS count FROM tracks WHERE status = 'present' GROUP BY format ORDER BY count DESC, key`,
    )
    .all() as CountBy[];
  // The spelling shown for a genre is its most common one (ties: alphabetical).
  const byGenre = db
    .prepare(
      `WITH v AS (SELECT g.value AS value, gw_fold(g.value) AS folded FROM tracks t, json_each(t.genres) g WHERE t.status = 'present'),
            spelled AS (SELECT folded, value, count(*) AS n FROM v GROUP BY folded, value),
            best AS (SELECT folded, value, row_number() OVER (PARTITION BY folded ORDER BY n DESC, value) AS r FROM spelled)
       SELECT b.value AS key, (SELECT sum(n) FROM spelled s WHERE s.folded = b.folded) AS count
         FROM best b WHERE b.r = 1 ORDER BY count DESC, key`,
    )
    .all() as CountBy[];
  const errorCounts = db
    .prepare(`SELECT sum(target = 'file') AS files, sum(target = 'folder') AS folders FROM scan_errors`)
    .get() as { files: number | null; folders: number | null };
  const errorsByKind = db
    .prepare('SELECT kind AS key, count(*) AS count FROM scan_errors GROUP BY kind ORDER BY count DESC, key')
    .all() as CountBy[];
  const roots = db.prepare('SELECT count(*) FROM roots').pluck().get() as number;
  const fileErrors = errorCounts.files ?? 0;
  const folderErrors = errorCounts.folders ?? 0;
  return {
    tracks: totals.tracks,
    gone,
    durationSec: totals.durationSec,
    sizeBytes: totals.sizeBytes,
    errors: fileErrors + folderErrors,
    fileErrors,
    folderErrors,
    byFormat,
    byGenre,
    withoutGenre: totals.withoutGenre ?? 0,
    errorsByKind,
    roots,
  };
}

/** The scan error `se` recorded for each track's file `t`, for queries that show a track's state. */
export const SCAN_ERROR_JOIN = 'LEFT JOIN scan_errors se ON se.path = t.path';

/** One row of `scan_errors`, in the API's FileError shape plus what the scan stored with it. */
export interface ScanErrorEntry extends FileError {
  readonly stage: 'scan';
  readonly kind: ScanErrorKind;
  readonly target: 'file' | 'folder';
}

export function listScanErrors(db: Database, options: { limit?: number } = {}): ScanErrorEntry[] {
  const limit = options.limit !== undefined ? ` LIMIT ${Math.max(0, Math.trunc(options.limit))}` : '';
  const rows = db.prepare(`SELECT path, target, kind, message, at FROM scan_errors ORDER BY path${limit}`).all() as {
    path: string;
    target: 'file' | 'folder';
    kind: ScanErrorKind;
    message: string;
    at: string;
  }[];
  return rows.map((r) => ({
    path: r.path,
    stage: 'scan',
    kind: r.kind,
    target: r.target,
    message: r.message,
    at: r.at,
  }));
}

/**
 * Makes the next scan read a track's file again even though its size and mtime look unchanged:
 * for a file found edited with its timestamps put back (a write refused it by its fingerprint).
 */
export function markTrackForRescan(db: Database, trackId: number): void {
  db.prepare('UPDATE tracks SET mtime_ms = -1 WHERE id = ?').run(trackId);
}

/** Changes when the genre tags of present tracks change (as read by the last scan). */
export function genreTagsVersion(db: Database): number {
  return db
    .prepare("SELECT coalesce(total(length(genres) + id), 0) FROM tracks WHERE status = 'present' AND genres <> '[]'")
    .pluck()
    .get() as number;
}
