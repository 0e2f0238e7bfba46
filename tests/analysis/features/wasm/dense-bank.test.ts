import { describe, expect, it } from 'vitest';
import { chromaFilterBank, chromagram } from '../../../../core/analysis/features/chroma.js';
import { dctOrtho, dctOrthoBasis } from '../../../../core/analysis/features/mfcc.js';
import { melFilterBank, melSpectrogram } from '../../../../core/analysis/features/mel.js';
import {
  MAX_BANK_OUTPUTS,
  wasmBandedProduct,
  wasmBankProduct,
} from '../../../../core/analysis/features/wasm/dense-bank.js';

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** The scalar loops of chroma.ts / mfcc.ts: per output, weight·input added over k in order. */
function reference(
  input: ArrayLike<number>,
  nIn: number,
  nFrames: number,
  weight: (k: number, c: number) => number,
  nOut: number,
): Float64Array {
  const out = new Float64Array(nFrames * nOut);
  for (let t = 0; t < nFrames; t++) {
    for (let c = 0; c < nOut; c++) {
      let acc = 0;
      for (let k = 0; k < nIn; k++) acc += weight(k, c) * input[t * nIn + k]!;
      out[t * nOut + c] = acc;
    }
  }
  return out;
}

const sameBits = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('wasmBankProduct', () => {
  it('sums in the scalar order, bit for bit, for float32 and float64 inputs and every even output count', () => {
    const rand = lcg(8);
    for (const nOut of [2, 4, 12, 20, MAX_BANK_OUTPUTS]) {
      for (const [nIn, nFrames] of [
        [1, 1],
        [7, 3],
        [129, 40],
      ] as const) {
        const weights = Float64Array.from({ length: nIn * nOut }, () => rand() - 0.3);
        const f32 = Float32Array.from({ length: nIn * nFrames }, () => rand() ** 2 * 1e3);
        const f64 = Float64Array.from({ length: nIn * nFrames }, () => (rand() - 0.5) * 80);
        const w = (k: number, c: number) => weights[k * nOut + c]!;
        expect(
          sameBits(wasmBankProduct(f32, nIn, nFrames, weights, nOut), reference(f32, nIn, nFrames, w, nOut)),
          `f32 ${nOut}/${nIn}/${nFrames}`,
        ).toBe(true);
        expect(
          sameBits(wasmBankProduct(f64, nIn, nFrames, weights, nOut), reference(f64, nIn, nFrames, w, nOut)),
          `f64 ${nOut}/${nIn}/${nFrames}`,
        ).toBe(true);
      }
    }
  });

  it('gives chromagram and dctOrtho their scalar results', () => {
    const rand = lcg(3);
    const nBins = 1025;
    const nFrames = 30;
    const power = Float32Array.from({ length: nBins * nFrames }, () => rand() ** 4);
    const bank = chromaFilterBank(22050, 2048, { tuning: -0.02 });
    const raw = reference(power, nBins, nFrames, (k, c) => bank.weights[k * 12 + c]!, 12);
    for (let t = 0; t < nFrames; t++) {
      const frame = raw.subarray(t * 12, t * 12 + 12);
      const max = Math.max(...frame);
      for (let c = 0; c < 12; c++) frame[c] = frame[c]! / max;
    }
    expect(sameBits(chromagram(power, nBins, nFrames, bank), raw)).toBe(true);

    const db = Float64Array.from({ length: 128 * nFrames }, () => -80 * rand());
    const basis = dctOrthoBasis(128, 20);
    expect(
      sameBits(
        dctOrtho(db, 128, nFrames, 20),
        reference(db, 128, nFrames, (i, k) => basis[k * 128 + i]!, 20),
      ),
    ).toBe(true);
  });

  it('rejects odd, too many or mismatched outputs', () => {
    expect(() => wasmBankProduct(new Float64Array(4), 2, 2, new Float64Array(6), 3)).toThrow(RangeError);
    expect(() => wasmBankProduct(new Float64Array(4), 2, 2, new Float64Array(2 * 26), 26)).toThrow(RangeError);
    expect(() => wasmBankProduct(new Float64Array(5), 2, 2, new Float64Array(4), 2)).toThrow(RangeError);
  });
});

describe('wasmBandedProduct', () => {
  it('gives melSpectrogram the scalar per-band sums, bit for bit, for float32 and float64 spectra', () => {
    const rand = lcg(21);
    const bank = melFilterBank(22050, 2048, 128);
    const nFrames = 25;
    const f32 = Float32Array.from({ length: bank.nBins * nFrames }, () => rand() ** 3 * 50);
    const f64 = Float64Array.from(f32, (v) => v * (1 + 1e-9));
    for (const power of [f32, f64]) {
      // Each band summed over its own bins only, in order, as mel.ts does.
      const want = new Float64Array(nFrames * 128);
      for (let t = 0; t < nFrames; t++) {
        for (let m = 0; m < 128; m++) {
          let acc = 0;
          for (let k = bank.start[m]!; k < bank.end[m]!; k++)
            acc += bank.weights[m * bank.nBins + k]! * power[t * bank.nBins + k]!;
          want[t * 128 + m] = acc;
        }
      }
      expect(sameBits(wasmBandedProduct(power, bank.nBins, nFrames, bank.weights, bank.start, bank.end), want)).toBe(
        true,
      );
      expect(sameBits(melSpectrogram(power, bank.nBins, nFrames, bank), want)).toBe(true);
    }
  });

  it('rejects bands outside the input and mismatched tables', () => {
    const w = new Float64Array(2 * 4);
    expect(() => wasmBandedProduct(new Float64Array(4), 4, 1, w, Int32Array.of(0, 2), Int32Array.of(2, 5))).toThrow(
      RangeError,
    );
    expect(() => wasmBandedProduct(new Float64Array(4), 4, 1, w, Int32Array.of(0, 2), Int32Array.of(2))).toThrow(
      RangeError,
    );
    expect(
      Array.from(
        wasmBandedProduct(
          Float64Array.of(1, 2, 3, 4),
          4,
          1,
          Float64Array.of(1, 1, 0, 0, 0, 0, 2, 2),
          Int32Array.of(0, 2),
          Int32Array.of(2, 4),
        ),
      ),
    ).toEqual([3, 14]);
  });
});
