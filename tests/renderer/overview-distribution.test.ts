import { describe, expect, it } from 'vitest';
import type { Settings } from '../../shared/api/types';
import { genreBars } from '../../renderer/src/views/Overview/distribution';

const settings = {
  displayNames: { hiphop: 'Hip-Hop', rock: 'Rock', jazz: 'Jazz' },
  aliases: { 'hip hop': 'hiphop', rap: 'hiphop', rock: 'rock' },
} as unknown as Settings;

describe('genre distribution', () => {
  it('counts tags under a genre only through the alias table and keeps other spellings', () => {
    const bars = genreBars(
      [
        { key: 'Hip Hop', count: 3 },
        { key: 'rap', count: 2 },
        { key: 'Rock', count: 4 },
        { key: 'Synthwave', count: 1 },
      ],
      [
        { key: 'hiphop', count: 6 },
        { key: 'jazz', count: 2 },
      ],
      settings,
    );
    expect(bars).toEqual([
      { name: 'Hip-Hop', tagged: 5, predicted: 6 },
      { name: 'Rock', tagged: 4, predicted: 0 },
      { name: 'Jazz', tagged: 0, predicted: 2 },
      { name: 'Synthwave', tagged: 1, predicted: 0 },
    ]);
  });

  it('sums the long tail into one row', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ key: `g${String(i).padStart(2, '0')}`, count: 100 - i }));
    const bars = genreBars(many, [], null, 5);
    expect(bars).toHaveLength(5);
    expect(bars[4]).toEqual({
      name: 'Other (16)',
      tagged: many.slice(4).reduce((a, g) => a + g.count, 0),
      predicted: 0,
    });
  });
});

describe('confusion matrix notes', () => {
  it('names the largest mistakes as shares of the true genre', async () => {
    const { topConfusions } = await import('../../renderer/src/views/Overview/ConfusionMatrix');
    const genres = ['rock', 'metal', 'pop'];
    const matrix = [
      [80, 15, 5],
      [2, 98, 0],
      [30, 0, 70],
    ];
    expect(topConfusions(genres, matrix, 2)).toEqual([
      { truth: 'pop', predicted: 'rock', share: 0.3 },
      { truth: 'rock', predicted: 'metal', share: 0.15 },
    ]);
    expect(topConfusions(['a'], [[0]])).toEqual([]);
  });
});
