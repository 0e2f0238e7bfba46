import { describe, expect, it } from 'vitest';
import {
  harmonicMask,
  hpssMasks,
  hpssSignals,
  hpssStatistics,
  softmask,
} from '../../../core/analysis/features/hpss.js';
import { meanVar } from '../../../core/analysis/features/stats.js';
import { stft, stftScalar } from '../../../core/analysis/features/stft.js';

// Expected values: librosa 0.8's decompose.hpss / util.softmask / istft / fix_length transcribed to
// numpy with scipy.ndimage.median_filter(mode='reflect') (numpy 2.4, scipy 1.17), the median
// filters run on |D| as float32 as in librosa (whose STFT is complex64), the rest in float64.

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

describe('harmonicMask', () => {
  it('equals softmask(h, p, 2, true) bit for bit, ties, zeros and subnormals included', () => {
    let seed = 77;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pool = [0, 1e-45, 1e-39, 1.1754943508222875e-38, 2e-38, 0.25, 0.5, 1, 3];
    const n = 20000;
    const h = new Float32Array(n);
    const p = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      h[i] = i % 3 === 0 ? pool[i % pool.length]! : rand() ** 4 * 10 ** Math.floor(rand() * 12 - 8);
      p[i] =
        i % 5 === 0
          ? h[i]!
          : i % 7 === 0
            ? pool[(i >> 3) % pool.length]!
            : rand() ** 4 * 10 ** Math.floor(rand() * 12 - 8);
    }
    const mask = harmonicMask(h, p);
    for (let i = 0; i < n; i++)
      expect(Object.is(mask[i], softmask(h[i]!, p[i]!, 2, true)), `h=${h[i]} p=${p[i]}`).toBe(true);
    expect(() => harmonicMask(h, p.subarray(1))).toThrow(RangeError);
  });
});

describe('hpssMasks', () => {
  // 4 bins × 6 frames, frame-major; bin 0 silent (both medians 0 → split masks).
  const S = [
    0.0, 0.41, 0.43, 0.68, 0.0, 0.05, 0.97, 0.06, 0.0, 0.05, 0.9, 0.56, 0.0, 1.0, 0.84, 0.27, 0.0, 0.65, 0.39, 0.88,
    0.0, 0.23, 0.49, 0.06,
  ];
  const mag = Float64Array.from(S);

  it('matches librosa with kernel 3, margin 1', () => {
    const m = hpssMasks(mag, 6, 4, { kernelSize: 3 });
    const h = [
      0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.9955752212024699, 0.9886506941658638, 0.5, 0.5, 0.7208971040380922,
      0.1886157935243311, 0.5, 0.37452353259031756, 0.5, 0.8113842064756689, 0.5, 0.7352941176470589,
      0.3623604243744855, 0.08603801017014509, 0.5, 0.5, 0.8194539253059118, 0.5,
    ];
    h.forEach((v, i) => {
      expect(m.harmonic[i]).toBeCloseTo(v, 14);
      expect(m.harmonic[i]! + m.percussive[i]!).toBeCloseTo(1, 14);
    });
  });

  it('matches librosa with kernel 3, margin 2 (no zero splitting, masks no longer sum to one)', () => {
    const m = hpssMasks(mag, 6, 4, { kernelSize: 3, margin: 2 });
    const h = [
      0.0, 0.2, 0.2, 0.2, 0.0, 0.2, 0.9825327509496276, 0.9560975632094542, 0.0, 0.2, 0.39236580591564174,
      0.05492353265179051, 0.0, 0.13020431938989568, 0.2, 0.518175791933667, 0.0, 0.4098360655737705,
      0.12439771183147162, 0.0229932207639886, 0.0, 0.2, 0.5315474879287788, 0.2,
    ];
    const p = [
      0.0, 0.2, 0.2, 0.2, 0.0, 0.2, 0.001109877922607364, 0.0028616850627678097, 0.0, 0.2, 0.08824854164326457,
      0.518175791933667, 0.0, 0.29453999224995203, 0.2, 0.05492353265179051, 0.0, 0.08256880733944953,
      0.30551736716569944, 0.7264540158248193, 0.0, 0.2, 0.05220566452917648, 0.2,
    ];
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
    const h = [
      0.42275536280492937, -0.1671215803394257, -0.45373449564463814, -0.25853242417767347, -0.4280527256402239,
    ];
    const p = [
      0.3772446491159996, -0.3123405664196075, 0.0011338675070495954, -0.0013080642561644068, 0.0036461673650009805,
    ];
    at.forEach((i, k) => {
      expect(harmonic[i]).toBeCloseTo(h[k]!, 12);
      expect(percussive[i]).toBeCloseTo(p[k]!, 12);
    });
    expect(stats(harmonic).mean).toBeCloseTo(0.001652692023319797, 14);
    expect(stats(harmonic).variance).toBeCloseTo(0.11035715496907388, 13);
    expect(stats(percussive).mean).toBeCloseTo(0.0024816163710595306, 14);
    expect(stats(percussive).variance).toBeCloseTo(0.002507050679298255, 14);
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

  it('accepts a precomputed float32 |D| (what librosa filtered): the medians are float32 either way', () => {
    const s = stft(y);
    const mag32 = new Float32Array(s.re.length);
    for (let i = 0; i < mag32.length; i++) mag32[i] = Math.sqrt(s.re[i]! ** 2 + s.im[i]! ** 2); // as magnitude()
    expect(hpssSignals(y, s, mag32).harmonic).toEqual(harmonic);
  });

  it('refuses an STFT that is not of this signal, or a magnitude of another size', () => {
    expect(() => hpssSignals(y.subarray(0, 3000), stft(y))).toThrow(RangeError);
    expect(() => hpssSignals(y, stft(y), new Float32Array(10))).toThrow(RangeError);
  });
});

describe('hpssStatistics', () => {
  it("equals meanVar of hpssSignals' two signals bit for bit, in WebAssembly and in JavaScript, short signals too", () => {
    for (const n of [2100, 2600, 5000, 22050, 40001]) {
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) y[i] = 0.4 * Math.sin(0.021 * i) + (i % 613 === 0 ? 0.7 : 0) + 0.01 * Math.sin(i * i);
      for (const s of [stft(y), stftScalar(y)]) {
        const { harmonic, percussive } = hpssSignals(y, s);
        const stats = hpssStatistics(y, s);
        // The same samples in another array: the kernel copies them in instead of reading the
        // STFT's padded signal; the numbers must not depend on which.
        const copied = hpssStatistics(Float32Array.from(y), s);
        expect(copied, `copied signal, ${n}`).toEqual(stats);
        const want = { harmonic: meanVar(harmonic), percussive: meanVar(percussive) };
        expect(
          Object.is(stats.harmonic.mean, want.harmonic.mean) &&
            Object.is(stats.harmonic.variance, want.harmonic.variance),
          `harmonic, ${n}`,
        ).toBe(true);
        expect(
          Object.is(stats.percussive.mean, want.percussive.mean) &&
            Object.is(stats.percussive.variance, want.percussive.variance),
          `percussive, ${n}`,
        ).toBe(true);
      }
    }
  });
});
