import type { Command, CommandContext } from '../command.js';
import { flagOption, numberOption, stringOption, writeJson } from '../command.js';
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, UsageError } from '../errors.js';
import { ProgressBar } from '../progress.js';
import { resolveFfmpeg } from '../../analysis/decode/ffmpeg-binary.js';
import { evaluateRecordings, genreModelClassifier, type ModelEvaluation } from '../../evaluation/evaluate-model.js';
import { LabelledSetError, readLabelledSet } from '../../evaluation/labelled-set.js';
import { analyseLabelledSet } from '../../evaluation/recordings.js';
import { CONFIDENT } from '../../evaluation/scores.js';
import { loadGenreModel } from '../../model/genre-model.js';
import { UNFAMILIAR_OOD } from '../../prediction/store.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function printReport(ctx: CommandContext, evaluation: ModelEvaluation, modelId: string, source: string): void {
  const out = (line = ''): void => {
    ctx.stdout.write(`${line}\n`);
  };
  const { scores } = evaluation;
  out(
    `${modelId} on ${scores.n} recordings of ${source}${evaluation.failed > 0 ? ` (${evaluation.failed} could not be analysed)` : ''}`,
  );
  out(`  accuracy ${pct(scores.accuracy)}, balanced (mean recall per genre) ${pct(scores.balancedAccuracy)}`);
  const cw = scores.confidentlyWrong;
  out(
    `  confidently wrong (≥ ${pct(cw.threshold)}): ${cw.count} (${pct(cw.rate)} of all, ${pct(cw.ofWrong)} of the wrong answers)`,
  );
  if (scores.unfamiliar)
    out(
      `  unlike the training music (OOD > ${scores.unfamiliar.threshold}): ${scores.unfamiliar.count} (${pct(scores.unfamiliar.rate)})`,
    );
  out();
  const labels = scores.confusion.labels;
  const width = Math.max(5, ...labels.map((l) => l.length));
  out(`  ${'genre'.padEnd(width)}  recall  precision  n`);
  for (const [genre, s] of Object.entries(scores.perGenre)) {
    out(
      `  ${genre.padEnd(width)}  ${s.recall.toFixed(2).padStart(6)}  ${s.precision.toFixed(2).padStart(9)}  ${s.support}`,
    );
  }
  out();
  out(`  confusion (rows: true genre, columns: predicted)`);
  out(`  ${''.padEnd(width)}  ${labels.map((l) => l.slice(0, 4).padStart(4)).join(' ')}`);
  scores.confusion.matrix.forEach((row, i) => {
    if (row.every((v) => v === 0)) return;
    out(`  ${(labels[i] ?? '').padEnd(width)}  ${row.map((v) => String(v).padStart(4)).join(' ')}`);
  });
  out();
  for (const v of evaluation.verdicts) {
    if (v.error) {
      out(`  ✗ ${v.path}: ${v.error.message}`);
      continue;
    }
    const mark = v.predicted === v.truth ? '✓' : '✗';
    const ood = v.ood === null ? '' : `  ood ${v.ood.toFixed(2)}`;
    out(
      `  ${mark} ${v.truth.padEnd(width)} → ${(v.predicted ?? '').padEnd(width)} ${pct(v.confidence ?? 0).padStart(6)}${ood}  ${v.path}`,
    );
  }
}

export const evaluateCommand: Command = {
  name: 'evaluate',
  help: `Usage: genrewise evaluate <labels.tsv|folder> [--model svc|knn|<path>] [--whole] [--confident X] [--ffmpeg PATH] [--json]

Classifies every labelled recording as the library would (up to five 30 s windows spread over the
track, the mean of their probabilities) and compares with its label.

The set is either
  - a TSV of path<TAB>genre, one recording a line; a header is optional; paths are relative to
    the TSV's folder; the genre is the column named genre or label_gtzan, else the second;
  - a folder holding such a labels.tsv (what scripts/make-realworld-devset.sh builds); or
  - a folder with one sub-folder per genre, holding that genre's audio files.
Genre names go through the alias table (Hip-Hop, rap → hiphop).

  --model M        svc (default), knn, or the path to a .onnx / .card.json model
  --whole          analyse each file whole, as one window
  --confident X    confidence from which a wrong answer counts as confidently wrong (default ${CONFIDENT})
  --ffmpeg PATH    ffmpeg to decode with (default: $GENREWISE_FFMPEG, the bundled one, PATH)
  --json           print {"n","accuracy","balancedAccuracy","perGenre":{genre:{"recall","precision","support"}},
                   "confusion":{"labels","matrix"},"confidentlyWrong":{"threshold","count","rate","ofWrong"},
                   "unfamiliar":{"threshold","count","rate"}|null,"model","set","failed",
                   "recordings":[{"path","truth","predicted","probability","confidence","ood"}]}
                   (confidence: what the app shows, the probability lowered for audio unlike the
                   training music; "confidently wrong" is judged on it)

Recordings that cannot be analysed are listed and left out of the scores; the exit code is then 1.`,
  options: {
    model: { type: 'string' },
    whole: { type: 'boolean' },
    confident: { type: 'string' },
    ffmpeg: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.positionals.length !== 1) throw new UsageError('give one labels TSV or folder');
    const confidentAt = numberOption(args, 'confident', (n) => n >= 0 && n <= 1) ?? CONFIDENT;
    let set;
    try {
      set = readLabelledSet(args.positionals[0] as string);
    } catch (err) {
      if (err instanceof LabelledSetError) throw new UsageError(err.message);
      throw err;
    }
    const model = await loadGenreModel(stringOption(args, 'model') ?? 'svc', { env: ctx.env });
    const ffmpeg = resolveFfmpeg({ explicit: stringOption(args, 'ffmpeg'), env: ctx.env });
    const json = flagOption(args, 'json');
    const progress = new ProgressBar(ctx.stderr, ctx.interactive && !json, 'evaluate');
    let recordings;
    try {
      recordings = await analyseLabelledSet(set, {
        ffmpeg,
        mode: flagOption(args, 'whole') ? 'whole' : 'spread',
        signal: ctx.signal,
        onProgress: (done, total) => progress.update(done, total),
      });
    } finally {
      progress.finish();
    }
    if (ctx.signal.aborted) return EXIT_INTERRUPTED;
    if (recordings.every((r) => r.error)) {
      for (const r of recordings)
        ctx.stderr.write(`genrewise evaluate: ${r.recording.path}: ${r.error?.message ?? 'not analysed'}\n`);
      ctx.stderr.write('genrewise evaluate: no recording could be analysed\n');
      return EXIT_FAILURE;
    }
    const evaluation = await evaluateRecordings(recordings, genreModelClassifier(model), {
      genres: model.genres,
      confidentAt,
      unfamiliarAbove: UNFAMILIAR_OOD,
    });
    for (const v of evaluation.verdicts)
      if (v.error) ctx.stderr.write(`genrewise evaluate: ${v.path}: ${v.error.message} (${v.error.kind})\n`);
    if (json) {
      writeJson(ctx, {
        ...evaluation.scores,
        model: model.id,
        set: set.source,
        failed: evaluation.failed,
        recordings: evaluation.verdicts,
      });
    } else {
      printReport(ctx, evaluation, model.id, set.source);
    }
    return evaluation.failed > 0 ? EXIT_PARTIAL : EXIT_OK;
  },
};
