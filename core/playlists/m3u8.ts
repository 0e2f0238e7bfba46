import path from 'node:path';
import { entryLabel, lengthSeconds, oneLine } from './labels.js';
import { lineSafeLocation, type PathFlavor } from './paths.js';
import type { GenrePlaylist } from './types.js';

/**
 * Extended M3U in UTF-8 (no BOM: several players show it as part of the first line). Each entry
 * is `#EXTINF:<seconds>,<Artist> - <Title>` followed by the track's location relative to the
 * playlist's folder. `#PLAYLIST` names the list for players that show it (VLC, Kodi); the
 * others skip unknown `#` lines by definition of the format.
 */
export function formatM3u8(playlist: GenrePlaylist, playlistDir: string, flavor: PathFlavor = path): string {
  const lines = ['#EXTM3U', `#PLAYLIST:${oneLine(playlist.name)}`];
  for (const track of playlist.tracks) {
    lines.push(`#EXTINF:${lengthSeconds(track)},${entryLabel(track, flavor)}`);
    lines.push(lineSafeLocation(playlistDir, track.path, flavor));
  }
  return `${lines.join('\n')}\n`;
}
