import { describe, expect, it } from 'vitest';
import { CombineError, combineWindows, probabilitiesByGenre } from '../../core/model/combine.js';

const GENRES = ['rock', 'jazz', 'blues'];

describe('combining window predictions into a track prediction', () => {
  it("averages the windows' probabilities and takes the best mean", () => {
    const track = combineWindows(GENRES, [
      [0.6, 0.3, 0.1],
      [0.2, 0.7, 0.1],
      [0.6, 0.3, 0.1],
    ]);
    expect(track.genre).toBe('rock');
    expect(track.confidence).toBeCloseTo(1.4 / 3, 12);
    expect(track.probabilities[1]).toBeCloseTo(1.3 / 3, 12);
    expect(track.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('takes the mean, not the most confident window', () => {
    const track = combineWindows(GENRES, [
      [0.0, 0.99, 0.01],
      [0.7, 0.2, 0.1],
      [0.7, 0.2, 0.1],
      [0.7, 0.2, 0.1],
    ]);
    expect(track.genre).toBe('rock');
    expect(track.confidence).toBeCloseTo(0.525, 12);
  });

  it('takes the mean, not a majority vote of the windows', () => {
    const track = combineWindows(GENRES, [
      [0.05, 0.9, 0.05],
      [0.5, 0.45, 0.05],
      [0.5, 0.45, 0.05],
    ]);
    expect(track.windows.filter((w) => w.genre === 'rock')).toHaveLength(2);
    expect(track.genre).toBe('jazz');
    expect(track.confidence).toBeCloseTo(0.6, 12);
  });

  it("keeps each window's own prediction", () => {
    const track = combineWindows(GENRES, [
      [0.1, 0.2, 0.7],
      [0.5, 0.3, 0.2],
    ]);
    expect(track.windows.map((w) => [w.genre, w.confidence])).toEqual([
      ['blues', 0.7],
      ['rock', 0.5],
    ]);
  });

  it("gives a single window's prediction unchanged", () => {
    const track = combineWindows(GENRES, [[0.2, 0.3, 0.5]]);
    expect(track).toMatchObject({ genre: 'blues', confidence: 0.5, probabilities: [0.2, 0.3, 0.5] });
  });

  it('breaks ties towards the earlier genre', () => {
    expect(combineWindows(GENRES, [[0.4, 0.4, 0.2]]).genre).toBe('rock');
  });

  it('refuses no windows, wrong widths and non-finite values', () => {
    expect(() => combineWindows(GENRES, [])).toThrow(CombineError);
    expect(() => combineWindows(GENRES, [[0.5, 0.5]])).toThrow(/2 probabilities for 3 genres/);
    expect(() => combineWindows(GENRES, [[0.5, Number.NaN, 0.5]])).toThrow(/jazz is NaN/);
  });

  it('names probabilities by genre in genre order', () => {
    expect(Object.entries(probabilitiesByGenre(GENRES, [0.1, 0.2, 0.7]))).toEqual([
      ['rock', 0.1],
      ['jazz', 0.2],
      ['blues', 0.7],
    ]);
  });
});
