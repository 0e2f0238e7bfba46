import type { TrackDetail } from '../../../../shared/api/types';

/** What the preview plays: the first analysed window, or the whole track when there is none. */
export interface PreviewStretch {
  readonly startSec: number;
  readonly durationSec: number;
  readonly whole: boolean;
}

/**
 * The analysed window comes from the analysis, not from the prediction: the library-context model
 * predicts without per-window genres, yet the track was analysed and its analysed part is what to
 * judge. A track without one (never analysed, or its analysis failed) plays whole from its start.
 */
export function previewStretch(
  detail: Pick<TrackDetail, 'analysedWindows' | 'durationSec'> | undefined | null,
): PreviewStretch {
  const first = detail?.analysedWindows[0];
  if (first) return { startSec: first.startSec, durationSec: first.durationSec, whole: false };
  return { startSec: 0, durationSec: detail?.durationSec ?? 30, whole: true };
}
