import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chooseSpellings, genreKey } from '../../core/learning/genre-vocabulary.js';
import { tidyGenre } from '../../shared/genre-key.js';
import { collectTrustedLabels } from '../../core/learning/trusted-labels.js';
import { updateSettings } from '../../core/library/settings.js';
import { decide } from '../../core/decisions/decisions.js';
import { acceptAbove } from '../../core/review/bulk-accept.js';
import { seedTracks, tempLibrary, type TempLibrary } from '../helpers/library.js';

describe('genre vocabulary', () => {
  it('tidies spacing and folds case, including non-ASCII', () => {
    expect(tidyGenre('  Bossa \t Nova ')).toBe('Bossa Nova');
    expect(genreKey('ÉLECTRO  Swing')).toBe(genreKey('électro swing'));
    expect(genreKey('Synthwave')).not.toBe(genreKey('Synth wave'));
  });

  it('names each genre by its most common spelling, ties by code-unit order', () => {
    const chosen = chooseSpellings([
      'synthwave',
      'Synthwave',
      'SynthWave',
      'synthwave',
      'Bossa Nova',
      'bossa nova',
      'Soundtrack ',
    ]);
    expect(Object.fromEntries(chosen)).toEqual({
      synthwave: 'synthwave',
      'bossa nova': 'Bossa Nova',
      soundtrack: 'Soundtrack',
    });
  });
});

describe('trusted labels', () => {
  let lib: TempLibrary;
  let ids: number[];
  beforeEach(() => {
    lib = tempLibrary();
    ids = seedTracks(lib.db, [
      /* 0 */ { path: '/music/a.mp3', genres: ['Hip Hop', 'Rap'] }, //                    alias → hiphop
      /* 1 */ { path: '/music/b.mp3', genres: ['Synthwave'] }, //                         user vocabulary
      /* 2 */ { path: '/music/c.mp3', genres: ['synthwave '] }, //                        same genre, other spelling
      /* 3 */ { path: '/music/d.mp3', genres: ['SYNTHWAVE'] },
      /* 4 */ { path: '/music/e.mp3', genres: ['Rock'], predicted: 'jazz', confidence: 0.4 }, // decision wins over tag
      /* 5 */ { path: '/music/f.mp3', genres: ['Jazz'], predicted: 'blues', confidence: 0.5 }, // skip blocks the tag
      /* 6 */ { path: '/music/g.mp3', genres: ['Pop'], predicted: 'pop', confidence: 0.95 }, //  bulk accept: only the tag counts
      /* 7 */ { path: '/music/h.mp3', predicted: 'metal', confidence: 0.97 }, //            bulk accept, no tag: nothing
      /* 8 */ { path: '/music/i.mp3', genres: ['Hip-Hop'] }, //                           keep → the tag as spelled
      /* 9 */ { path: '/music/j.mp3', predicted: 'reggae', confidence: 0.3 }, //           accept → predicted genre
      /* 10 */ { path: '/music/k.mp3', genres: ['  '] }, //                               blank tag: nothing
      /* 11 */ { path: '/music/l.mp3', genres: ['Soundtrack'] }, //                      gone: nothing
      /* 12 */ { path: '/music/m.mp3', genres: ['Bossa Nova', 'Jazz'] },
    ]);
    decide(lib.db, ids[4]!, { action: 'choose', genre: 'Bossa nova' });
    decide(lib.db, ids[5]!, { action: 'skip' });
    decide(lib.db, ids[8]!, { action: 'keep' });
    decide(lib.db, ids[9]!, { action: 'accept' });
    expect(acceptAbove(lib.db, 0.9)).toBe(2); // g and h, by the model
    lib.db.prepare("UPDATE tracks SET status = 'gone' WHERE id = ?").run(ids[11]!);
  });
  afterEach(() => lib.close());

  const byTrack = (labels: ReturnType<typeof collectTrustedLabels>) =>
    Object.fromEntries(labels.map((l) => [ids.indexOf(l.trackId), [l.genre, l.source]]));

  it('uses only user decisions unless asked for tags', () => {
    expect(byTrack(collectTrustedLabels(lib.db))).toEqual({
      4: ['Bossa nova', 'decision'],
      8: ['Hip-Hop', 'decision'],
      9: ['reggae', 'decision'],
    });
  });

  it('adds the first tag of undecided tracks, one genre per alias target, named as the user spells it; decisions win', () => {
    expect(byTrack(collectTrustedLabels(lib.db, { fromTags: true }))).toEqual({
      // "Hip Hop" and the kept "Hip-Hop" are one genre (the alias target hiphop), named as the user
      // spells it, not by the id: one spelling each, the tie goes to the first in code-unit order.
      0: ['Hip Hop', 'tag'],
      1: ['SYNTHWAVE', 'tag'],
      2: ['SYNTHWAVE', 'tag'],
      3: ['SYNTHWAVE', 'tag'],
      4: ['Bossa Nova', 'decision'], // grouped with m's tag spelling, which sorts first
      6: ['Pop', 'tag'], // the user's tag, not GTZAN's id "pop"
      8: ['Hip Hop', 'decision'],
      9: ['reggae', 'decision'],
      12: ['Bossa Nova', 'tag'],
    });
  });

  it('follows edits of the alias table', () => {
    updateSettings(lib.db, { aliases: { synthwave: 'pop' } });
    const labels = byTrack(collectTrustedLabels(lib.db, { fromTags: true }));
    // Synthwave is now one genre with g's "Pop"; three Synthwave spellings against one Pop.
    expect(labels[1]).toEqual(labels[6]);
    // No alias any more, but "Hip Hop" is still the display name "Hip-Hop" (one genreMatchKey rule).
    expect(labels[0]).toEqual(['Hip Hop', 'tag']);
    updateSettings(lib.db, { aliases: {}, displayNames: { hiphop: 'HipHop' } });
    const bare = byTrack(collectTrustedLabels(lib.db, { fromTags: true }));
    // "Hip Hop" still matches the display name "HipHop" (genreMatchKey ignores spaces and hyphens), so
    // it stays one genre with the kept "Hip-Hop", named by the user's spelling.
    expect(bare[0]).toEqual(['Hip Hop', 'tag']);
  });
});
