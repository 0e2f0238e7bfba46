import { describe, expect, it } from 'vitest';
import { spectralShape, spectralShapeScalar } from '../../../../core/analysis/features/spectral.js';
import { fftFrequencies } from '../../../../core/analysis/features/stft.js';

const sameBits = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('spectral shape kernel', () => {
  it('gives the scalar centroid, bandwidth and rolloff bit for bit: silent, tonal, noisy and top-heavy frames', () => {
    let seed = 31;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const nFft of [2048, 256]) {
      const nBins = nFft / 2 + 1;
      const nFrames = 40;
      const mag = new Float32Array(nBins * nFrames);
      for (let t = 0; t < nFrames; t++) {
        for (let k = 0; k < nBins; k++) {
          const kind = t % 5;
          mag[t * nBins + k] =
            kind === 0
              ? 0 // silent frame
              : kind === 1
                ? k === 37
                  ? 3
                  : 0 // one bin
                : kind === 2
                  ? k === nBins - 1
                    ? 1
                    : 0 // energy only in the last bin
                  : kind === 3
                    ? rand() ** 2 * 10 ** Math.floor(rand() * 6 - 4)
                    : Math.exp(-k / 50) * (1 + rand());
        }
      }
      const freqs = fftFrequencies(22050, nFft);
      const fast = spectralShape(mag, nBins, nFrames, 22050, nFft);
      const slow = spectralShapeScalar(mag, nBins, nFrames, freqs);
      expect(sameBits(fast.centroid, slow.centroid), `centroid ${nFft}`).toBe(true);
      expect(sameBits(fast.bandwidth, slow.bandwidth), `bandwidth ${nFft}`).toBe(true);
      expect(sameBits(fast.rolloff, slow.rolloff), `rolloff ${nFft}`).toBe(true);
      expect(fast.centroid[0]).toBe(0);
      expect(fast.rolloff[2]).toBe(freqs[nBins - 1]);
    }
  });
});
