import path from 'node:path';
import type { PathFlavor } from './paths.js';
import type { PlaylistTrack } from './types.js';

/**
 * The line a player shows for a track: "Artist - Title", or just the title, or the file name
 * without extension when the track has no title tag. Always one line.
 */
export function entryLabel(track: PlaylistTrack, flavor: PathFlavor = path): string {
  const title = clean(track.title) ?? flavor.parse(track.path).name;
  const artist = clean(track.artist);
  return oneLine(artist ? `${artist} - ${title}` : title);
}

/** Whole seconds, or -1 (the M3U/PLS convention for "unknown"). */
export function lengthSeconds(track: PlaylistTrack): number {
  const d = track.durationSec;
  return d !== null && Number.isFinite(d) && d >= 0 ? Math.round(d) : -1;
}

/** Tag text may carry line breaks and tabs; line-based formats cannot. */
export function oneLine(text: string): string {
  return text.replace(/[\r\n\t\v\f\u0085\u2028\u2029]+/g, ' ').trim();
}

/** A tag value worth showing, or null for missing / whitespace-only. */
export function clean(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
