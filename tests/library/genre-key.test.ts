import { describe, expect, it } from 'vitest';
import { genreMatchKey } from '../../shared/genre-key.js';
import { DEFAULT_SETTINGS, genreIdForTag } from '../../core/library/settings.js';
import { tagAgrees } from '../../core/review/tag-agreement.js';
import { genreKey } from '../../core/learning/genre-vocabulary.js';

describe('genreMatchKey: one normalisation for typed names and tags (issue 13, item 16)', () => {
  it('ignores case, spaces and punctuation, and keeps letters of every script', () => {
    expect(genreMatchKey('Heavy Metal')).toBe('heavy metal');
    expect(genreMatchKey('heavy-metal')).toBe('heavy metal');
    expect(genreMatchKey(' HEAVY__metal. ')).toBe('heavy metal');
    expect(genreMatchKey('Électro')).toBe(genreMatchKey('e\u0301lectro'));
    expect(genreMatchKey('R&B')).toBe('r b');
    expect(genreMatchKey('+/-')).toBe('+/-');
  });

  it('is the rule of the alias table, tag agreement and the learned vocabulary alike', () => {
    expect(genreIdForTag(DEFAULT_SETTINGS, 'heavy-metal')).toBe('metal');
    expect(genreIdForTag(DEFAULT_SETTINGS, 'Heavy Metal')).toBe('metal');
    expect(genreIdForTag(DEFAULT_SETTINGS, 'HIP_HOP')).toBe('hiphop');
    expect(tagAgrees(DEFAULT_SETTINGS, ['Heavy-Metal'], 'metal')).toBe(true);
    expect(tagAgrees(DEFAULT_SETTINGS, ['Heavy-Metal'], 'rock')).toBe(false);
    expect(genreKey('Hip-Hop')).toBe(genreKey('hip hop'));
  });
});
