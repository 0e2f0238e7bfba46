import { combineWindows, type TrackPrediction } from './combine.js';
import {
  ClassifierCache,
  InferenceInputError,
  type Classification,
  type FeatureRows,
  type OnnxGenreClassifier,
  type SessionMode,
} from './inference.js';
import { locateModel, type LocateOptions, type LocatedModel } from './model-registry.js';
import { trackOodScore } from './ood.js';

/** A track's prediction and how unlike the training music it is (null: the model has no reference). */
export type TrackVerdictWithOod = TrackPrediction & { readonly ood: number | null };

/**
 * A usable genre model: located, its card checked against the extractor, its ONNX session open.
 * Takes feature vectors as the extractor produces them (shared/features.ts order) and picks the
 * model's own inputs from them, so personal models on feature subsets need nothing special.
 */
export class GenreModel {
  constructor(
    readonly located: LocatedModel,
    private readonly classifier: OnnxGenreClassifier,
  ) {}

  get id(): string {
    return this.located.id;
  }

  get kind(): string {
    return this.located.card.kind;
  }

  /** Output order of every probability vector this model returns. */
  get genres(): readonly string[] {
    return this.located.card.genres;
  }

  /** One prediction per row; rows are full extractor vectors. */
  async classifyRows(rows: FeatureRows): Promise<Classification> {
    const columns = this.located.featureColumns;
    const width = Math.max(...columns) + 1;
    const inputs = rows.map((row, i) => {
      if (row.length < width)
        throw new InferenceInputError(`row ${i} has ${row.length} features, the model reads column ${width - 1}`);
      return columns.map((c) => row[c] ?? Number.NaN);
    });
    return this.classifier.classify(inputs);
  }

  /** Whether predictions come with an out-of-distribution score. */
  get hasOod(): boolean {
    return this.classifier.hasOod;
  }

  /** The windows of one track → per-window predictions, their mean, and the windows' median OOD score. */
  async classifyTrack(windows: FeatureRows): Promise<TrackVerdictWithOod> {
    const { probabilities, ood } = await this.classifyRows(windows);
    return { ...combineWindows(this.genres, probabilities), ood: ood ? trackOodScore(ood) : null };
  }
}

export interface LoadModelOptions extends LocateOptions {
  /** Sessions to reuse; by default one cache per process. */
  readonly cache?: ClassifierCache;
  /** 'lazy': check the model now, open its onnxruntime session at the first classification. */
  readonly session?: SessionMode;
}

const processCache = new ClassifierCache();

/** `spec`: 'svc', 'knn' or a path to a .onnx / .card.json file (see model-registry.ts). */
export async function loadGenreModel(spec: string, options: LoadModelOptions = {}): Promise<GenreModel> {
  const located = await locateModel(spec, options);
  const classifier = await (options.cache ?? processCache).get(
    located.onnxPath,
    { genres: located.card.genres, featureNames: located.card.featureNames },
    options.session,
  );
  return new GenreModel(located, classifier);
}
