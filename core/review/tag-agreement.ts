import type { Database } from 'better-sqlite3';
import type { Settings } from '../../shared/api/types.js';
import { getSettings } from '../library/settings.js';
import { genreMatchKey } from '../../shared/genre-key.js';

type AliasSettings = Pick<Settings, 'aliases' | 'displayNames'>;

/**
 * The one implementation of "a file's genre values name this genre": each value, keyed by
 * genreMatchKey (case, spaces and punctuation aside), mapped through the alias table (then the display names) to a genre id, or kept as
 * it is; any equal to the predicted genre (case-folded) agrees. Built once per settings, so the
 * SQL function below runs it per row without re-reading the tables.
 */
export function tagAgreement(settings: AliasSettings): (genres: readonly string[], predicted: string) => boolean {
  const lowered = new Map<string, string>();
  for (const [alias, id] of Object.entries(settings.aliases)) {
    const key = genreMatchKey(alias);
    if (!lowered.has(key)) lowered.set(key, genreMatchKey(id));
  }
  for (const [id, name] of Object.entries(settings.displayNames)) {
    const key = genreMatchKey(name);
    if (!lowered.has(key)) lowered.set(key, genreMatchKey(id));
  }
  return (genres, predicted) => {
    const target = genreMatchKey(predicted);
    return genres.some((g) => {
      const key = genreMatchKey(g);
      return (lowered.get(key) ?? key) === target;
    });
  };
}

/** Whether any of a file's genre values names the predicted genre (through the alias table). */
export function tagAgrees(settings: AliasSettings, genres: readonly string[], predicted: string): boolean {
  return tagAgreement(settings)(genres, predicted);
}

/**
 * Registers `gw_tag_agrees(genres_json, predicted)` on a connection, so SQL that filters or sorts
 * by review status uses exactly tagAgreement. Settings are read once here; call again after they
 * change.
 */
export function registerTagAgreement(db: Database): void {
  const agrees = tagAgreement(getSettings(db));
  db.function('gw_tag_agrees', { deterministic: true }, (genresJson: unknown, predicted: unknown) => {
    if (typeof genresJson !== 'string' || typeof predicted !== 'string') return 0;
    return agrees(JSON.parse(genresJson) as string[], predicted) ? 1 : 0;
  });
}
