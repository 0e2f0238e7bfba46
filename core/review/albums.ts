import { dirname, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { AlbumContext, AlbumTrack, DecideAlbumParams, DecideAlbumResult } from '../../shared/api/albums.js';
import { TRACK_COLUMNS, trackFromRow, type TrackColumns } from '../library/tracks.js';
import { albumKey, albumKeyFolder } from '../learning/track-groups.js';
import {
  CURRENT_PREDICTION_COLUMNS,
  CURRENT_PREDICTION_JOIN,
  currentFromRow,
  type CurrentPredictionColumns,
} from '../prediction/current.js';
import {
  decide,
  DecisionError,
  DECISION_COLUMNS,
  DECISION_JOIN,
  decisionFromRow,
  type DecisionColumns,
} from '../decisions/decisions.js';
import { resolveTrackRef, TrackNotFoundError } from './track-ref.js';

/**
 * Albums as the review screen and `decide --album` see them: the album groups of the
 * library-context model (learning/track-groups.ts), so "this album" means the same tracks whose
 * labels the model pools.
 */

type AlbumRow = TrackColumns & CurrentPredictionColumns & DecisionColumns;

function albumRows(db: Database, where: string, params: Record<string, string>): AlbumRow[] {
  return db
    .prepare(
      `SELECT ${TRACK_COLUMNS}, ${CURRENT_PREDICTION_COLUMNS}, ${DECISION_COLUMNS}
         FROM tracks t ${CURRENT_PREDICTION_JOIN} ${DECISION_JOIN}
        WHERE t.status = 'present' AND ${where}`,
    )
    .all(params) as AlbumRow[];
}

function albumTrack(row: AlbumRow): AlbumTrack {
  const t = trackFromRow(row);
  const p = currentFromRow(row);
  return {
    id: t.id,
    path: t.path,
    title: t.title,
    artist: t.artist,
    trackNo: t.trackNo,
    discNo: t.discNo,
    predicted: p?.genre ?? null,
    confidence: p?.confidence ?? null,
    source: p?.source ?? null,
    reason: p?.reason ?? null,
    decision: decisionFromRow(row),
  };
}

/** The album with this key (albumKey); throws TrackNotFoundError when no present track has it. */
export function albumByKey(db: Database, key: string): AlbumContext {
  // A cheap SQL pre-filter by folder or album tag; albumKey itself decides membership.
  const rows = key.startsWith('folder:')
    ? albumRows(db, "t.path LIKE @prefix ESCAPE '\\' AND (t.album IS NULL OR trim(t.album) = '')", {
        prefix: `${(albumKeyFolder(key) ?? '').replace(/[\\%_]/g, (c) => `\\${c}`)}/%`,
      })
    : albumRows(db, "t.album IS NOT NULL AND trim(t.album) <> ''", {});
  const members = rows.filter((r) => albumKey(trackFromRow(r)) === key);
  const first = members[0];
  if (!first) throw new TrackNotFoundError(`no album ${JSON.stringify(key)} in the library`);
  const tracks = members
    .map(albumTrack)
    .sort(
      (a, b) => (a.discNo ?? 0) - (b.discNo ?? 0) || (a.trackNo ?? 0) - (b.trackNo ?? 0) || (a.path < b.path ? -1 : 1),
    );
  const t = trackFromRow(first);
  return { key, album: t.album, artist: t.albumArtist ?? t.artist, folder: dirname(t.path), tracks };
}

/** The album of a present track. */
export function albumOfTrack(db: Database, trackId: number): AlbumContext {
  const row = albumRows(db, 't.id = @id', { id: String(trackId) })[0];
  if (!row) throw new TrackNotFoundError(`no track with id ${trackId}`);
  return albumByKey(db, albumKey(trackFromRow(row)));
}

/**
 * An album named the ways a person would: an album key, a track (id or file path) on it, or the
 * folder holding it (the album of the folder's first track).
 */
export function resolveAlbum(db: Database, ref: string | number): AlbumContext {
  if (typeof ref === 'string' && (ref.startsWith('album:') || ref.startsWith('folder:'))) return albumByKey(db, ref);
  try {
    return albumOfTrack(db, resolveTrackRef(db, ref));
  } catch (err) {
    if (!(err instanceof TrackNotFoundError) || typeof ref === 'number') throw err;
  }
  const folder = resolve(ref);
  const inFolder = albumRows(db, "t.path LIKE @prefix ESCAPE '\\'", {
    prefix: `${folder.replace(/[\\%_]/g, (c) => `\\${c}`)}/%`,
  })
    .map((r) => trackFromRow(r))
    .filter((t) => dirname(t.path) === folder)
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  const first = inFolder[0];
  if (!first) throw new TrackNotFoundError(`no track, album or album folder in the library at ${ref}`);
  return albumByKey(db, albumKey(first));
}

/**
 * Gives every track of the album the genre (a user `choose` decision each), except the tracks in
 * `except` and, unless `overrideDecided`, tracks the user already decided one by one: a track
 * decided differently stays the per-track exception it was meant to be.
 */
export function decideAlbum(db: Database, params: DecideAlbumParams): DecideAlbumResult {
  if (params.genre.trim() === '') throw new DecisionError('a genre name cannot be empty');
  const album = resolveAlbum(db, params.album);
  const except = new Set(params.except ?? []);
  const todo = album.tracks.filter(
    (t) => !except.has(t.id) && (params.overrideDecided || t.decision === null || t.decision.source !== 'user'),
  );
  db.transaction(() => {
    for (const t of todo) decide(db, t.id, { action: 'choose', genre: params.genre });
  })();
  return { decided: todo.length, kept: album.tracks.length - todo.length, album: albumByKey(db, album.key) };
}
