import { describe, expect, it } from 'vitest';
import { fftFrequencies, hannPeriodic, magnitude, power, stft } from '../../../core/analysis/features/stft.js';
import { edgePad, frameCount, reflectPad } from '../../../core/analysis/features/padding.js';

// Reference values from numpy: np.fft.rfft of frames of np.pad(y, 4, mode='reflect') times the
// periodic Hann window (0.5 − 0.5·cos(2πi/8)), n_fft 8, hop 4 — librosa 0.8's stft recipe.
const y = Float64Array.from({ length: 20 }, (_, i) => Math.sin(0.7 * i) + 0.3 * Math.cos(2.1 * i + 0.5));
const expected: Record<number, Array<[number, number]>> = {
  0: [
    [2.235136460201676, 0],
    [-0.4978134917616689, 0],
    [-0.7184583623824814, 0],
    [-0.0287360453725547, 0],
    [0.2548793388317335, 0],
  ],
  3: [
    [1.9743210691185626, 0],
    [-1.7793912375486547, -1.036419738468357],
    [1.0864007126389588, 0.6765400844156345],
    [-0.43583281763873294, -0.29394420746504385],
    [0.283325615978295, 0],
  ],
  5: [
    [-0.5514653533150281, 0],
    [-0.28828327152724914, -1.3685583867886377],
    [0.764698121463966, 0.8443867557437832],
    [-0.27386310191447266, 0.16083785613929424],
    [0.14636185727053974, 0],
  ],
};

describe('stft', () => {
  it('matches numpy on reflect-padded, periodic-Hann frames', () => {
    const s = stft(y, 8, 4);
    expect(s.nBins).toBe(5);
    expect(s.nFrames).toBe(6); // 1 + (20 + 8 − 8) / 4
    for (const [t, bins] of Object.entries(expected)) {
      bins.forEach(([re, im], k) => {
        expect(s.re[Number(t) * 5 + k]).toBeCloseTo(re, 12);
        expect(s.im[Number(t) * 5 + k]).toBeCloseTo(im, 12);
      });
    }
  });

  it('gives |X| and |X|² in the same layout', () => {
    const s = stft(y, 8, 4);
    const mag = magnitude(s);
    const pow = power(s);
    expect(mag[3 * 5 + 1]).toBeCloseTo(Math.hypot(-1.7793912375486547, -1.036419738468357), 12);
    expect(pow[3 * 5 + 1]).toBeCloseTo((-1.7793912375486547) ** 2 + 1.036419738468357 ** 2, 12);
  });

  it('yields 1 + floor(len / hop) frames for a 30 s clip with librosa defaults', () => {
    const s = stft(new Float32Array(661794));
    expect(s.nFrames).toBe(1293);
    expect(s.nBins).toBe(1025);
  });

  it('rejects a non-power-of-two FFT size', () => {
    expect(() => stft(y, 6, 2)).toThrow(RangeError);
  });
});

describe('hannPeriodic', () => {
  it('is the DFT-even Hann window', () => {
    const w = hannPeriodic(4);
    [0, 0.5, 1, 0.5].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 15));
  });
});

describe('padding', () => {
  it('reflects without repeating the edge, also past the signal length (numpy reflect)', () => {
    expect(Array.from(reflectPad([1, 2, 3], 5))).toEqual([2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2]);
  });
  it('repeats the edge sample for edge mode', () => {
    expect(Array.from(edgePad([1, 2, 3], 2))).toEqual([1, 1, 1, 2, 3, 3, 3]);
  });
  it('counts whole frames', () => {
    expect(frameCount(10, 4, 2)).toBe(4);
    expect(frameCount(3, 4, 2)).toBe(0);
  });
});

describe('fftFrequencies', () => {
  it('spaces bins by sr / nFft', () => {
    expect(Array.from(fftFrequencies(22050, 8))).toEqual([0, 2756.25, 5512.5, 8268.75, 11025]);
  });
});
