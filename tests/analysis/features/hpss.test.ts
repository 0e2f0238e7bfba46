import { describe, expect, it } from 'vitest';
import { hpssMasks, hpssSignals, softmask } from '../../../electron/analysis/features/hpss.js';
import { stft } from '../../../electron/analysis/features/stft.js';

// Expected values: librosa 0.8's decompose.hpss / util.softmask / istft / fix_length transcribed to
// numpy with scipy.ndimage.median_filter(mode='reflect') (numpy 2.4, scipy 1.17).

describe('softmask (librosa.util.softmask)', () => {
  it('is X^p / (X^p + R^p)', () => {
    expect(softmask(3, 4, 2, true)).toBeCloseTo(9 / 25, 15);
    expect(softmask(3, 4, 1, false)).toBeCloseTo(3 / 7, 15);
    expect(softmask(1e300, 1e300, 2, true)).toBe(0.5); // rescaled by the max: no overflow
  });

  it('splits (0.5) or zeroes where both inputs are below the smallest normal float32', () => {
    expect(softmask(0, 0, 2, true)).toBe(0.5);
    expect(softmask(0, 0, 2, false)).toBe(0);
    expect(softmask(1e-39, 0, 2, true)).toBe(0.5);
    expect(softmask(2e-38, 0, 2, true)).toBe(1);
  });
});

describe('hpssMasks', () => {
  // 4 bins × 6 frames, frame-major; bin 0 silent (both medians 0 → split masks).
  const S = [0.0, 0.41, 0.43, 0.68, 0.0, 0.05, 0.97, 0.06, 0.0, 0.05, 0.9, 0.56, 0.0, 1.0, 0.84, 0.27, 0.0, 0.65, 0.39, 0.88, 0.0, 0.23, 0.49, 0.06];
  const mag = Float64Array.from(S);

  it('matches librosa with kernel 3, margin 1', () => {
    const m = hpssMasks(mag, 6, 4, { kernelSize: 3 });
    const h = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.995575221238938, 0.9886506935687263, 0.5, 0.5, 0.7208971164115344, 0.1886157826649418, 0.5, 0.3745235351475933, 0.5, 0.8113842173350582, 0.5, 0.7352941176470589, 0.3623603984304256, 0.08603800306857075, 0.5, 0.5, 0.8194539249146757, 0.5];
    h.forEach((v, i) => {
      expect(m.harmonic[i]).toBeCloseTo(v, 14);
      expect(m.harmonic[i]! + m.percussive[i]!).toBeCloseTo(1, 14);
    });
  });

  it('matches librosa with kernel 3, margin 2 (no zero splitting, masks no longer sum to one)', () => {
    const m = hpssMasks(mag, 6, 4, { kernelSize: 3, margin: 2 });
    const h = [0.0, 0.2, 0.2, 0.2, 0.0, 0.2, 0.9825327510917031, 0.9560975609756097, 0.0, 0.2, 0.39236582057740743, 0.05492352896858284, 0.0, 0.13020432062621345, 0.2, 0.5181758096497026, 0.0, 0.4098360655737705, 0.12439769960105694, 0.022993218735215263, 0.0, 0.2, 0.5315474872703122, 0.2];
    const p = [0.0, 0.2, 0.2, 0.2, 0.0, 0.2, 0.0011098779134295228, 0.00286168521462639, 0.0, 0.2, 0.08824853669518236, 0.5181758096497026, 0.0, 0.29453998998163294, 0.2, 0.05492352896858284, 0.0, 0.08256880733944953, 0.3055173909899487, 0.726454033771107, 0.0, 0.2, 0.05220566466002171, 0.2];
    h.forEach((v, i) => expect(m.harmonic[i]).toBeCloseTo(v, 14));
    p.forEach((v, i) => expect(m.percussive[i]).toBeCloseTo(v, 14));
  });

  it('rejects a margin below 1 and a non-positive power', () => {
    expect(() => hpssMasks(mag, 6, 4, { margin: 0.5 })).toThrow(RangeError);
    expect(() => hpssMasks(mag, 6, 4, { power: 0 })).toThrow(RangeError);
  });
});

describe('hpssSignals (effects.harmonic / effects.percussive)', () => {
  // 5,000 samples: a sine plus a click every 700 samples. 10 frames, so the 31-frame time median
  // reflects several times over: scipy's behaviour there is part of what is checked.
  const n = 5000;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.sin(0.05 * i) * 0.5 + (i % 700 === 0 ? 0.8 : 0);
  const { harmonic, percussive } = hpssSignals(y, stft(y));

  const stats = (x: Float64Array) => {
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    return { mean, variance: x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length };
  };

  it('matches librosa sample by sample and in mean/variance', () => {
    const at = [0, 100, 1234, 4095, 4607];
    const h = [0.4227553613354897, -0.16712158186123297, -0.453734495239641, -0.25853242394284875, -0.42805272604693634];
    const p = [0.37724465058543927, -0.3123405648978002, 0.0011338671020524064, -0.0013080644909890583, 0.0036461677717137013];
    at.forEach((i, k) => {
      expect(harmonic[i]).toBeCloseTo(h[k]!, 12);
      expect(percussive[i]).toBeCloseTo(p[k]!, 12);
    });
    expect(stats(harmonic).mean).toBeCloseTo(0.0016526920314545088, 14);
    expect(stats(harmonic).variance).toBeCloseTo(0.1103571550854867, 13);
    expect(stats(percussive).mean).toBeCloseTo(0.002481616362924819, 14);
    expect(stats(percussive).variance).toBeCloseTo(0.0025070506536138855, 14);
  });

  it('keeps the input length with zeros after the inverse STFT span (512·(T − 1) = 4,608 samples)', () => {
    expect(harmonic.length).toBe(n);
    expect(percussive.length).toBe(n);
    expect(harmonic[4607]).not.toBe(0);
    for (let i = 4608; i < n; i++) {
      expect(harmonic[i]).toBe(0);
      expect(percussive[i]).toBe(0);
    }
  });

  it('accepts a precomputed float32 |D| (what librosa filtered) with the same result to float32 rounding', () => {
    const s = stft(y);
    const mag32 = new Float32Array(s.re.length);
    for (let i = 0; i < mag32.length; i++) mag32[i] = Math.hypot(s.re[i]!, s.im[i]!);
    const narrow = hpssSignals(y, s, mag32);
    for (let i = 0; i < n; i += 97) expect(narrow.harmonic[i]).toBeCloseTo(harmonic[i]!, 6);
  });

  it('refuses an STFT that is not of this signal, or a magnitude of another size', () => {
    expect(() => hpssSignals(y.subarray(0, 3000), stft(y))).toThrow(RangeError);
    expect(() => hpssSignals(y, stft(y), new Float32Array(10))).toThrow(RangeError);
  });
});
