import { describe, expect, it } from 'vitest';
import { fitTrackTemperature, trackLikelihood, trackProbabilities } from '../../core/learning/track-temperature.js';
import { applyTemperature } from '../../core/model/temperature.js';
import { seededRandom } from '../../core/model/random.js';

describe('track-level temperature', () => {
  it('averages the tempered windows', () => {
    const windows = [
      [0.7, 0.2, 0.1],
      [0.1, 0.6, 0.3],
    ];
    trackProbabilities(windows, 1).forEach((p, j) => expect(p).toBeCloseTo([0.4, 0.4, 0.2][j]!, 12));
    const t = 0.5;
    const a = applyTemperature(windows[0]!, t);
    const b = applyTemperature(windows[1]!, t);
    trackProbabilities(windows, t).forEach((p, j) => expect(p).toBeCloseTo((a[j]! + b[j]!) / 2, 12));
  });

  it('computes the mean negative log-likelihood of the true genres', () => {
    const tracks = [
      [[0.8, 0.2]],
      [
        [0.5, 0.5],
        [0.1, 0.9],
      ],
    ];
    const nll = trackLikelihood(tracks, [0, 1]);
    expect(nll(1)).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 12);
    const sharp = trackProbabilities(tracks[1]!, 0.5)[1]!;
    expect(nll(0.5)).toBeCloseTo(-(Math.log(applyTemperature([0.8, 0.2], 0.5)[0]!) + Math.log(sharp)) / 2, 12);
  });

  it('recovers the temperature the labels were drawn with', () => {
    // Labels drawn from softmax(log p / T0): the NLL is smallest at T0 (up to sampling noise).
    const random = seededRandom(3);
    for (const t0 of [0.5, 2]) {
      const tracks: number[][][] = [];
      const classes: number[] = [];
      for (let i = 0; i < 4000; i++) {
        const raw = [Math.exp(4 * random()), Math.exp(4 * random()), Math.exp(4 * random())];
        const sum = raw.reduce((a, b) => a + b);
        const p = raw.map((x) => x / sum);
        const truth = applyTemperature(p, t0);
        const u = random();
        classes.push(u < truth[0]! ? 0 : u < truth[0]! + truth[1]! ? 1 : 2);
        tracks.push([p]);
      }
      expect(Math.abs(fitTrackTemperature(tracks, classes) / t0 - 1)).toBeLessThan(0.08);
    }
  });

  it('returns 1 without tracks and stays inside [1/8, 8]', () => {
    expect(fitTrackTemperature([], [])).toBe(1);
    // Always right and already confident: sharpening as far as allowed.
    expect(fitTrackTemperature([[[0.9, 0.1]], [[0.2, 0.8]]], [0, 1])).toBeCloseTo(0.125, 3);
  });
});
