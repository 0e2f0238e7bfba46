/**
 * Which parts of a track are analysed. The GTZAN model was trained on 30 s clips, so a real
 * track is sampled with several 30 s windows; the classifier combines their predictions.
 *
 * The policy (also in the README):
 * - shorter than 3 s: not analysed ("too short to analyse": too few frames for tempo and the
 *   8 s tempogram window to mean anything);
 * - up to 30 s: the whole track as one window, like a GTZAN clip;
 * - longer: one 30 s window per started 100 s of track, at least 1 and at most 5. The windows
 *   sit in the middle 80 % of the track (10 % to 90 %), which skips intros, fade-outs and
 *   applause: that span is cut into as many equal parts as there are windows and each window is
 *   centred in its part, so windows never overlap and cover the song's sections evenly. A 4-minute
 *   song gets 3 windows (cost ≈ 3 GTZAN clips), a 7-minute one 5, and a 2-hour mix 5 as well:
 *   the cost per track stays bounded while a typical verse/chorus/bridge structure is sampled
 *   once per section. If the middle span is shorter than 30 s (tracks of 30–37.5 s), the single
 *   window is centred on the track.
 * - Window starts are rounded to 0.1 s: deterministic, and on the sample grid of every common
 *   sample rate, so a window decodes to exactly the samples a whole-file decode has there.
 * `--whole` analyses the entire file as one window instead (what librosa did for GTZAN).
 */

export const WINDOW_SEC = 30;
export const MIN_ANALYSABLE_SEC = 3;
export const MAX_WINDOWS = 5;
/** One window per started this-many seconds of track. */
export const SECONDS_PER_WINDOW = 100;
/** Fraction of the track skipped at each end. */
export const EDGE_FRACTION = 0.1;

/**
 * Stored with each analysis: a changed policy means stored windows no longer match what a new
 * analysis would produce, so the library re-analyses just as for a new analyzer version.
 */
export const WINDOW_POLICY_ID = 'spread-30s/1';
export const WHOLE_POLICY_ID = 'whole';

export type WindowMode = 'spread' | 'whole';

export interface AnalysisWindow {
  readonly index: number;
  readonly startSec: number;
  readonly durationSec: number;
}

export type WindowPlan =
  /** Decode and analyse the entire file as one window (short tracks, or `--whole`). */
  { readonly kind: 'whole' } | { readonly kind: 'windows'; readonly windows: readonly AnalysisWindow[] };

/**
 * The longest audio analysed as one window (`features --whole`): 20 minutes, about 106 MB of
 * samples and a few hundred MB for the spectrograms. Longer files are refused with 'too-long'
 * rather than growing without bound (3 hours of silence took over 8 GB).
 */
export const MAX_WHOLE_SEC = 20 * 60;

export class TooShortError extends Error {
  override readonly name = 'TooShortError';
  constructor(readonly durationSec: number) {
    super(`too short to analyse (${durationSec.toFixed(2)} s; at least ${MIN_ANALYSABLE_SEC} s needed)`);
  }
}

export function policyId(mode: WindowMode): string {
  return mode === 'whole' ? WHOLE_POLICY_ID : WINDOW_POLICY_ID;
}

/** Throws TooShortError for a track under MIN_ANALYSABLE_SEC (also used after decoding). */
export function assertAnalysable(durationSec: number): void {
  if (!(durationSec >= MIN_ANALYSABLE_SEC)) throw new TooShortError(Number.isFinite(durationSec) ? durationSec : 0);
}

export function windowCount(durationSec: number): number {
  if (durationSec <= WINDOW_SEC) return 1;
  return Math.min(MAX_WINDOWS, Math.max(1, Math.ceil(durationSec / SECONDS_PER_WINDOW)));
}

export function planWindows(durationSec: number, mode: WindowMode = 'spread'): WindowPlan {
  assertAnalysable(durationSec);
  if (mode === 'whole' || durationSec <= WINDOW_SEC) return { kind: 'whole' };
  const n = windowCount(durationSec);
  const spanStart = durationSec * EDGE_FRACTION;
  const span = durationSec * (1 - 2 * EDGE_FRACTION);
  const latestStartTenths = Math.floor((durationSec - WINDOW_SEC) * 10);
  const windows: AnalysisWindow[] = [];
  for (let i = 0; i < n; i++) {
    const centre = span < WINDOW_SEC ? durationSec / 2 : spanStart + ((i + 0.5) * span) / n;
    const tenths = Math.min(latestStartTenths, Math.max(0, Math.round((centre - WINDOW_SEC / 2) * 10)));
    windows.push({ index: i, startSec: tenths / 10, durationSec: WINDOW_SEC });
  }
  return { kind: 'windows', windows };
}
