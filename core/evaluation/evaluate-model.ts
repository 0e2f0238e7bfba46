import { FEATURE_NAMES } from '../../shared/features.js';
import type { AnalysisFailure } from '../analysis/errors.js';
import { combineWindows } from '../model/combine.js';
import type { GenreModel } from '../model/genre-model.js';
import { OnnxGenreClassifier } from '../model/inference.js';
import { trackOodScore } from '../model/ood.js';
import { shownConfidence } from '../prediction/store.js';
import type { AnalysedRecording } from './recordings.js';
import { scoreOutcomes, type EvaluationScores, type Outcome } from './scores.js';

/**
 * A model on analysed labelled recordings: each recording's windows → the model → the mean of
 * the windows' probabilities (as the library predicts) → scores. Works on a loaded GenreModel
 * (`genrewise evaluate`) or on ONNX bytes before they are written (`genrewise train --realworld`).
 */

export interface TrackResult {
  readonly genre: string;
  readonly confidence: number;
  readonly ood: number | null;
}

/** Classifies one track from its windows (57 extractor features each). */
export type TrackClassifier = (windows: readonly (readonly number[])[]) => Promise<TrackResult>;

export interface RecordingVerdict {
  readonly path: string;
  /** The genre id the set gives (after the alias table). */
  readonly truth: string;
  readonly predicted: string | null;
  /** The model's probability of `predicted`. */
  readonly probability: number | null;
  /** What the app would show: the probability, lowered past the OOD edge (prediction/store.ts). */
  readonly confidence: number | null;
  readonly ood: number | null;
  readonly error?: AnalysisFailure;
}

export interface ModelEvaluation {
  readonly scores: EvaluationScores;
  readonly verdicts: readonly RecordingVerdict[];
  /** Recordings that could not be analysed: listed in verdicts, left out of the scores. */
  readonly failed: number;
}

export async function evaluateRecordings(
  recordings: readonly AnalysedRecording[],
  classify: TrackClassifier,
  options: { readonly genres: readonly string[]; readonly confidentAt?: number; readonly unfamiliarAbove?: number },
): Promise<ModelEvaluation> {
  const verdicts: RecordingVerdict[] = [];
  const outcomes: Outcome[] = [];
  for (const r of recordings) {
    const base = { path: r.recording.path, truth: r.recording.genre };
    if (r.error || r.windows.length === 0) {
      verdicts.push({
        ...base,
        predicted: null,
        probability: null,
        confidence: null,
        ood: null,
        ...(r.error ? { error: r.error } : {}),
      });
      continue;
    }
    const result = await classify(r.windows);
    // "Confidently wrong" is judged on what a user would see, not on the raw probability.
    const confidence = shownConfidence(result.confidence, result.ood);
    verdicts.push({ ...base, predicted: result.genre, probability: result.confidence, confidence, ood: result.ood });
    outcomes.push({ truth: r.recording.genre, predicted: result.genre, confidence, ood: result.ood });
  }
  const scores = scoreOutcomes(outcomes, {
    genres: options.genres,
    ...(options.confidentAt !== undefined ? { confidentAt: options.confidentAt } : {}),
    ...(options.unfamiliarAbove !== undefined ? { unfamiliarAbove: options.unfamiliarAbove } : {}),
  });
  return { scores, verdicts, failed: verdicts.length - outcomes.length };
}

export function genreModelClassifier(model: GenreModel): TrackClassifier {
  return async (windows) => {
    const track = await model.classifyTrack(windows);
    return { genre: track.genre, confidence: track.confidence, ood: track.ood };
  };
}

/** A classifier over exported model bytes; release() frees the ONNX session. */
export async function onnxBytesClassifier(
  bytes: Uint8Array,
  model: { readonly genres: readonly string[]; readonly featureNames: readonly string[] },
): Promise<{ readonly classify: TrackClassifier; release(): Promise<void> }> {
  const session = await OnnxGenreClassifier.fromBytes(bytes, model);
  const columns = model.featureNames.map((name) => (FEATURE_NAMES as readonly string[]).indexOf(name));
  return {
    classify: async (windows) => {
      const { probabilities, ood } = await session.classify(windows.map((w) => columns.map((c) => w[c] ?? Number.NaN)));
      const track = combineWindows(model.genres, probabilities);
      return { genre: track.genre, confidence: track.confidence, ood: ood ? trackOodScore(ood) : null };
    },
    release: () => session.release(),
  };
}
