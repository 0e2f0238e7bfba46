import { describe, expect, it } from 'vitest';
import { parseApiParams } from '../../shared/api/schema.js';
import { labelProblem, MAX_LABEL, MAX_SEARCH, searchText } from '../../shared/api/text-rules.js';

/**
 * The renderer checks typed text with shared/api/text-rules.ts before sending it, so expected
 * mistakes show next to the field instead of as refused requests. That only works while the
 * rules say exactly what the server's schema enforces: checked here on the same strings.
 */
const LABELS = [
  'Dub',
  '  Bossa Nova  ',
  '',
  '   ',
  'Dub\tStep',
  'line\nbreak',
  'nul\u0000',
  'é'.repeat(MAX_LABEL),
  'x'.repeat(MAX_LABEL + 1),
];

const acceptsGenre = (genre: string): boolean => {
  try {
    parseApiParams('review.decide', { id: 1, decision: { action: 'choose', genre } });
    return true;
  } catch {
    return false;
  }
};

describe('text rules shared by the renderer and the API schema', () => {
  it('find a problem in a genre name exactly when the server would refuse it', () => {
    for (const label of LABELS) expect(labelProblem(label) === null, JSON.stringify(label)).toBe(acceptsGenre(label));
    expect(labelProblem('x'.repeat(MAX_LABEL + 1))).toBe(`is longer than ${MAX_LABEL} characters`);
    expect(labelProblem('Dub\tStep')).toMatch(/control character/);
  });

  it('turn any typed or pasted search into one the server takes', () => {
    for (const typed of ['rock', 'a\tb', 'two\r\nlines', '\u0007bell', 'y'.repeat(MAX_SEARCH + 50)]) {
      const search = searchText(typed);
      expect(() => parseApiParams('tracks.query', { search })).not.toThrow();
    }
    expect(searchText('a\tb\nc')).toBe('a b c');
    expect(searchText('y'.repeat(MAX_SEARCH + 50))).toHaveLength(MAX_SEARCH);
  });
});
