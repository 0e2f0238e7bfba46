import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decide } from '../../core/decisions/decisions.js';
import { updateSettings } from '../../core/library/settings.js';
import { selectTagWrites } from '../../core/tags/selection.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

describe('what a tag write selects', () => {
  let lib: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    lib = tempLibrary();
    ids = seedTracks(lib.db, [
      { path: '/m/a.mp3', predicted: 'hiphop', confidence: 0.95, genres: ['Rap'] },
      { path: '/m/b.mp3', predicted: 'jazz', confidence: 0.5, genres: [] },
      { path: '/m/c.mp3', predicted: 'rock', confidence: 0.99, genres: [], unfamiliar: true },
      { path: '/m/d.mp3', predicted: 'pop', confidence: 0.3, genres: ['Pop'] },
      { path: '/m/e.mp3', predicted: 'blues', confidence: 0.9, genres: [] },
    ]);
    decide(lib.db, ids[1]!, { action: 'choose', genre: 'Bossa Nova' });
    decide(lib.db, ids[4]!, { action: 'skip' });
  });
  afterEach(() => lib.close());

  it('writes decisions and confident familiar predictions as display names', () => {
    const { changes, skipped } = selectTagWrites(lib.db, { mode: 'replace' });
    expect(changes.map((c) => [c.path, c.before, c.after])).toEqual([
      ['/m/a.mp3', ['Rap'], ['Hip-Hop']],
      ['/m/b.mp3', [], ['Bossa Nova']],
    ]);
    expect(skipped).toBe(3);
  });

  it('never rewrites a file whose genres the user chose to keep, all values included', () => {
    seedTracks(lib.db, [
      { path: '/m/f.mp3', predicted: 'classical', confidence: 0.99, genres: ['Classical', 'Baroque'] },
    ]);
    const id = lib.db.prepare("SELECT id FROM tracks WHERE path = '/m/f.mp3'").pluck().get() as number;
    decide(lib.db, id, { action: 'keep' });
    for (const mode of ['replace', 'add', 'fill'] as const) {
      expect(selectTagWrites(lib.db, { mode }).changes.map((c) => c.path)).not.toContain('/m/f.mp3');
    }
  });

  it('respects modes, thresholds, only-decided and configured names', () => {
    updateSettings(lib.db, { displayNames: { hiphop: 'Hip Hop' } });
    expect(selectTagWrites(lib.db, { mode: 'add' }).changes.map((c) => c.after)).toEqual([
      ['Rap', 'Hip Hop'],
      ['Bossa Nova'],
    ]);
    expect(selectTagWrites(lib.db, { mode: 'fill' }).changes.map((c) => c.path)).toEqual(['/m/b.mp3']);
    expect(selectTagWrites(lib.db, { mode: 'replace', onlyDecided: true }).changes.map((c) => c.path)).toEqual([
      '/m/b.mp3',
    ]);
    expect(selectTagWrites(lib.db, { mode: 'replace', minConfidence: 0.2 }).changes.map((c) => c.path)).toEqual([
      '/m/a.mp3',
      '/m/b.mp3',
    ]);
  });

  it('writes one spelling per genre: the one the user types most, else the display name', () => {
    const more = seedTracks(lib.db, [
      { path: '/m/g.mp3', predicted: 'metal', confidence: 0.95, genres: [] },
      { path: '/m/h.mp3', predicted: 'rock', confidence: 0.4, genres: [] },
      { path: '/m/i.mp3', predicted: 'rock', confidence: 0.4, genres: [] },
      { path: '/m/j.mp3', predicted: 'jazz', confidence: 0.4, genres: [] },
      { path: '/m/k.mp3', predicted: 'rock', confidence: 0.4, genres: [] },
    ]);
    const written = (): Map<string, readonly string[]> =>
      new Map(selectTagWrites(lib.db, { mode: 'replace' }).changes.map((c) => [c.path, c.after]));
    // Nobody typed a metal genre yet: ours is written by its display name.
    expect(written().get('/m/g.mp3')).toEqual(['Metal']);
    decide(lib.db, more[1]!, { action: 'choose', genre: 'heavy-metal' });
    decide(lib.db, more[2]!, { action: 'choose', genre: 'heavy-metal' });
    decide(lib.db, more[4]!, { action: 'choose', genre: 'HEAVY METAL' });
    const now = written();
    // One genre, one spelling in every file: the user's most typed, for the prediction too.
    for (const path of ['/m/g.mp3', '/m/h.mp3', '/m/i.mp3', '/m/k.mp3']) expect(now.get(path)).toEqual(['heavy-metal']);
    // One of our ids typed as it is names the genre; its display name is written.
    decide(lib.db, more[3]!, { action: 'choose', genre: 'jazz' });
    expect(written().get('/m/j.mp3')).toEqual(['Jazz']);
    decide(lib.db, more[3]!, { action: 'choose', genre: 'bossa  nova' });
    // A tie ("Bossa Nova" in beforeEach, "bossa nova" here) goes to the one that sorts first.
    const later = written();
    expect(later.get('/m/j.mp3')).toEqual(['Bossa Nova']);
    expect(later.get('/m/b.mp3')).toEqual(['Bossa Nova']);
  });
});
