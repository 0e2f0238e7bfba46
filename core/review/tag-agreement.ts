import type { Database } from 'better-sqlite3';
import type { Settings } from '../../shared/api/types.js';
import { genreIdForTag, getSettings } from '../library/settings.js';

/** Whether any of a file's genre values names the predicted genre (through the alias table). */
export function tagAgrees(
  settings: Pick<Settings, 'aliases' | 'displayNames'>,
  genres: readonly string[],
  predicted: string,
): boolean {
  const target = predicted.toLowerCase();
  return genres.some((g) => (genreIdForTag(settings, g) ?? g).toLowerCase() === target);
}

/**
 * Registers `gw_tag_agrees(genres_json, predicted)` on a connection, so SQL that filters or sorts
 * by review status uses exactly the rule the review queue uses. Settings are read once here;
 * call again after they change.
 */
export function registerTagAgreement(db: Database): void {
  const settings = getSettings(db);
  const lowered = new Map<string, string>();
  for (const [alias, id] of Object.entries(settings.aliases)) lowered.set(alias.trim().toLowerCase(), id.toLowerCase());
  for (const [id, name] of Object.entries(settings.displayNames)) {
    const key = name.trim().toLowerCase();
    if (!lowered.has(key)) lowered.set(key, id.toLowerCase());
  }
  db.function('gw_tag_agrees', { deterministic: true }, (genresJson: unknown, predicted: unknown) => {
    if (typeof genresJson !== 'string' || typeof predicted !== 'string') return 0;
    const target = predicted.toLowerCase();
    const genres = JSON.parse(genresJson) as string[];
    for (const g of genres) {
      const key = g.trim().toLowerCase();
      if ((lowered.get(key) ?? key) === target) return 1;
    }
    return 0;
  });
}
