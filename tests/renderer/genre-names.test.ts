import { describe, expect, it } from 'vitest';
import { aliasTarget, displayName } from '../../renderer/src/lib/genre-names';

const ALIASES = { 'heavy metal': 'metal', 'hip-hop': 'hiphop', metal: 'metal' };

describe('genre names in the UI', () => {
  it('relates a file’s genre to ours by the core’s one rule: case, spaces and punctuation aside', () => {
    for (const tag of ['heavy-metal', 'Heavy Metal', ' HEAVY  METAL ', 'heavy_metal']) {
      expect(aliasTarget(tag, ALIASES)).toBe('metal');
    }
    expect(aliasTarget('Hip Hop', ALIASES)).toBe('hiphop');
    expect(aliasTarget('Heavy Metals', ALIASES)).toBeNull();
    expect(aliasTarget('metal', undefined)).toBeNull();
  });

  it('shows our ids by their display names and the user’s own genres as spelled', () => {
    expect(displayName('hiphop', { hiphop: 'Hip-Hop' })).toBe('Hip-Hop');
    expect(displayName('Bossa Nova', { hiphop: 'Hip-Hop' })).toBe('Bossa Nova');
    expect(displayName(null, undefined)).toBe('—');
  });
});
