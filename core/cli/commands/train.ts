import { resolve } from 'node:path';
import type { Command, CommandContext } from '../command.js';
import { flagOption, numberOption, stringOption, writeJson } from '../command.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { ProgressBar } from '../progress.js';
import { resolveCreatedAt, type ComparisonCard } from '../../model/card.js';
import type { FamilyEvaluation, TrainingResult } from '../../model/train.js';
import { defaultSplitsDir, trainModels } from '../../model/train.js';
import { writeTrainedModels, type WrittenModel } from '../../evaluation/write-models.js';
import { DEFAULT_FEATURE_SET, FeatureSetError, featureSet, featureSetNames } from '../../model/feature-sets.js';
import { resolveFfmpeg } from '../../analysis/decode/ffmpeg-binary.js';
import { readLabelledSet, setName, LabelledSetError } from '../../evaluation/labelled-set.js';
import { analyseLabelledSet, type AnalysedRecording } from '../../evaluation/recordings.js';

interface FamilySummary {
  cv: { folds: number; accuracy: number; std: number };
  filtered: { accuracy: number } | null;
  ece: number;
}

function summarise(evaluation: FamilyEvaluation<unknown>): FamilySummary {
  return {
    cv: { folds: evaluation.cv.folds, accuracy: evaluation.cv.mean, std: evaluation.cv.std },
    filtered: evaluation.filtered ? { accuracy: evaluation.filtered.accuracy } : null,
    ece: evaluation.cv.calibration.ece,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

function describeParams(params: Record<string, number | string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

function printReport(
  ctx: CommandContext,
  result: TrainingResult,
  comparison: ComparisonCard | undefined,
  files: readonly string[],
): void {
  const out = (line = ''): void => {
    ctx.stdout.write(`${line}\n`);
  };
  const { table, options } = result;
  out(
    `Trained on ${table.rows.length} rows, ${result.classNames.length} genres, ${table.featureNames.length} features ` +
      `(sha256 ${table.sha256.slice(0, 12)}…); seed ${options.seed}, ${options.folds}-fold CV, hyper-parameters by inner ${options.innerFolds}-fold CV.`,
  );
  out();
  const rows: [string, FamilyEvaluation<unknown>, string][] = [
    [
      'svc',
      result.svc.evaluation,
      `${describeParams({ c: result.svc.params.c, gamma: result.svc.params.gamma })} T=${result.svc.temperature}`,
    ],
    ['knn', result.knn.evaluation, describeParams({ k: result.knn.params.k, weighting: result.knn.params.weighting })],
  ];
  for (const [name, compared] of Object.entries(result.compare ?? {}))
    rows.push([name, compared, describeParams(compared.params)]);
  const real = (name: string): string => {
    const rw = comparison?.models[name]?.realWorld;
    return rw ? pct(rw.accuracy) : '—';
  };
  out(
    `${'model'.padEnd(20)} ${`${options.folds}-fold CV`.padEnd(17)} ${'filtered'.padEnd(9)} ${'ECE'.padEnd(6)} ${comparison ? `${'real'.padEnd(7)} ` : ''}final model`,
  );
  for (const [name, evaluation, params] of rows) {
    const cv = `${pct(evaluation.cv.mean)} ± ${pct(evaluation.cv.std)}`;
    const filtered = evaluation.filtered ? pct(evaluation.filtered.accuracy) : '—';
    out(
      `${name.padEnd(20)} ${cv.padEnd(17)} ${filtered.padEnd(9)} ${evaluation.cv.calibration.ece.toFixed(3).padEnd(6)} ${comparison ? `${real(name).padEnd(7)} ` : ''}${params}`.trimEnd(),
    );
  }
  for (const [name, evaluation] of [
    ['svc', result.svc.evaluation],
    ['knn', result.knn.evaluation],
  ] as const) {
    out();
    out(`${name}: per genre, out-of-fold predictions of the ${options.folds}-fold CV`);
    const width = Math.max(...result.classNames.map((g) => g.length), 5);
    out(`  ${'genre'.padEnd(width)}  precision  recall     f1  support`);
    result.classNames.forEach((genre, c) => {
      const s = evaluation.cv.perClass[c];
      if (!s) return;
      out(
        `  ${genre.padEnd(width)}  ${s.precision.toFixed(3).padStart(9)}  ${s.recall.toFixed(3).padStart(6)}  ${s.f1.toFixed(3).padStart(5)}  ${String(s.support).padStart(7)}`,
      );
    });
    out(`  confusion (rows: true genre, columns: predicted, same order)`);
    evaluation.cv.confusion.forEach((row, c) => {
      out(`  ${(result.classNames[c] ?? '').padEnd(width)}  ${row.map((n) => String(n).padStart(3)).join(' ')}`);
    });
  }
  out();
  for (const file of files) out(`wrote ${file}`);
}

/** Reads and analyses the real-recording set once; both exported models are scored on it. */
async function analyseRealWorld(
  path: string,
  ctx: CommandContext,
): Promise<{ name: string; recordings: AnalysedRecording[] }> {
  let set;
  try {
    set = readLabelledSet(path);
  } catch (err) {
    if (err instanceof LabelledSetError) throw new UsageError(err.message);
    throw err;
  }
  const progress = new ProgressBar(ctx.stderr, ctx.interactive, 'analyse real recordings');
  let recordings: AnalysedRecording[];
  try {
    recordings = await analyseLabelledSet(set, {
      ffmpeg: resolveFfmpeg({ env: ctx.env }),
      signal: ctx.signal,
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.finish();
  }
  for (const r of recordings) {
    if (r.error)
      ctx.stderr.write(
        `genrewise train: ${r.recording.path}: ${r.error.message} (${r.error.kind}); left out of the real-recording score\n`,
      );
  }
  return { name: setName(set), recordings };
}

function realWorldOf(written: readonly WrittenModel[], kind: 'svc' | 'knn'): { n: number; accuracy: number } | null {
  const rw = written.find((w) => w.card.kind === kind)?.card.evaluation.realWorld;
  return rw ? { n: rw.n, accuracy: rw.accuracy } : null;
}

export const trainCommand: Command = {
  name: 'train',
  help: `Usage: genrewise train --dataset <csv> [--splits <dir>] [--out <dir>] [--features SET] [--realworld <tsv|dir>]
                      [--compare] [--seed N] [--json]

Trains the default genre models on a feature table (the GTZAN features_30_sec.csv layout:
filename, 57 feature columns, label), evaluates them honestly and writes
<out>/gtzan-svc.onnx, gtzan-svc.card.json, gtzan-knn.onnx, gtzan-knn.card.json.

Evaluation (printed and stored in the cards): stratified 10-fold cross-validation (mean ± sd of
the fold accuracies), with hyper-parameters (SVC: C, gamma; KNN: k, weighting) chosen by an inner
5-fold cross-validation on the training folds only; the artist-filtered split (fit on
train+validation, score on test); per-genre precision, recall and F1 and the confusion matrix of
the out-of-fold predictions; the expected calibration error (10 bins) of the top-class confidence.

  --dataset CSV    the feature table (required)
  --splits DIR     folder with train.csv, validation.csv, test.csv listing genre/file.wav paths
                   (default: splits/filtered beside the table when it exists)
  --out DIR        where to write the models (default: models)
  --features SET   the feature columns the models read: ${featureSetNames().join(', ')}
                   (default ${DEFAULT_FEATURE_SET}: without the features that follow the recording level)
  --realworld P    also score the exported models on real recordings (a labels TSV, a folder with
                   labels.tsv, or a folder of genre sub-folders, as genrewise evaluate reads them)
                   and store that in the cards as evaluation.realWorld (default: $GENREWISE_REALWORLD)
  --compare        also evaluate the rest of the seed's classifiers the same way (logistic regression,
                   a linear model trained by SGD, a random forest, a decision tree, gradient-boosted
                   trees) and store the comparison of all seven in the SVC's card (comparison)
  --seed N         seed of every random choice (default 1); same inputs, same seed: same bytes
  --json           print {"svc":{"cv":{"folds","accuracy","std"},"filtered":{"accuracy"},"ece"},"knn":{…}}
                   (plus "params", "realWorld":{"n","accuracy"}|null, "featureSet", "files"; with
                   --compare, "compare":{"<model>":{"cv","filtered","ece","realWorld","params"}} for
                   svc, knn, logistic, sgd, random-forest, decision-tree, gradient-boosting)

Training is deterministic: the same table, splits, feature set, real-recording set and seed give
byte-identical files. Every model also carries an out-of-distribution reference (ONNX output
"ood", card field outOfDistribution). The cards'
creation time is $SOURCE_DATE_EPOCH when set, else the training pipeline's date.`,
  options: {
    dataset: { type: 'string' },
    splits: { type: 'string' },
    out: { type: 'string' },
    features: { type: 'string' },
    realworld: { type: 'string' },
    compare: { type: 'boolean' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const dataset = stringOption(args, 'dataset');
    if (!dataset) throw new UsageError('--dataset <csv> is required');
    const datasetPath = resolve(dataset);
    const splitsOption = stringOption(args, 'splits');
    const splitsDir = splitsOption ? resolve(splitsOption) : defaultSplitsDir(datasetPath);
    const outDir = resolve(stringOption(args, 'out') ?? 'models');
    const seed = numberOption(args, 'seed', (n) => Number.isInteger(n) && n >= 0 && n < 2 ** 32);
    const json = flagOption(args, 'json');
    const createdAt = resolveCreatedAt(ctx.env);
    const featureSetName = stringOption(args, 'features') ?? DEFAULT_FEATURE_SET;
    let featureNames: readonly string[];
    try {
      featureNames = featureSet(featureSetName);
    } catch (err) {
      if (err instanceof FeatureSetError) throw new UsageError(err.message);
      throw err;
    }
    const realWorldPath = stringOption(args, 'realworld') ?? (ctx.env.GENREWISE_REALWORLD || undefined);
    const realWorld = realWorldPath === undefined ? undefined : await analyseRealWorld(realWorldPath, ctx);

    const progress = new ProgressBar(ctx.stderr, ctx.interactive, 'train');
    let result: TrainingResult;
    try {
      result = await trainModels({
        datasetPath,
        featureNames,
        ...(splitsDir ? { splitsDir } : {}),
        ...(seed === undefined ? {} : { seed }),
        compare: flagOption(args, 'compare'),
        signal: ctx.signal,
        onProgress: (stage, done, total) => progress.update(done, total, stage),
      });
    } finally {
      progress.finish();
    }
    const written = await writeTrainedModels(result, {
      outDir,
      prefix: 'gtzan',
      datasetPath,
      createdAt,
      ...(splitsDir ? { splitsDir } : {}),
      ...(realWorld ? { realWorld } : {}),
    });
    const files = written.flatMap((w) => [w.onnxPath, w.cardPath]);
    const comparison = written.find((w) => w.card.kind === 'svc')?.card.comparison;
    if (json) {
      writeJson(ctx, {
        svc: {
          ...summarise(result.svc.evaluation),
          params: { ...result.svc.params, temperature: result.svc.temperature },
          realWorld: realWorldOf(written, 'svc'),
        },
        knn: {
          ...summarise(result.knn.evaluation),
          params: { ...result.knn.params },
          realWorld: realWorldOf(written, 'knn'),
        },
        featureSet: featureSetName,
        // All seven models as the default card stores them: {cv, filtered, ece, realWorld, params}.
        ...(comparison ? { compare: comparison.models } : {}),
        files,
      });
    } else {
      printReport(ctx, result, comparison, files);
      for (const w of written) {
        const rw = w.card.evaluation.realWorld;
        if (rw) {
          ctx.stdout.write(
            `${w.id}: real recordings (${rw.set}, n=${rw.n}): accuracy ${pct(rw.accuracy)}, balanced ${pct(rw.balancedAccuracy)}, ` +
              `confidently wrong ${pct(rw.confidentlyWrongRate)}${rw.unfamiliarRate === null ? '' : `, unfamiliar ${pct(rw.unfamiliarRate)}`}\n`,
          );
        }
      }
    }
    return EXIT_OK;
  },
};
