import type { ElementType, GraphBuilder } from './builder.js';
import { attr } from './builder.js';
import { appendTemperatureScaling, isActiveTemperature } from './calibration.js';
import {
  FEATURES_INPUT,
  LABEL_OUTPUT,
  METADATA_FEATURES,
  METADATA_KIND,
  METADATA_LABELS,
  PROBABILITIES_OUTPUT,
} from './names.js';

export interface ClassifierHead {
  readonly kind: string;
  readonly labels: readonly string[];
  readonly featureNames: readonly string[];
  readonly temperature?: number;
}

/** A further graph output beside label and probabilities (the OOD score: onnx/ood-graph.ts). */
export interface ExtraOutput {
  /** The internal value to expose. */
  readonly from: string;
  readonly name: string;
  readonly type: ElementType;
  readonly shape: readonly (number | string)[];
}

export class OnnxExportError extends Error {
  override name = 'OnnxExportError';
}

export function checkHead(head: ClassifierHead, scaler: { mean: readonly number[]; scale: readonly number[] }): void {
  const f = head.featureNames.length;
  if (f === 0) throw new OnnxExportError('model has no features');
  if (head.labels.length < 2) throw new OnnxExportError(`model needs at least 2 labels, has ${head.labels.length}`);
  if (new Set(head.labels).size !== head.labels.length) throw new OnnxExportError('duplicate labels');
  if (scaler.mean.length !== f || scaler.scale.length !== f) {
    throw new OnnxExportError(
      `scaler has ${scaler.mean.length} means and ${scaler.scale.length} scales for ${f} features`,
    );
  }
  scaler.scale.forEach((s, i) => {
    if (!Number.isFinite(s) || s <= 0) throw new OnnxExportError(`scale of ${head.featureNames[i]} is ${s}`);
  });
}

/**
 * Appends the shared tail: optional temperature scaling, cast to float, argmax label; then
 * encodes the model. `probabilities` is [N, C] in `head.labels` order.
 */
export function finishClassifier(
  g: GraphBuilder,
  probabilities: string,
  probabilityType: 'float' | 'double',
  head: ClassifierHead,
  docString: string,
  extraOutputs: readonly ExtraOutput[] = [],
): Uint8Array {
  let probs = probabilities;
  if (isActiveTemperature(head.temperature))
    probs = appendTemperatureScaling(g, probs, head.temperature, probabilityType);
  if (probabilityType !== 'float')
    probs = g.op('Cast', [probs], 'probabilities_float', [attr.int('to', 1 /* FLOAT */)]);
  const best = g.op('ArgMax', [probs], 'best_index', [attr.int('axis', 1), attr.int('keepdims', 0)]);
  const names = g.constant('label_names', 'string', [head.labels.length], head.labels);
  const label = g.op('Gather', [names, best], 'best_label', [attr.int('axis', 0)]);
  g.output(probs, PROBABILITIES_OUTPUT);
  g.output(label, LABEL_OUTPUT);
  for (const extra of extraOutputs) g.output(extra.from, extra.name);
  const c = head.labels.length;
  return g.build(
    [{ name: FEATURES_INPUT, type: 'float', shape: ['N', head.featureNames.length] }],
    [
      { name: LABEL_OUTPUT, type: 'string', shape: ['N'] },
      { name: PROBABILITIES_OUTPUT, type: 'float', shape: ['N', c] },
      ...extraOutputs.map((e) => ({ name: e.name, type: e.type, shape: e.shape })),
    ],
    {
      [METADATA_KIND]: head.kind,
      [METADATA_LABELS]: JSON.stringify(head.labels),
      [METADATA_FEATURES]: JSON.stringify(head.featureNames),
    },
    docString,
  );
}
