import { ExtractionError } from './errors.js';
import { wasmLanePeaks } from './features/wasm/peak.js';
import { wasmSimdAvailable, withScalarFallback } from './features/wasm/runtime.js';

/**
 * Digital silence is not music: its features are finite, so the models would give it a genre
 * (classical, as it happens). A file none of whose analysed windows rises above SILENCE_PEAK
 * (−80 dBFS, below one step of 8-bit audio and far below any recorded noise floor) is recorded as
 * an `extract` failure saying so, like any file whose features cannot be used. A silent window in
 * a track with sound elsewhere (an intro, a hidden track's gap) is analysed as usual.
 */
export const SILENCE_PEAK = 1e-4;

/** Below this many samples the loop runs: copying them to the kernel costs more. */
const KERNEL_MIN_SAMPLES = 16_384;

/**
 * The largest absolute sample value (NaN ignored). Long signals (every window) by the SIMD kernel
 * where it runs (features/wasm/peak.ts: the same value), the rest by the loop.
 */
export function peakOf(y: Float32Array, engine: 'auto' | 'scalar' = 'auto'): number {
  let peak = 0;
  let from = 0;
  if (engine === 'auto' && y.length >= KERNEL_MIN_SAMPLES && wasmSimdAvailable()) {
    const lanes = withScalarFallback(
      () => wasmLanePeaks(y),
      () => undefined,
    );
    if (lanes) {
      for (const a of lanes) if (a > peak) peak = a;
      from = y.length & ~3;
    }
  }
  for (let i = from; i < y.length; i++) {
    const a = Math.abs(y[i]!);
    if (a > peak) peak = a;
  }
  return peak;
}

/** Throws the `extract` failure for a file whose loudest analysed sample is `peak`. */
export function assertNotSilent(peak: number): void {
  if (peak < SILENCE_PEAK)
    throw new ExtractionError(
      `the audio is digital silence (nothing above ${Math.round(20 * Math.log10(SILENCE_PEAK))} dBFS in the analysed windows)`,
    );
}
