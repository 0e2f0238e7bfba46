import { ExtractionError } from './errors.js';

/**
 * Digital silence is not music: its features are finite, so the models would give it a genre
 * (classical, as it happens). A file none of whose analysed windows rises above SILENCE_PEAK
 * (−80 dBFS, below one step of 8-bit audio and far below any recorded noise floor) is recorded as
 * an `extract` failure saying so, like any file whose features cannot be used. A silent window in
 * a track with sound elsewhere (an intro, a hidden track's gap) is analysed as usual.
 */
export const SILENCE_PEAK = 1e-4;

/** The largest absolute sample value. */
export function peakOf(y: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < y.length; i++) {
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
