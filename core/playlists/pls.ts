import path from 'node:path';
import { entryLabel, lengthSeconds } from './labels.js';
import { lineSafeLocation, type PathFlavor } from './paths.js';
import type { GenrePlaylist } from './types.js';

/**
 * PLS version 2, UTF-8: numbered FileN/TitleN/LengthN entries starting at 1, then
 * NumberOfEntries and Version, the layout Winamp defined and every PLS reader expects.
 */
export function formatPls(playlist: GenrePlaylist, playlistDir: string, flavor: PathFlavor = path): string {
  const lines = ['[playlist]'];
  playlist.tracks.forEach((track, index) => {
    const n = index + 1;
    lines.push(`File${n}=${lineSafeLocation(playlistDir, track.path, flavor)}`);
    lines.push(`Title${n}=${entryLabel(track, flavor)}`);
    lines.push(`Length${n}=${lengthSeconds(track)}`);
  });
  lines.push(`NumberOfEntries=${playlist.tracks.length}`, 'Version=2');
  return `${lines.join('\n')}\n`;
}
