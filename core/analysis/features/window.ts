const cache = new Map<number, Float64Array>();

/**
 * Periodic ("DFT-even") Hann window, scipy.signal.get_window('hann', n, fftbins=True), which is
 * what librosa.stft uses: w[i] = 0.5 − 0.5·cos(2πi/n). The symmetric variant (divide by n − 1)
 * would move every spectral feature slightly. Cached per length and shared read-only.
 */
export function hannPeriodic(n: number): Float64Array {
  let w = cache.get(n);
  if (!w) {
    w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
    cache.set(n, w);
  }
  return w;
}
