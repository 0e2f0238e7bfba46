import { describe, expect, it } from 'vitest';
import { chromaFilterBank, chromagram } from '../../../core/analysis/features/chroma.js';

const N_BINS_4096 = 2049;

describe('chromaFilterBank', () => {
  // librosa.filters.chroma(sr=22050, n_fft=4096) docstring: rows 0, 1 and 10 (first two and last two
  // columns, 4 significant digits). That output is in A-based order, i.e. base_c=False.
  const expected: Record<number, number[]> = {
    0: [1.689e-5, 3.024e-4, 4.639e-17, 5.327e-17],
    1: [1.716e-5, 2.652e-4, 2.674e-25, 3.176e-25],
    10: [1.578e-5, 3.619e-4, 8.577e-6, 9.205e-6],
  };
  const columns = [0, 1, N_BINS_4096 - 2, N_BINS_4096 - 1];

  it('matches librosa.filters.chroma (A-based order)', () => {
    const bank = chromaFilterBank(22050, 4096, { baseC: false });
    for (const [row, values] of Object.entries(expected)) {
      values.forEach((v, j) => {
        const w = bank.weights[columns[j]! * 12 + Number(row)]!;
        expect(Math.abs(w / v - 1)).toBeLessThan(5e-4);
      });
    }
  });

  it('starts at C by default (rows rolled by 3) and shifts with tuning', () => {
    const a = chromaFilterBank(22050, 4096, { baseC: false });
    const c = chromaFilterBank(22050, 4096);
    for (const k of [1, 200, 2000])
      for (let row = 0; row < 12; row++) expect(c.weights[k * 12 + row]).toBe(a.weights[k * 12 + ((row + 3) % 12)]);
    // A bin at exactly 440 Hz peaks in class A (9) at tuning 0; at tuning +0.5 (A = 452.9 Hz) it
    // sits exactly halfway between G# and A.
    const sr = 22050;
    const nFft = 22050 / 5; // 5 Hz bins: bin 88 = 440 Hz
    const tuned = chromaFilterBank(sr, nFft);
    const row = (bank: typeof tuned, k: number) => Array.from({ length: 12 }, (_, cl) => bank.weights[k * 12 + cl]!);
    const at440 = row(tuned, 88);
    expect(at440.indexOf(Math.max(...at440))).toBe(9);
    const half = row(chromaFilterBank(sr, nFft, { tuning: 0.5 }), 88);
    expect(half[8]).toBeCloseTo(half[9]!, 7);
    expect(half[9]!).toBeLessThan(at440[9]!);
  });

  it('is cached per parameter set', () => {
    expect(chromaFilterBank(22050, 2048, { tuning: -0.1 })).toBe(chromaFilterBank(22050, 2048, { tuning: -0.1 }));
  });
});

describe('chromagram', () => {
  it('projects each power frame through the bank and scales its largest class to 1', () => {
    const bank = chromaFilterBank(22050, 2048);
    const nBins = 1025;
    const power = new Float32Array(3 * nBins);
    power[20] = 4; // frame 0: a single bin (215 Hz)
    power[nBins + 20] = 4;
    power[nBins + 41] = 1; // frame 1: two bins
    const chroma = chromagram(power, nBins, 3, bank);
    const frame0 = Array.from(chroma.subarray(0, 12));
    expect(Math.max(...frame0)).toBe(1);
    for (let c = 0; c < 12; c++)
      expect(frame0[c]).toBeCloseTo(
        bank.weights[20 * 12 + c]! / Math.max(...Array.from({ length: 12 }, (_, i) => bank.weights[20 * 12 + i]!)),
        12,
      );
    const raw1 = Array.from({ length: 12 }, (_, c) => 4 * bank.weights[20 * 12 + c]! + bank.weights[41 * 12 + c]!);
    for (let c = 0; c < 12; c++) expect(chroma[12 + c]).toBeCloseTo(raw1[c]! / Math.max(...raw1), 12);
    // A silent frame stays zero rather than becoming NaN.
    expect(Array.from(chroma.subarray(24, 36))).toEqual(new Array(12).fill(0));
  });
});
