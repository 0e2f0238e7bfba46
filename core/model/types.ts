/**
 * Model types shared by training (core/model/train.ts and friends), ONNX export
 * (core/model/onnx/) and inference (core/model/inference.ts).
 *
 * Contract between training and export:
 * - Features enter in `featureNames` order (for the default models: shared/features.ts FEATURE_NAMES;
 *   personal models may use a subset). Outputs are in `labels` order.
 * - Standardisation: x' = (x - mean) / scale, scale = population std (ddof 0, like sklearn's
 *   StandardScaler); a feature with zero spread gets scale 1.
 * - SVC: `libsvmModel` is libsvm's own text model (libsvm-js `serializeModel()`): svm_type c_svc,
 *   kernel_type rbf, gamma, nr_class, total_sv, rho, label, probA, probB, nr_sv, then SVs. Its
 *   `label` line lists class indices (0-based indices into `labels`), in libsvm's order (first
 *   appearance in the training data); `labels` itself is the model's output order, which training
 *   keeps equal to the libsvm label order, i.e. libsvm's label line is 0,1,2,… in order.
 * - `temperature` (optional, SVC): the libsvm probability vector p (Platt sigmoids + pairwise
 *   coupling) is post-processed as softmax(log(p) / T) — temperature scaling fitted by
 *   inner CV (core/model/temperature.ts applyTemperature is the reference). Absent or exactly 1
 *   means: use p as is. The default GTZAN SVC has T < 1 (libsvm's probabilities are under-confident).
 *   The top class never changes.
 * - The reference predictions are core/model/svc.ts predictSvc (libsvm via the private,
 *   deterministic instance in core/model/libsvm.ts — use getLibsvm() from there rather than
 *   requiring libsvm-js yourself: the bare package installs an unhandledRejection handler that
 *   calls process.exit(1)) and core/model/knn.ts predictKnn.
 * - Files (`genrewise train --out models/`): models/gtzan-svc.onnx + models/gtzan-svc.card.json and
 *   models/gtzan-knn.onnx + models/gtzan-knn.card.json; the cards' `id` is "gtzan-svc" /
 *   "gtzan-knn", `kind` "svc" / "knn", plus `genres` (output order), `featureNames` (input order),
 *   `analyzerVersion` (see core/model/card.ts ModelCard for the whole shape). So the built-in
 *   model names `svc` / `knn` should resolve to models/gtzan-<name>.*.
 * - KNN (core/model/knn.ts): Euclidean distance on standardised rows; the k nearest, ties in
 *   distance broken by training-row order; 'uniform' votes 1 each, 'distance' votes 1/d, except
 *   that when any of the k is at distance exactly 0 those vote 1 and the rest 0; probabilities are
 *   the votes divided by their sum, in `labels` order.
 */

import type { OodReference } from './ood.js';
import type { ScalerParams } from './scaler.js';

export interface SvcHyperParams {
  readonly c: number;
  readonly gamma: number;
}

export interface KnnHyperParams {
  readonly k: number;
  readonly weighting: 'uniform' | 'distance';
}

export interface SvcModel {
  readonly kind: 'svc';
  /** Output order; equals libsvm's label order (label i in the libsvm model is labels[i]). */
  readonly labels: readonly string[];
  /** Input order. */
  readonly featureNames: readonly string[];
  readonly scaler: ScalerParams;
  /** libsvm's text model format, as produced by libsvm-js serializeModel(). */
  readonly libsvmModel: string;
  readonly params: SvcHyperParams;
  /** Optional probability temperature, see the file comment. */
  readonly temperature?: number;
  /** Optional out-of-distribution reference (core/model/ood.ts); exported as the `ood` output. */
  readonly ood?: OodReference;
}

export interface KnnModel {
  readonly kind: 'knn';
  readonly labels: readonly string[];
  readonly featureNames: readonly string[];
  readonly scaler: ScalerParams;
  readonly k: number;
  readonly weighting: 'uniform' | 'distance';
  /** Standardised training rows. */
  readonly trainX: readonly (readonly number[])[];
  /** Index into `labels` for each training row. */
  readonly trainY: readonly number[];
  /** Optional out-of-distribution reference (core/model/ood.ts); exported as the `ood` output. */
  readonly ood?: OodReference;
}

export type GenreModel = SvcModel | KnnModel;
