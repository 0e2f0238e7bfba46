import type { Database } from 'better-sqlite3';
import type { Settings } from '../../shared/api/types.js';
import { DEFAULT_DISPLAY_NAMES } from '../../shared/genres.js';
import { aliasTarget, genreMatchKey } from '../../shared/genre-key.js';
import { KindedError } from '../../shared/api/contract.js';

/**
 * User settings, stored as JSON values in the `settings` table so the app, the CLI and the
 * server all see the same choices. Each key has a default; unknown or malformed stored values
 * fall back to it rather than breaking a command.
 */
export const SETTING_KEYS = {
  displayNames: 'genre.displayNames',
  aliases: 'genre.aliases',
  reviewThreshold: 'review.threshold',
  acceptThreshold: 'review.acceptThreshold',
  defaultModel: 'model.default',
  personalModel: 'model.personal',
  ffmpegPath: 'analysis.ffmpegPath',
  scanExclude: 'scan.exclude',
} as const satisfies Record<keyof Settings, string>;

/**
 * Aliases that ship with the app: common spellings of our ten genres. Matching existing tags to
 * our ids happens only through this explicit, editable table — never by guessing.
 */
export const DEFAULT_ALIASES: Readonly<Record<string, string>> = {
  blues: 'blues',
  classical: 'classical',
  country: 'country',
  disco: 'disco',
  'hip-hop': 'hiphop',
  'hip hop': 'hiphop',
  hiphop: 'hiphop',
  rap: 'hiphop',
  jazz: 'jazz',
  metal: 'metal',
  'heavy metal': 'metal',
  pop: 'pop',
  reggae: 'reggae',
  rock: 'rock',
};

export const DEFAULT_SETTINGS: Settings = {
  displayNames: DEFAULT_DISPLAY_NAMES,
  aliases: DEFAULT_ALIASES,
  reviewThreshold: 0.6,
  acceptThreshold: 0.8,
  defaultModel: 'svc',
  personalModel: null,
  ffmpegPath: null,
  scanExclude: [],
};

type Validator<T> = (value: unknown) => value is T;

const isStringRecord: Validator<Record<string, string>> = (v): v is Record<string, string> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
const isUnitNumber: Validator<number> = (v): v is number => typeof v === 'number' && v >= 0 && v <= 1;
const isString: Validator<string> = (v): v is string => typeof v === 'string' && v.length > 0;
const isNullableString: Validator<string | null> = (v): v is string | null => v === null || isString(v);
const isStringList: Validator<readonly string[]> = (v): v is readonly string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

const VALIDATORS: { [K in keyof Settings]: Validator<Settings[K]> } = {
  displayNames: isStringRecord,
  aliases: isStringRecord,
  reviewThreshold: isUnitNumber,
  acceptThreshold: isUnitNumber,
  defaultModel: isString,
  personalModel: isNullableString,
  ffmpegPath: isNullableString,
  scanExclude: isStringList,
};

/** An unknown setting or a value it cannot take. */
export class SettingsError extends KindedError {
  override name = 'SettingsError';
  constructor(message: string) {
    super('bad-request', message);
  }
}

export function getSetting<K extends keyof Settings>(db: Database, key: K): Settings[K] {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTING_KEYS[key]) as
    { value: string } | undefined;
  if (!row) return DEFAULT_SETTINGS[key];
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.value);
  } catch {
    return DEFAULT_SETTINGS[key];
  }
  if (!VALIDATORS[key](parsed)) return DEFAULT_SETTINGS[key];
  // Display names are merged over the defaults so a partial override keeps the other genres.
  if (key === 'displayNames')
    return { ...DEFAULT_SETTINGS.displayNames, ...(parsed as Record<string, string>) } as Settings[K];
  return parsed;
}

export function getSettings(db: Database): Settings {
  const entries = (Object.keys(SETTING_KEYS) as (keyof Settings)[]).map((k) => [k, getSetting(db, k)] as const);
  return Object.fromEntries(entries) as unknown as Settings;
}

export function setSetting<K extends keyof Settings>(db: Database, key: K, value: Settings[K]): void {
  if (!VALIDATORS[key](value)) throw new SettingsError(`invalid value for setting ${key}: ${JSON.stringify(value)}`);
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(SETTING_KEYS[key], JSON.stringify(value));
}

export function updateSettings(db: Database, patch: Partial<Settings>): Settings {
  db.transaction(() => {
    for (const key of Object.keys(patch) as (keyof Settings)[]) {
      if (!(key in SETTING_KEYS)) throw new SettingsError(`unknown setting ${String(key)}`);
      const value = patch[key];
      if (value !== undefined) setSetting(db, key, value as never);
    }
  })();
  return getSettings(db);
}

/** The name written into files for a genre: configured display name for our ids, else as spelled. */
export function displayName(settings: Pick<Settings, 'displayNames'>, genre: string): string {
  return settings.displayNames[genre] ?? genre;
}

/**
 * Maps a genre name (a tag value or one the user typed) to a genre id through the alias table,
 * compared by genreMatchKey (case, spaces and punctuation do not matter: "heavy-metal" is the
 * alias "heavy metal"); undefined when no alias matches.
 */
export function genreIdForTag(
  settings: Pick<Settings, 'aliases' | 'displayNames'>,
  tagValue: string,
): string | undefined {
  const aliased = aliasTarget(tagValue, settings.aliases);
  if (aliased !== undefined) return aliased;
  const key = genreMatchKey(tagValue);
  // A value equal to one of our display names ("Hip-Hop") is that genre, by construction.
  for (const [id, name] of Object.entries(settings.displayNames)) {
    if (genreMatchKey(name) === key) return id;
  }
  return undefined;
}
