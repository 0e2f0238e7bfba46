import { basename } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { PlaylistFormat } from '../../shared/api/types.js';
import { exportTrackList } from '../playlists/track-list.js';
import type { ExportResult } from '../playlists/export.js';
import { SimilarityIndexCache } from '../similarity/library-index.js';
import { principalComponentsOffThread } from '../similarity/pca-thread.js';
import type { PrincipalComponents } from '../similarity/pca.js';
import { libraryMap } from './library-map.js';
import type { ApiHandlers } from './types.js';
import type { SimilarTrack, SimilarTracksResult } from '../../shared/api/similarity.js';
import type { SimilarityIndex } from '../similarity/library-index.js';
import { similarPathIds, similarTrackIds, type SimilarTrackId } from '../similarity/similar.js';
import { resolveTrackRef } from '../review/track-ref.js';
import { DECISION_JOIN } from '../decisions/decisions.js';
import { CURRENT_PREDICTION_JOIN } from '../prediction/current.js';

/**
 * "More like this" as the CLI and the API show it: the similarity stage's neighbours (ids and
 * distances) with each track's path, title, artist and genre (the decided genre, else the
 * current prediction).
 */

export const DEFAULT_SIMILAR = 20;
export const DEFAULT_PATH_LENGTH = 50;

interface TrackInfoRow {
  id: number;
  path: string;
  title: string | null;
  artist: string | null;
  genre: string | null;
}

function trackInfo(db: Database, ids: readonly number[]): Map<number, TrackInfoRow> {
  const rows = db
    .prepare(
      `SELECT t.id, t.path, t.title, t.artist, coalesce(d.genre, p.genre) AS genre
         FROM tracks t ${DECISION_JOIN} ${CURRENT_PREDICTION_JOIN}
        WHERE t.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids)) as TrackInfoRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

function withInfo(db: Database, found: readonly SimilarTrackId[]): SimilarTrack[] {
  const info = trackInfo(
    db,
    found.map((f) => f.trackId),
  );
  return found.flatMap((f) => {
    const row = info.get(f.trackId);
    return row ? [{ ...row, distance: f.distance }] : [];
  });
}

/** The `n` tracks most like the track `ref` (id or path), closest first, never the track itself. */
export function similarTracks(
  db: Database,
  index: SimilarityIndex,
  ref: string | number,
  n: number,
): SimilarTracksResult {
  const id = resolveTrackRef(db, ref);
  const tracks = withInfo(db, similarTrackIds(index, id, n));
  const [seed] = withInfo(db, [{ trackId: id, distance: 0 }]);
  return { seed: seed as SimilarTrack, metric: index.metric, tracks };
}

/** A path of `n` tracks from `ref`: the seed, then each step to the nearest track not yet on it. */
export function similarPath(
  db: Database,
  index: SimilarityIndex,
  ref: string | number,
  n: number,
): SimilarTracksResult {
  const id = resolveTrackRef(db, ref);
  const [seed, ...tracks] = withInfo(db, similarPathIds(index, id, n));
  return { seed: seed as SimilarTrack, metric: index.metric, tracks };
}

/** The playlist's name: "More like" the seed's artist and title (its file name when untagged). */
export function pathPlaylistName(seed: SimilarTrack): string {
  const title = seed.title ?? basename(seed.path).replace(/\.[^.]+$/, '');
  return `More like ${seed.artist ? `${seed.artist} – ` : ''}${title}`;
}

/** The path from `ref` written as one playlist into `options.out`, beside any genre playlists. */
export function exportSimilarPath(
  db: Database,
  index: SimilarityIndex,
  ref: string | number,
  n: number,
  options: { readonly out: string; readonly format: PlaylistFormat },
): ExportResult & { readonly path: SimilarTracksResult } {
  const path = similarPath(db, index, ref, n);
  const result = exportTrackList(
    db,
    {
      key: `similar:${path.seed.id}`,
      name: pathPlaylistName(path.seed),
      trackIds: [path.seed.id, ...path.tracks.map((t) => t.id)],
    },
    options,
  );
  return { ...result, path };
}

/**
 * The similarity area of the API. The index is built on first use and kept until the analyses,
 * labels or personal model change; the map's PCA runs in a worker thread and is kept with the
 * index it was computed from.
 */
export function similarityHandlers(
  db: Database,
): Pick<ApiHandlers, 'similar.tracks' | 'similar.path' | 'similar.export' | 'library.map'> {
  const cache = new SimilarityIndexCache();
  let map: { fingerprint: string; pca: Promise<PrincipalComponents> } | undefined;
  return {
    'similar.tracks': async ({ id, n }) => similarTracks(db, cache.get(db), id, n ?? DEFAULT_SIMILAR),
    'similar.path': async ({ id, n }) => similarPath(db, cache.get(db), id, n ?? DEFAULT_PATH_LENGTH),
    'similar.export': async ({ id, n, out, format }) => {
      const {
        out: folder,
        playlists,
        skipped,
        removed,
      } = exportSimilarPath(db, cache.get(db), id, n ?? DEFAULT_PATH_LENGTH, { out, format });
      return { out: folder, format, playlists, skipped, removed };
    },
    'library.map': async () => {
      const index = cache.get(db);
      if (map?.fingerprint !== index.fingerprint) {
        map = { fingerprint: index.fingerprint, pca: principalComponentsOffThread(index.space, 2) };
        map.pca.catch(() => (map = undefined));
      }
      return libraryMap(db, index, await map.pca);
    },
  };
}
