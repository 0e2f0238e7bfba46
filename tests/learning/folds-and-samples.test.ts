import { describe, expect, it } from 'vitest';
import { balancedTrackSample } from '../../core/learning/balanced-sample.js';
import { foldCount, stratifiedGroupFolds } from '../../core/learning/group-folds.js';

/** Tracks of known genres and window counts (genre, windows). */
function tracksOf(spec: readonly (readonly [number, number])[]) {
  return spec.map(([genre, windows]) => ({ genre, windows: Array.from({ length: windows }, () => [0]) }));
}

describe('stratified group folds', () => {
  it('puts each track in exactly one fold and every genre in every fold, within one track of its share', () => {
    const genres = [
      ...Array.from({ length: 23 }, () => 0),
      ...Array.from({ length: 11 }, () => 1),
      ...Array.from({ length: 5 }, () => 2),
    ];
    const folds = stratifiedGroupFolds(genres, 5, 3);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(genres.map((_, i) => i));
    for (const genre of [0, 1, 2]) {
      const total = genres.filter((g) => g === genre).length;
      const counts = folds.map((f) => f.filter((i) => genres[i] === genre).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      expect(counts.reduce((a, b) => a + b)).toBe(total);
      expect(Math.min(...counts)).toBe(Math.floor(total / 5));
    }
    expect(stratifiedGroupFolds(genres, 5, 3)).toEqual(folds);
    expect(stratifiedGroupFolds(genres, 5, 4)).not.toEqual(folds);
  });

  it('chooses 5 folds, fewer for a small genre, and 3 once every fold would be fitted on a capped sample', () => {
    expect(foldCount({ smallestGenre: 40, windows: 600, maxTrainingWindows: 1000 })).toBe(5);
    expect(foldCount({ smallestGenre: 4, windows: 600, maxTrainingWindows: 1000 })).toBe(4);
    expect(foldCount({ smallestGenre: 2, windows: 60, maxTrainingWindows: 1000 })).toBe(2);
    expect(foldCount({ smallestGenre: 40, windows: 1499, maxTrainingWindows: 1000 })).toBe(5);
    expect(foldCount({ smallestGenre: 40, windows: 1500, maxTrainingWindows: 1000 })).toBe(3);
    expect(foldCount({ smallestGenre: 40, windows: 600, maxTrainingWindows: 1000, maxFolds: 10 })).toBe(10);
  });
});

describe('balanced track sample', () => {
  it('keeps every candidate, ordered by genre, when they fit the budget', () => {
    const tracks = tracksOf([
      [1, 3],
      [0, 3],
      [1, 2],
      [0, 1],
    ]);
    expect(balancedTrackSample(tracks, [0, 1, 2, 3], 100, 1)).toEqual([1, 3, 0, 2]);
    expect(balancedTrackSample(tracks, [2, 0], 100, 1)).toEqual([0, 2]);
  });

  it("takes whole tracks, shares the budget equally and gives a small genre's unused share to the others", () => {
    // Genre 0: 100 tracks × 3 windows; genre 1: 100 × 3; genre 2: 4 × 3 = 12 windows.
    const spec: [number, number][] = [];
    for (let i = 0; i < 100; i++) spec.push([0, 3], [1, 3]);
    for (let i = 0; i < 4; i++) spec.push([2, 3]);
    const tracks = tracksOf(spec);
    const all = tracks.map((_, i) => i);
    const sample = balancedTrackSample(tracks, all, 300, 7);
    const windows = (g: number) => sample.filter((i) => tracks[i]!.genre === g).length * 3;
    expect(windows(2)).toBe(12); // all it has
    expect(windows(0)).toBe(144); // (300 − 12) / 2 = 144 = 48 whole tracks
    expect(windows(1)).toBe(144);
    expect(sample).toEqual([...sample].sort((a, b) => tracks[a]!.genre - tracks[b]!.genre || a - b));
    expect(balancedTrackSample(tracks, all, 300, 7)).toEqual(sample);
    expect(balancedTrackSample(tracks, all, 300, 8)).not.toEqual(sample);
  });

  it('keeps at least one track of every genre, even one longer than its share', () => {
    const tracks = tracksOf([
      [0, 5],
      [0, 5],
      [1, 9],
      [1, 1],
    ]);
    const sample = balancedTrackSample(tracks, [0, 1, 2, 3], 4, 1);
    expect(new Set(sample.map((i) => tracks[i]!.genre))).toEqual(new Set([0, 1]));
  });
});
