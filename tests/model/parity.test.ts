import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelCard } from '../../core/model/card.js';
import { loadFeatureTable, type FeatureTable } from '../../core/model/dataset.js';
import { loadGenreModel } from '../../core/model/genre-model.js';
import { buildKnnModel, predictKnn } from '../../core/model/knn.js';
import { getLibsvm, type Libsvm } from '../../core/model/libsvm.js';
import { locateModel } from '../../core/model/model-registry.js';
import { exportKnnOnnx } from '../../core/model/onnx/knn-export.js';
import { exportSvcOnnx } from '../../core/model/onnx/svc-export.js';
import { buildOodReference, oodScores } from '../../core/model/ood.js';
import { applyScaler, fitScaler } from '../../core/model/scaler.js';
import { predictSvc, trainSvcModel } from '../../core/model/svc.js';
import { classNamesOf } from '../../core/model/train.js';
import type { KnnModel, SvcModel } from '../../core/model/types.js';
import { hasSharedData, sharedDataPath } from '../helpers/data.js';

/**
 * The committed default models, run by onnxruntime, against the in-process models on every row
 * of the GTZAN table. The in-process models are rebuilt from the table with the hyper-parameters
 * and temperature their cards state (training is deterministic), and first proven to be the
 * committed models: their export must hash to the card's modelSha256, which the registry in turn
 * checks against the ONNX file.
 */

/** The largest absolute difference, and the row it is in (-1 when all are equal). */
function maxAbsDiff(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
): { max: number; row: number } {
  let max = 0;
  let row = -1;
  a.forEach((p, i) =>
    p.forEach((v, j) => {
      const d = Math.abs(v - (b[i]?.[j] ?? Number.NaN));
      if (Number.isNaN(d)) {
        max = Number.POSITIVE_INFINITY;
        row = i;
      } else if (d > max) {
        max = d;
        row = i;
      }
    }),
  );
  return { max, row };
}

function argmaxLabel(labels: readonly string[], p: readonly number[]): string {
  return labels[p.indexOf(Math.max(...p))] ?? '?';
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function committedCard(spec: 'svc' | 'knn'): Promise<ModelCard> {
  const located = await locateModel(spec);
  return JSON.parse(readFileSync(located.cardPath, 'utf8')) as ModelCard;
}

describe.skipIf(!hasSharedData())('ONNX parity of the committed default models on every GTZAN row', () => {
  let table: FeatureTable;
  let classes: number[];
  let classNames: string[];
  let libsvm: Libsvm;

  beforeAll(async () => {
    table = await loadFeatureTable(sharedDataPath('gtzan', 'features_30_sec.csv'));
    classNames = classNamesOf(table.labels);
    classes = table.labels.map((l) => classNames.indexOf(l));
    libsvm = await getLibsvm();
  });

  /** The table's columns the card's model reads (its feature set), standardised as in training. */
  async function standardisedTable(
    card: ModelCard,
  ): Promise<{ scaler: ReturnType<typeof fitScaler>; rows: number[][]; raw: FeatureTable }> {
    const raw = await loadFeatureTable(sharedDataPath('gtzan', 'features_30_sec.csv'), {
      featureNames: card.featureNames,
    });
    const scaler = fitScaler(raw.rows);
    return { scaler, rows: applyScaler(scaler, raw.rows), raw };
  }

  /** The ONNX `ood` output against the JS statistic on the same float32 inputs. */
  function oodDifference(onnx: readonly number[] | undefined, model: SvcModel | KnnModel, raw: FeatureTable): number {
    const reference = model.ood;
    if (!onnx || !reference) return Number.POSITIVE_INFINITY;
    const expected = oodScores(
      reference,
      applyScaler(
        model.scaler,
        raw.rows.map((r) => r.map((v) => Math.fround(v))),
      ),
    );
    return Math.max(...onnx.map((v, i) => Math.abs(v - (expected[i] as number))));
  }

  it('SVC: probabilities within 1e-5 of libsvm (Platt + temperature) and the same genre, on all 1,000 rows', async () => {
    const card = await committedCard('svc');
    expect(card.trainingData.sha256).toBe(table.sha256);
    expect(card.genres).toEqual(classNames);
    const { scaler, rows, raw } = await standardisedTable(card);
    const c = Number(card.hyperParameters.c);
    const gamma = Number(card.hyperParameters.gamma);
    const temperature = card.probabilities.temperature ?? 1;
    const model: SvcModel = {
      ...trainSvcModel(libsvm, {
        classNames,
        featureNames: raw.featureNames,
        scaler,
        train: { rows, classes, classCount: classNames.length },
        params: { c, gamma },
        temperature,
      }),
      ood: buildOodReference(rows),
    };
    expect(sha256(exportSvcOnnx(model)), 'rebuilt model exports to the committed file').toBe(card.modelSha256);

    const expected = predictSvc(libsvm, model, raw.rows);
    // The registry picks the model's columns out of full extractor rows.
    const onnx = await (await loadGenreModel('svc')).classifyRows(table.rows);
    expect(onnx.probabilities).toHaveLength(1000);
    const { max, row } = maxAbsDiff(onnx.probabilities, expected);
    const labelDisagreements = onnx.labels.filter(
      (label, i) => label !== argmaxLabel(model.labels, expected[i] ?? []),
    ).length;
    console.log(
      `SVC (C=${c}, gamma=${gamma}, T=${temperature}): max |ONNX − libsvm| = ${max.toExponential(3)}${row >= 0 ? ` (row ${table.ids[row]})` : ''}, label disagreements ${labelDisagreements}/1000`,
    );
    expect(max).toBeLessThan(1e-5);
    expect(labelDisagreements).toBe(0);
    expect(oodDifference(onnx.ood, model, raw)).toBeLessThan(1e-4);
  });

  it('KNN: probabilities within 1e-5 of the in-process KNN and the same genre, on all 1,000 rows', async () => {
    const card = await committedCard('knn');
    expect(card.trainingData.sha256).toBe(table.sha256);
    const { scaler, rows, raw } = await standardisedTable(card);
    const k = Number(card.hyperParameters.k);
    const weighting = card.hyperParameters.weighting === 'distance' ? 'distance' : 'uniform';
    const model: KnnModel = {
      ...buildKnnModel({
        labels: classNames,
        featureNames: raw.featureNames,
        scaler,
        standardisedRows: rows,
        classes,
        params: { k, weighting },
      }),
      ood: buildOodReference(rows),
    };
    expect(sha256(exportKnnOnnx(model)), 'rebuilt model exports to the committed file').toBe(card.modelSha256);

    // Training rows fed back in: each is its own nearest neighbour, so this also exercises the
    // exact-match rule of distance weighting through float32 input.
    const expected = predictKnn(model, raw.rows);
    const onnx = await (await loadGenreModel('knn')).classifyRows(table.rows);
    const { max, row } = maxAbsDiff(onnx.probabilities, expected);
    const labelDisagreements = onnx.labels.filter(
      (label, i) => label !== argmaxLabel(model.labels, expected[i] ?? []),
    ).length;
    console.log(
      `KNN (k=${k}, ${weighting}): max |ONNX − in-process| = ${max.toExponential(3)}${row >= 0 ? ` (row ${table.ids[row]})` : ''}, label disagreements ${labelDisagreements}/1000`,
    );
    expect(max).toBeLessThan(1e-5);
    expect(labelDisagreements).toBe(0);
    expect(oodDifference(onnx.ood, model, raw)).toBeLessThan(1e-4);
  });
});
