import type { Database } from 'better-sqlite3';
import type { Settings } from '../../shared/api/types.js';
import { displayName, genreIdForTag } from '../library/settings.js';
import { tidyGenre } from '../../shared/genre-key.js';
import { userDecisions } from '../decisions/decisions.js';
import { genreIdentity, nameGenres } from '../learning/context-labels.js';

/**
 * How a genre is spelled in the files: one spelling per genre (the alias table and the genre-name
 * rule say which names are one), whatever the decision or the prediction said. The user's own
 * spelling wins, as they type (or keep) it most in their decisions ("heavy-metal" typed twice makes
 * an accepted "metal" and a typed "Heavy Metal" both "heavy-metal"; a tie goes to the spelling that
 * sorts first, capitals first); a genre they never typed is written by its display name ("Metal";
 * Settings → Genre names), any other name tidied. Decisions themselves keep what was typed.
 */
export function genreWriteNames(
  db: Database,
  settings: Pick<Settings, 'aliases' | 'displayNames'>,
): (genre: string) => string {
  // Chosen and kept genres are the user's words; an accepted one is the model's (an id like
  // "metal"), and so is one of our ids typed as it is ("jazz"): that names the genre, not a spelling.
  const typed = userDecisions(db).flatMap((d) =>
    (d.action === 'choose' || d.action === 'keep') && d.genre !== null && !Object.hasOwn(settings.displayNames, d.genre)
      ? [{ name: d.genre }]
      : [],
  );
  const userSpelling = nameGenres(settings, typed);
  const spell = (genre: string): string => {
    const spelled = userSpelling.get(genreIdentity(settings, genre));
    if (spelled !== undefined) return spelled;
    const id = Object.hasOwn(settings.displayNames, genre) ? genre : genreIdForTag(settings, genre);
    return id !== undefined ? displayName(settings, id) : tidyGenre(genre);
  };
  // Called once per track to write, for a few distinct genres: each is worked out once (matching
  // it walks every alias and display name).
  const spelledOnce = new Map<string, string>();
  return (genre) => {
    let name = spelledOnce.get(genre);
    if (name === undefined) spelledOnce.set(genre, (name = spell(genre)));
    return name;
  };
}
