import { genreMatchKey, tidyGenre } from '../../shared/genre-key.js';

/**
 * The user's own genre vocabulary. Labels come from tags and decisions typed by people, so one
 * genre arrives in several spellings ("Synthwave", "synthwave", "SynthWave ", "Bossa  Nova"):
 * they are one class for the model, named by the spelling the user uses most.
 */

/**
 * The key spellings are grouped by: shared/genre-key.ts genreMatchKey, the one rule the alias
 * table and tag agreement use too, so "Électro" and "électro", "Hip-Hop" and "hip hop" are one
 * genre.
 */
export function genreKey(name: string): string {
  return genreMatchKey(tidyGenre(name));
}

/**
 * For each key, the spelling to show: the most frequent one; on a tie the one that sorts first
 * by code unit (capitalised before lower-case: "Synthwave" over "synthwave"), so the choice never
 * depends on the order labels were read in.
 */
export function chooseSpellings(spellings: Iterable<string>): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const raw of spellings) {
    const spelling = tidyGenre(raw);
    const key = genreKey(spelling);
    const forKey = counts.get(key) ?? new Map<string, number>();
    forKey.set(spelling, (forKey.get(spelling) ?? 0) + 1);
    counts.set(key, forKey);
  }
  const chosen = new Map<string, string>();
  for (const [key, forKey] of counts) {
    let best: [string, number] | undefined;
    for (const [spelling, n] of forKey) {
      if (!best || n > best[1] || (n === best[1] && spelling < best[0])) best = [spelling, n];
    }
    if (best) chosen.set(key, best[0]);
  }
  return chosen;
}
