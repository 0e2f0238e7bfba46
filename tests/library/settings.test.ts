import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLibrary } from '../../core/service/library-schema.js';
import type { Database } from '../../core/library/db.js';
import {
  DEFAULT_SETTINGS,
  displayName,
  genreIdForTag,
  getSetting,
  getSettings,
  SettingsError,
  updateSettings,
} from '../../core/library/settings.js';

describe('settings', () => {
  let dir: string;
  let db: Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gw-settings-'));
    db = openLibrary(join(dir, 'library.db'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns defaults on a new library', () => {
    expect(getSettings(db)).toEqual(DEFAULT_SETTINGS);
  });

  it('persists updates and merges partial display names over the defaults', () => {
    const s = updateSettings(db, { reviewThreshold: 0.45, displayNames: { hiphop: 'Hip Hop' } });
    expect(s.reviewThreshold).toBe(0.45);
    expect(s.displayNames.hiphop).toBe('Hip Hop');
    expect(s.displayNames.rock).toBe('Rock');
    expect(getSetting(db, 'reviewThreshold')).toBe(0.45);
  });

  it('rejects invalid values and leaves stored ones untouched', () => {
    updateSettings(db, { acceptThreshold: 0.9 });
    expect(() => updateSettings(db, { acceptThreshold: 1.5 })).toThrow(SettingsError);
    expect(getSetting(db, 'acceptThreshold')).toBe(0.9);
  });

  it('falls back to the default when a stored value is malformed', () => {
    db.prepare("INSERT INTO settings (key, value) VALUES ('review.threshold', 'not json')").run();
    expect(getSetting(db, 'reviewThreshold')).toBe(DEFAULT_SETTINGS.reviewThreshold);
  });
});

describe('genre names', () => {
  it('maps tags to ids only through aliases or display names', () => {
    expect(genreIdForTag(DEFAULT_SETTINGS, 'Hip Hop')).toBe('hiphop');
    expect(genreIdForTag(DEFAULT_SETTINGS, ' hip-hop ')).toBe('hiphop');
    expect(genreIdForTag(DEFAULT_SETTINGS, 'Hip-Hop')).toBe('hiphop');
    expect(genreIdForTag(DEFAULT_SETTINGS, 'Rock')).toBe('rock');
    expect(genreIdForTag(DEFAULT_SETTINGS, 'Rock & Roll')).toBeUndefined();
    expect(genreIdForTag(DEFAULT_SETTINGS, 'Synthwave')).toBeUndefined();
  });

  it('writes display names for our ids and user genres as spelled', () => {
    expect(displayName(DEFAULT_SETTINGS, 'hiphop')).toBe('Hip-Hop');
    expect(displayName(DEFAULT_SETTINGS, 'Bossa Nova')).toBe('Bossa Nova');
  });
});
