import type { Database } from 'better-sqlite3';
import { isGtzanGenre } from '../../shared/genres.js';
import { getSetting } from '../library/settings.js';
import { TRACK_COLUMNS, trackFromRow, type LibraryTrack, type TrackColumns } from '../library/tracks.js';
import { CURRENT_PREDICTION_COLUMNS, currentFromRow, type CurrentPredictionColumns } from '../prediction/current.js';
import { listModels } from '../prediction/models.js';
import { settledTracks } from '../decisions/decided.js';
import { CONFIDENT_SQL } from '../review/needs-review.js';
import { groupByGenre, type GenreLabel, type TrackGenres } from './group.js';
import type { GenrePlaylist, PlaylistTrack } from './types.js';
import { KindedError } from '../../shared/api/contract.js';

/** Where a playlist's genres come from. */
export const PLAYLIST_SOURCES = ['decided', 'predicted', 'tags'] as const;
export type PlaylistSourceKind = (typeof PLAYLIST_SOURCES)[number];

export function isPlaylistSourceKind(value: string): value is PlaylistSourceKind {
  return (PLAYLIST_SOURCES as readonly string[]).includes(value);
}

/** Every present track with the genres one source assigns it. */
export interface PlaylistSource {
  readonly kind: PlaylistSourceKind;
  entries(): Iterable<TrackGenres>;
}

export interface SourceOptions {
  /** `predicted` only: predictions below this confidence are left out (default: the review threshold). */
  readonly minConfidence?: number;
}

/** The library cannot provide the asked-for source (for example no predictions yet). */
export class PlaylistSourceError extends KindedError {
  override name = 'PlaylistSourceError';
  constructor(message: string) {
    super('bad-request', message);
  }
}

export function selectPlaylists(source: PlaylistSource): GenrePlaylist[] {
  return groupByGenre(source.entries());
}

export function openPlaylistSource(
  db: Database,
  kind: PlaylistSourceKind,
  options: SourceOptions = {},
): PlaylistSource {
  switch (kind) {
    case 'tags':
      return tagsSource(db);
    case 'predicted':
      // Below the review threshold a prediction is still waiting for review, not a genre.
      return predictedSource(db, options.minConfidence ?? getSetting(db, 'reviewThreshold'));
    case 'decided':
      return decidedSource(db);
  }
}

function toTrack(row: TrackColumns): PlaylistTrack {
  return playlistTrack(trackFromRow(row));
}

function playlistTrack(t: LibraryTrack): PlaylistTrack {
  return {
    path: t.path,
    title: t.title,
    artist: t.artist,
    album: t.album,
    discNo: t.discNo,
    trackNo: t.trackNo,
    durationSec: t.durationSec,
  };
}

/**
 * The genres in the files as last scanned, spelled as the files spell them; a track with several
 * goes into each. Case variants are merged later by grouping, not here.
 */
export function tagsSource(db: Database): PlaylistSource {
  return {
    kind: 'tags',
    *entries() {
      const rows = db
        .prepare(`SELECT ${TRACK_COLUMNS} FROM tracks t WHERE t.status = 'present'`)
        .iterate() as IterableIterator<TrackColumns>;
      for (const row of rows) {
        const labels = trackFromRow(row).genres.map((g): GenreLabel => ({ genre: g, name: g }));
        if (labels.length > 0) yield { track: toTrack(row), labels };
      }
    },
  };
}

/**
 * Decisions first, then predictions: a track a review decision gave a genre goes under that
 * genre whatever its confidence (as decidedSource), a skipped track is left out, and every
 * undecided track goes under its current prediction (the personal model's where it is confident,
 * else the default model's) when it is confident at `minConfidence`: at or above it and not
 * unlike the training music (the model's half of the review rule, needs-review.ts; a file's
 * disagreeing tag does not keep a track out, since this source is what the model says).
 * Default-model genres are our ids and get their display names; personal-model genres are the
 * user's words.
 */
export function predictedSource(db: Database, minConfidence: number): PlaylistSource {
  if (!(minConfidence >= 0 && minConfidence <= 1))
    throw new PlaylistSourceError(`minimum confidence must be between 0 and 1, got ${minConfidence}`);
  const displayNames = displayNamesOf(db);
  const decided = decidedSource(db);
  return {
    kind: 'predicted',
    *entries() {
      yield* decided.entries();
      const rows = db
        .prepare(
          `SELECT ${TRACK_COLUMNS}, ${CURRENT_PREDICTION_COLUMNS}
             FROM current_predictions p JOIN tracks t ON t.id = p.track_id
            WHERE t.status = 'present' AND ${CONFIDENT_SQL}
              AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.track_id = t.id)`,
        )
        .iterate({ reviewThreshold: minConfidence }) as IterableIterator<TrackColumns & CurrentPredictionColumns>;
      for (const row of rows) {
        const p = currentFromRow(row);
        if (p) yield { track: toTrack(row), labels: [labelFor(p.genre, displayNames, p.source === 'personal')] };
      }
    },
  };
}

/**
 * The genre each track was settled on in review (by the user, or by a bulk accept); skipped
 * tracks are left out. A decision stores one of our ids when the chosen name matched one (through
 * the alias table or a display name) and the user's own spelling otherwise; an accepted
 * personal-model prediction is the user's vocabulary even if it looks like an id.
 */
export function decidedSource(db: Database): PlaylistSource {
  const displayNames = displayNamesOf(db);
  const roles = new Map(listModels(db).map((m) => [m.id, m.role]));
  return {
    kind: 'decided',
    *entries() {
      for (const settled of settledTracks(db)) {
        const userVocabulary = settled.action === 'accept' && roles.get(settled.modelId ?? '') === 'personal';
        yield { track: playlistTrack(settled.track), labels: [labelFor(settled.genre, displayNames, userVocabulary)] };
      }
    },
  };
}

/**
 * The name users see for a genre a model or a decision produced: our ids get their configured
 * display name; a personal model's genres are the user's own words and stay as spelled, even
 * one that happens to equal an id ("rock" from the user's tags is not renamed).
 */
export function labelFor(
  genre: string,
  displayNames: Readonly<Record<string, string>>,
  userVocabulary: boolean,
): GenreLabel {
  if (!userVocabulary && isGtzanGenre(genre)) return { genre, name: displayNames[genre] ?? genre };
  return { genre, name: genre };
}

export function displayNamesOf(db: Database): Readonly<Record<string, string>> {
  return getSetting(db, 'displayNames');
}
