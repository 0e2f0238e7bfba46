import { describe, expect, it } from 'vitest';
import { settingsFixture } from './fixtures';
import { draftChanges, draftFrom, draftProblems, rebaseDraft } from '../../renderer/src/views/Settings/settings-draft';

const saved = settingsFixture({
  displayNames: { hiphop: 'Hip-Hop', rock: 'Rock' },
  aliases: { 'hip hop': 'hiphop', rap: 'hiphop' },
  reviewThreshold: 0.655,
});

describe('settings draft', () => {
  it('an untouched draft has no changes and no problems', () => {
    const draft = draftFrom(saved);
    expect(draftChanges(draft, saved)).toEqual({});
    expect(draftProblems(draft)).toEqual([]);
  });

  it('sends only what changed, thresholds as fractions, never the ffmpeg program', () => {
    const draft = draftFrom(saved);
    expect(draftChanges({ ...draft, reviewThreshold: 50 }, saved)).toEqual({ reviewThreshold: 0.5 });
    expect(draftChanges(draft, { ...saved, ffmpegPath: '/usr/bin/ffmpeg' })).toEqual({});
  });

  it('keeps what the user edited when the stored settings change under the form', () => {
    const typed = { ...draftFrom(saved), reviewThreshold: 50, scanExclude: 'Podcasts' };
    const after = { ...saved, reviewThreshold: 0.7, acceptThreshold: 0.95, defaultModel: 'knn' };
    const rebased = rebaseDraft(typed, saved, after);
    expect(rebased).toEqual({ ...draftFrom(after), reviewThreshold: 50, scanExclude: 'Podcasts' });
    expect(draftChanges(rebased, after)).toEqual({ reviewThreshold: 0.5, scanExclude: ['Podcasts'] });
    expect(rebaseDraft(draftFrom(saved), saved, after)).toEqual(draftFrom(after));
  });

  it('sends the whole alias table, lower-cased, when a row changes', () => {
    const draft = draftFrom(saved);
    const edited = { ...draft, aliases: [...draft.aliases, { key: 99, alias: 'Boom Bap', genre: 'hiphop' }] };
    expect(draftChanges(edited, saved)).toEqual({
      aliases: { 'hip hop': 'hiphop', rap: 'hiphop', 'boom bap': 'hiphop' },
    });
  });

  it('reports empty names, duplicate or unmapped aliases, and thresholds out of range', () => {
    const draft = draftFrom(saved);
    const broken = {
      ...draft,
      displayNames: { ...draft.displayNames, rock: ' ', jazz: 'J'.repeat(201) },
      aliases: [
        ...draft.aliases,
        { key: 7, alias: 'RAP', genre: 'hiphop' },
        { key: 8, alias: 'lofi', genre: '' },
        { key: 9, alias: 'dub\tstep', genre: 'reggae' },
      ],
      acceptThreshold: 120,
    };
    const messages = draftProblems(broken).map((p) => p.message);
    expect(messages).toContain('The display name of “rock” is empty.');
    // What the API would refuse (shared/api/text-rules.ts) is caught before saving.
    expect(messages).toContain('The display name of “jazz” is longer than 200 characters.');
    expect(messages).toContain('The alias “dub\tstep” contains a control character (such as a tab or line break).');
    expect(messages).toContain('“RAP” is listed twice.');
    expect(messages).toContain('Choose the genre “lofi” stands for.');
    expect(messages).toContain('Thresholds are percentages from 0 to 100.');
  });

  it('calls two aliases that match the same tags one alias listed twice', () => {
    const draft = draftFrom(saved);
    // "hip-hop" and the saved "hip hop" are one name by the genre-name rule: tags match both.
    const twice = { ...draft, aliases: [...draft.aliases, { key: 7, alias: 'Hip-Hop', genre: 'pop' }] };
    expect(draftProblems(twice).map((p) => p.message)).toContain('“Hip-Hop” is listed twice.');
  });

  it('edits the scan exclusions as one pattern a line, sending only a changed list (issue 13, item 18)', () => {
    const withExclude = { ...saved, scanExclude: ['Podcasts', 'Live/**'] };
    const draft = draftFrom(withExclude);
    expect(draft.scanExclude).toBe('Podcasts\nLive/**');
    expect(draftChanges({ ...draft, scanExclude: 'Podcasts\n\n Live/** \n' }, withExclude)).toEqual({});
    expect(draftChanges({ ...draft, scanExclude: 'Podcasts\n*.wav' }, withExclude)).toEqual({
      scanExclude: ['Podcasts', '*.wav'],
    });
    expect(draftProblems({ ...draft, scanExclude: `${'x'.repeat(201)}` }).map((p) => p.field)).toEqual(['scanExclude']);
  });
});
