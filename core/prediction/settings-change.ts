import type { Database } from 'better-sqlite3';
import type { Settings } from '../../shared/api/types.js';
import { getSettings, updateSettings } from '../library/settings.js';

export interface SettingsChange {
  readonly before: Settings;
  readonly settings: Settings;
  /** The change alters which prediction tracks show: refreshPredictions must run. */
  readonly repredict: boolean;
}

/**
 * Whether going from `before` to `after` changes the predictions tracks show: another default
 * or personal model, or, with a personal model active, another review threshold (the personal
 * model answers where it is at least that confident, so every track's current prediction is
 * chosen again, from stored data).
 */
export function changesPredictions(before: Settings, after: Settings): boolean {
  return (
    before.defaultModel !== after.defaultModel ||
    before.personalModel !== after.personalModel ||
    (after.personalModel !== null && before.reviewThreshold !== after.reviewThreshold)
  );
}

/**
 * The one way settings change (the API's settings.update, `genrewise settings`, `learn
 * --activate`): validated and stored in one transaction, and said whether predictions must be
 * refreshed. The caller runs the refresh as it runs long work (a job, or with a progress bar).
 */
export function changeSettings(db: Database, patch: Partial<Settings>): SettingsChange {
  const before = getSettings(db);
  const settings = updateSettings(db, patch);
  return { before, settings, repredict: changesPredictions(before, settings) };
}
