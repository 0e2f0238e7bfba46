import { homedir } from 'node:os';
import path from 'node:path';
import { KindedError } from '../../shared/api/contract.js';

/** A playlist folder given as a path that cannot be placed without guessing. */
export class PlaylistPathError extends KindedError {
  override name = 'PlaylistPathError';
  constructor(message: string) {
    super('bad-request', message);
  }
}

/**
 * Where a playlist folder typed in the app goes. The server's working directory means nothing to
 * someone in a browser, so a relative path is placed in the library folder when there is exactly
 * one ("Playlists" → <library>/Playlists), `~/…` in the user's home, and anything else is refused
 * with a message that says what to type. The command line resolves against its own directory.
 */
export function resolvePlaylistFolder(
  out: string,
  libraryFolders: readonly string[],
  home: string = homedir(),
): string {
  const typed = out.trim();
  if (typed === '~' || typed.startsWith('~/')) return path.join(home, typed.slice(1));
  if (path.isAbsolute(typed)) return path.normalize(typed);
  const [only, ...more] = libraryFolders;
  if (only !== undefined && more.length === 0) return path.resolve(only, typed);
  const example = path.join(home, 'Music', 'Playlists');
  throw new PlaylistPathError(
    libraryFolders.length === 0
      ? `"${typed}" is a relative path and there is no library folder to put it in: give the full path of the folder for the playlists (for example ${example})`
      : `"${typed}" is a relative path and the library has ${libraryFolders.length} folders: give the full path of the folder for the playlists (for example ${example})`,
  );
}
