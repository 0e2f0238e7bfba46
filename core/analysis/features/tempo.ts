/**
 * Global tempo as librosa 0.7/0.8 `beat.tempo(y, sr)` with its defaults, GTZAN's `tempo` column:
 *
 * 1. onset envelope (median aggregate, see onset.ts);
 * 2. `feature.tempogram(win_length = time_to_frames(ac_size = 8 s) = 344)`: the envelope padded
 *    by ⌊344/2⌋ frames on each side with numpy's 'linear_ramp' to 0, one 344-frame window per
 *    envelope frame, multiplied by a periodic Hann window, autocorrelated, and each frame divided
 *    by its largest |value| (norm = inf; frames whose maximum is below float64 tiny are left as is);
 * 3. the mean over frames (`aggregate = np.mean`);
 * 4. a log-normal prior over BPM, centred at 120 with one octave of standard deviation, zero
 *    (−∞ in log) for lags faster than 320 BPM: `max_idx = argmax(bpms < max_tempo)` and every lag
 *    before it excluded; the winning lag maximises log1p(1e6·tempogram) + log prior;
 * 5. tempo = 60·sr / (hop·lag), the lag's exact BPM value.
 *
 * The autocorrelations go through fft.js's FFT (wasm/fft.ts; power-of-two size ≥ 2·344 − 1, which yields the same
 * linear autocorrelation numpy gets from its size-689 FFT), two frames per complex FFT. The frame
 * loop runs as a WebAssembly kernel (wasm/tempogram.ts) where the runtime has SIMD, bit-identical
 * to the JavaScript loop here, which stays as the reference and the fallback.
 */
import { onsetStrength } from './onset.js';
import { hannPeriodic } from './window.js';
import { complexFft } from './wasm/fft.js';
import { tempogramFftSize, wasmTempogramSum } from './wasm/tempogram.js';

const FLOAT64_TINY = 2.2250738585072014e-308;

export interface TempoOptions {
  /** Prior centre in BPM (librosa start_bpm, default 120). */
  startBpm?: number;
  /** Prior standard deviation in octaves (std_bpm, default 1). */
  stdBpm?: number;
  /** Autocorrelation window in seconds (ac_size, default 8). */
  acSize?: number;
  /** Fastest tempo allowed in BPM (max_tempo, default 320). */
  maxTempo?: number;
}

/** librosa.time_to_frames(seconds): ⌊⌊seconds·sr⌋ / hop⌋ — 344 frames for 8 s at 22,050 Hz / 512. */
export function tempoWindowLength(sr: number, hop: number, acSize = 8): number {
  return Math.floor(Math.trunc(acSize * sr) / hop);
}

/** librosa.tempo_frequencies: BPM of each autocorrelation lag, lag 0 being +∞. */
export function tempoFrequencies(nLags: number, sr: number, hop: number): Float64Array {
  const out = new Float64Array(nLags);
  if (nLags > 0) out[0] = Infinity;
  for (let k = 1; k < nLags; k++) out[k] = (60 * sr) / (hop * k);
  return out;
}

/** numpy.pad(env, half, mode='linear_ramp', end_values=0). */
export function linearRampPad(env: Float64Array, half: number): Float64Array {
  const n = env.length;
  if (n === 0) throw new RangeError('cannot pad an empty onset envelope');
  const out = new Float64Array(n + 2 * half);
  out.set(env, half);
  const first = env[0]!;
  const last = env[n - 1]!;
  for (let j = 0; j < half; j++) {
    // linspace(0, edge, half, endpoint=False); the right ramp runs backwards.
    out[j] = j * (first / half);
    out[half + n + j] = (half - 1 - j) * (last / half);
  }
  return out;
}

/**
 * The tempogram averaged over frames: entry k is the mean over envelope frames of the windowed
 * autocorrelation at lag k divided by that frame's largest |autocorrelation|. Length winLength.
 */
export function meanTempogram(env: Float64Array, winLength: number, engine: TempogramEngine = 'auto'): Float64Array {
  if (!Number.isInteger(winLength) || winLength < 1)
    throw new RangeError(`tempogram window must be a positive integer, got ${winLength}`);
  const n = env.length;
  const padded = linearRampPad(env, Math.floor(winLength / 2));
  const window = hannPeriodic(winLength);
  const sum =
    (engine === 'auto' ? wasmTempogramSum(padded, window, n, winLength) : undefined) ??
    tempogramSum(padded, window, n, winLength);
  const mean = new Float64Array(winLength);
  for (let k = 0; k < winLength; k++) mean[k] = sum[k]! / n;
  return mean;
}

/**
 * 'auto': the WebAssembly kernel (wasm/tempogram.ts) where the runtime has SIMD, else the
 * JavaScript loop below; 'scalar': always the JavaScript loop, the reference (tests).
 */
export type TempogramEngine = 'auto' | 'scalar';

/** Σ over envelope frames of the windowed autocorrelation divided by its largest |value|. */
function tempogramSum(padded: Float64Array, window: Float64Array, n: number, winLength: number): Float64Array {
  const size = tempogramFftSize(winLength);
  // The shared FFT's buffers: frames, then the power spectra, go in; the spectrum, then the
  // autocorrelations, come out.
  const fft = complexFft(size);
  const frames = fft.input;
  const powers = fft.input;
  const spectrum = fft.output;
  const ac = fft.output;
  const sum = new Float64Array(winLength);

  // The loop below leaves out the constant factors of |A|², |B|² (¼) and of the inverse FFT (1/size,
  // done as a forward FFT of the real, even power spectra); the normalisation cancels them except
  // in librosa's "maximum below tiny" test, which gets the true scale back.
  const scale = 1 / (4 * size);
  const accumulate = (part: 0 | 1): void => {
    let max = 0;
    for (let k = 0; k < winLength; k++) {
      const v = Math.abs(ac[2 * k + part]!);
      if (v > max) max = v;
    }
    const factor = max * scale < FLOAT64_TINY ? scale : 1 / max;
    for (let k = 0; k < winLength; k++) sum[k] = sum[k]! + ac[2 * k + part]! * factor;
  };

  const half = size / 2;
  for (let t = 0; t < n; t += 2) {
    const paired = t + 1 < n;
    // Frame t in the real part, frame t + 1 in the imaginary part, zeros past 2·winLength (the
    // previous pair left its power spectra there).
    frames.fill(0, 2 * winLength);
    for (let j = 0; j < winLength; j++) {
      frames[2 * j] = padded[t + j]! * window[j]!;
      frames[2 * j + 1] = paired ? padded[t + 1 + j]! * window[j]! : 0;
    }
    fft.transform();
    // Separate the two spectra (A = (Z[k] + conj Z[−k]) / 2, B = (Z[k] − conj Z[−k]) / 2i) and keep
    // 4·(|A|² + i·|B|²): both parts are real and even, so one more FFT returns both autocorrelations.
    for (let k = 0; k <= half; k++) {
      const m = k === 0 ? 0 : size - k;
      const zr = spectrum[2 * k]!;
      const zi = spectrum[2 * k + 1]!;
      const cr = spectrum[2 * m]!;
      const ci = -spectrum[2 * m + 1]!;
      const ar = zr + cr;
      const ai = zi + ci;
      const br = zr - cr;
      const bi = zi - ci;
      const pa = ar * ar + ai * ai;
      const pb = br * br + bi * bi;
      powers[2 * k] = pa;
      powers[2 * k + 1] = pb;
      powers[2 * m] = pa;
      powers[2 * m + 1] = pb;
    }
    fft.transform();
    accumulate(0);
    if (paired) accumulate(1);
  }
  return sum;
}

/** The lag's BPM that maximises log1p(1e6·tempogram) + log prior, as beat.tempo does. */
export function tempoFromTempogram(
  tempogram: Float64Array,
  sr: number,
  hop: number,
  options: TempoOptions = {},
): number {
  const startBpm = options.startBpm ?? 120;
  const stdBpm = options.stdBpm ?? 1;
  const maxTempo = options.maxTempo ?? 320;
  if (!(startBpm > 0)) throw new RangeError(`startBpm must be positive, got ${startBpm}`);
  const bpms = tempoFrequencies(tempogram.length, sr, hop);
  // numpy argmax of (bpms < maxTempo): the first such lag, or 0 when there is none.
  let maxIdx = bpms.findIndex((b) => b < maxTempo);
  if (maxIdx < 0) maxIdx = 0;
  const centre = Math.log2(startBpm);
  let best = -1;
  let bestScore = -Infinity;
  for (let k = maxIdx; k < tempogram.length; k++) {
    const z = (Math.log2(bpms[k]!) - centre) / stdBpm;
    const score = Math.log1p(1e6 * tempogram[k]!) - 0.5 * z * z;
    if (best < 0 || score > bestScore) {
      best = k;
      bestScore = score;
    }
  }
  if (best < 0) throw new RangeError('no tempo lag below maxTempo');
  return bpms[best]!;
}

export function tempoFromOnsetEnvelope(env: Float64Array, sr: number, hop: number, options: TempoOptions = {}): number {
  const winLength = tempoWindowLength(sr, hop, options.acSize ?? 8);
  return tempoFromTempogram(meanTempogram(env, winLength), sr, hop, options);
}

/** Tempo from a frame-major power spectrogram (the STFT of y, nFft 2048 / hop 512 by default). */
export function tempoFromPower(
  powerSpec: Float64Array,
  nBins: number,
  nFrames: number,
  sr: number,
  nFft = 2048,
  hop = 512,
  options: TempoOptions = {},
): number {
  const env = onsetStrength(powerSpec, nBins, nFrames, sr, { nFft, hop });
  return tempoFromOnsetEnvelope(env, sr, hop, options);
}
