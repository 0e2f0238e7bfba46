import type { Database } from 'better-sqlite3';
import type { Settings } from '../../shared/api/types.js';
import { displayName, genreIdForTag } from '../library/settings.js';
import { tidyGenre } from '../../shared/genre-key.js';
import { collectContextLabels, genreIdentity } from '../learning/context-labels.js';

/**
 * How a genre is spelled in the files, one spelling per genre whatever the decision or
 * prediction said: a name the alias table or the display names relate to one of our genres is
 * written as that genre's display name ("heavy-metal", "Heavy Metal" and an accepted "metal" are
 * all written "Metal"; Settings → Genre names changes it); any other name as the user spells it
 * most in their decisions and tags (context-labels.ts), so "bossa nova" typed once beside two
 * "Bossa Nova" is written "Bossa Nova" too. Decisions themselves keep what was typed.
 */
export function genreWriteNames(
  db: Database,
  settings: Pick<Settings, 'aliases' | 'displayNames'>,
): (genre: string) => string {
  const userSpelling = new Map<string, string>();
  for (const label of collectContextLabels(db)) userSpelling.set(genreIdentity(settings, label.genre), label.genre);
  return (genre) => {
    const id = Object.hasOwn(settings.displayNames, genre) ? genre : genreIdForTag(settings, genre);
    if (id !== undefined) return displayName(settings, id);
    return userSpelling.get(genreIdentity(settings, genre)) ?? tidyGenre(genre);
  };
}
