import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AnalysedRecording } from './recordings.js';
import { buildComparison } from './comparison.js';
import { evaluateRecordings, onnxBytesClassifier } from './evaluate-model.js';
import { buildCard, realWorldCard, serializeCard, type ModelCard, type RealWorldScores } from '../model/card.js';
import { featureSetOf } from '../model/feature-sets.js';
import { exportKnnOnnx } from '../model/onnx/knn-export.js';
import { exportSvcOnnx } from '../model/onnx/svc-export.js';
import type { TrainingResult } from '../model/train.js';

/**
 * Writes the trained default models as ONNX files with their cards:
 * `<prefix>-svc.onnx` + `<prefix>-svc.card.json`, `<prefix>-knn.onnx` + `<prefix>-knn.card.json`.
 * Each file is written to a temporary name and renamed, so a reader never sees half a model.
 */

export interface WriteOptions {
  readonly outDir: string;
  /** File and id prefix: "gtzan" for the defaults. */
  readonly prefix: string;
  readonly datasetPath: string;
  readonly splitsDir?: string;
  /** ISO time for the cards (see card.ts resolveCreatedAt). */
  readonly createdAt: string;
  /** Real recordings, analysed, to score each exported model on (card: evaluation.realWorld). */
  readonly realWorld?: { readonly name: string; readonly recordings: readonly AnalysedRecording[] };
}

/** Scores the exported bytes themselves on the real recordings: what ships is what is measured. */
async function scoreRealWorld(
  bytes: Uint8Array,
  model: { readonly labels: readonly string[]; readonly featureNames: readonly string[] },
  realWorld: WriteOptions['realWorld'],
): Promise<RealWorldScores | undefined> {
  if (!realWorld) return undefined;
  const classifier = await onnxBytesClassifier(bytes, { genres: model.labels, featureNames: model.featureNames });
  try {
    const { scores } = await evaluateRecordings(realWorld.recordings, classifier.classify, { genres: model.labels });
    return realWorldCard(realWorld.name, scores);
  } finally {
    await classifier.release();
  }
}

export interface WrittenModel {
  readonly id: string;
  readonly onnxPath: string;
  readonly cardPath: string;
  readonly card: ModelCard;
}

async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

export async function writeTrainedModels(result: TrainingResult, options: WriteOptions): Promise<WrittenModel[]> {
  await mkdir(options.outDir, { recursive: true });
  const common = {
    training: result,
    datasetPath: options.datasetPath,
    createdAt: options.createdAt,
    ...(options.splitsDir ? { splitsName: basename(options.splitsDir) } : {}),
  };
  const featureSet = featureSetOf(result.table.featureNames);
  const named = featureSet !== undefined ? { featureSet } : {};
  const svcId = `${options.prefix}-svc`;
  const svcBytes = exportSvcOnnx(result.svc.model);
  const svcRealWorld = await scoreRealWorld(svcBytes, result.svc.model, options.realWorld);
  const knnId = `${options.prefix}-knn`;
  const knnBytes = exportKnnOnnx(result.knn.model);
  const knnRealWorld = await scoreRealWorld(knnBytes, result.knn.model, options.realWorld);
  // The comparison (with --compare) goes on the default model's card, after its own evaluation.
  const comparison = await buildComparison(
    result,
    { ...(svcRealWorld ? { svc: svcRealWorld } : {}), ...(knnRealWorld ? { knn: knnRealWorld } : {}) },
    options.realWorld,
  );
  const svcCard = buildCard({
    ...common,
    ...named,
    ...(result.svc.model.ood ? { ood: result.svc.model.ood } : {}),
    ...(svcRealWorld ? { realWorld: svcRealWorld } : {}),
    id: svcId,
    kind: 'svc',
    modelFile: `${svcId}.onnx`,
    modelBytes: svcBytes,
    genres: result.svc.model.labels,
    featureNames: result.svc.model.featureNames,
    params: result.svc.params,
    grid: result.svc.grid,
    describe: (p) => ({ c: p.c, gamma: p.gamma }),
    probabilities: {
      method:
        'libsvm Platt scaling with pairwise coupling, then temperature scaling softmax(log(p)/T) fitted on inner-CV predictions',
      temperature: result.svc.temperature,
    },
    cv: result.svc.evaluation.cv,
    ...(result.svc.evaluation.filtered ? { filtered: result.svc.evaluation.filtered } : {}),
    ...(comparison ? { comparison } : {}),
  });
  const knnCard = buildCard({
    ...common,
    ...named,
    ...(result.knn.model.ood ? { ood: result.knn.model.ood } : {}),
    ...(knnRealWorld ? { realWorld: knnRealWorld } : {}),
    id: knnId,
    kind: 'knn',
    modelFile: `${knnId}.onnx`,
    modelBytes: knnBytes,
    genres: result.knn.model.labels,
    featureNames: result.knn.model.featureNames,
    params: result.knn.params,
    grid: result.knn.grid,
    describe: (p) => ({ k: p.k, weighting: p.weighting }),
    probabilities: { method: 'share of the (weighted) votes of the k nearest training rows' },
    cv: result.knn.evaluation.cv,
    ...(result.knn.evaluation.filtered ? { filtered: result.knn.evaluation.filtered } : {}),
  });
  const written: WrittenModel[] = [];
  for (const [id, bytes, card] of [
    [svcId, svcBytes, svcCard],
    [knnId, knnBytes, knnCard],
  ] as const) {
    const onnxPath = join(options.outDir, `${id}.onnx`);
    const cardPath = join(options.outDir, `${id}.card.json`);
    await writeAtomically(onnxPath, bytes);
    await writeAtomically(cardPath, serializeCard(card));
    written.push({ id, onnxPath, cardPath, card });
  }
  return written;
}
