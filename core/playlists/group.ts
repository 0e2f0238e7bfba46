import { genreMatchKey } from '../../shared/genre-key.js';
import { compareCodePoints, foldText, sortTracks } from './order.js';
import type { GenrePlaylist, PlaylistTrack } from './types.js';

/** A genre a source puts a track in: its id as the source knows it, and the name users see. */
export interface GenreLabel {
  /** A GTZAN id ("hiphop") or, for user vocabulary and tags, the spelling itself. */
  readonly genre: string;
  readonly name: string;
}

/** One track and every genre playlist it belongs in under some source. */
export interface TrackGenres {
  readonly track: PlaylistTrack;
  readonly labels: readonly GenreLabel[];
}

interface Group {
  readonly tracks: Map<string, PlaylistTrack>;
  readonly names: Map<string, number>;
  readonly genres: Map<string, number>;
}

/**
 * Groups tracks into one playlist per genre. Names that are one genre by the app's rule for
 * decisions and tags (shared/genre-key.ts: case, Unicode normalisation, spaces and punctuation;
 * "Hip-Hop", "hip hop") are one playlist, named by its most common spelling (ties:
 * the first in code-point order, so capitalised spellings win and the result never depends on
 * scan order). A track listed twice under one genre appears once. Blank names are dropped.
 * Playlists come sorted by name, tracks in playlist order.
 */
export function groupByGenre(entries: Iterable<TrackGenres>): GenrePlaylist[] {
  const groups = new Map<string, Group>();
  for (const { track, labels } of entries) {
    for (const label of labels) {
      const name = label.name.replace(/\s+/g, ' ').trim();
      if (name === '') continue;
      const key = genreMatchKey(name);
      let group = groups.get(key);
      if (!group) {
        group = { tracks: new Map(), names: new Map(), genres: new Map() };
        groups.set(key, group);
      }
      if (group.tracks.has(track.path)) continue;
      group.tracks.set(track.path, track);
      increment(group.names, name);
      increment(group.genres, label.genre);
    }
  }
  const playlists = [...groups.values()].map((group) => ({
    genre: mostCommon(group.genres),
    name: mostCommon(group.names),
    tracks: sortTracks([...group.tracks.values()]),
  }));
  return playlists.sort(
    (a, b) => compareCodePoints(foldText(a.name), foldText(b.name)) || compareCodePoints(a.name, b.name),
  );
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function mostCommon(counts: ReadonlyMap<string, number>): string {
  let best: string | undefined;
  let bestCount = -1;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && compareCodePoints(key, best) < 0)) {
      best = key;
      bestCount = count;
    }
  }
  return best ?? '';
}
