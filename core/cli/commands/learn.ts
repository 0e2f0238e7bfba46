import type { Command, CommandContext } from '../command.js';
import { flagOption, numberOption, stringOption, writeJson } from '../command.js';
import { EXIT_OK, FatalError, UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { ProgressBar } from '../progress.js';
import { DEFAULT_PERSONAL_FEATURE_SET, learnPersonalModel, type LearnResult } from '../../learning/learn.js';
import { featureSetNames, isFeatureSetName } from '../../model/feature-sets.js';
import { DEFAULT_MIN_PER_GENRE, NotEnoughLabelsError } from '../../learning/training-set.js';
import { relearnLibraryContext, type ContextPassResult } from '../../learning/context-pass.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

function printReport(ctx: CommandContext, r: LearnResult, context: ContextPassResult | null): void {
  const out = (line = ''): void => {
    ctx.stdout.write(`${line}\n`);
  };
  const sources = [
    r.labelSources.decision > 0 ? `${r.labelSources.decision} from your decisions` : '',
    r.labelSources.tag > 0 ? `${r.labelSources.tag} from genre tags` : '',
  ].filter(Boolean);
  out(
    `Learned ${r.genres.length} genres from ${r.tracks} tracks (${r.windows} windows; ${sources.join(', ')}) in ${r.seconds.toFixed(1)} s.`,
  );
  out(
    `Cross-validated accuracy: ${pct(r.cv.accuracy)} of tracks (${r.cv.folds} folds grouped by track, ` +
      `fold mean ${pct(r.cv.meanAccuracy)} ± ${pct(r.cv.std)}); calibration error ${r.cv.ece.toFixed(3)}.`,
  );
  const shown = r.cv.shown;
  out(
    `Shown where confident (≥ ${pct(shown.threshold)}) and familiar: ${pct(shown.share)} of held-out tracks` +
      (Number.isNaN(shown.accuracy)
        ? '.'
        : `, ${pct(shown.accuracy)} of them right; the default model answers for the rest.`),
  );
  const cv = r.card.evaluation.cv;
  const width = Math.max(5, ...r.genres.map((g) => g.length));
  out(`  ${'genre'.padEnd(width)}  tracks   recall  precision`);
  for (const genre of r.genres) {
    const s = cv.perGenre[genre];
    out(
      `  ${genre.padEnd(width)}  ${String(r.perGenre[genre] ?? 0).padStart(6)}  ${pct(s?.recall ?? 0).padStart(7)}  ${pct(s?.precision ?? 0).padStart(9)}`,
    );
  }
  if (r.leftOut.length > 0) {
    out(
      `Left out (fewer than ${r.card.trainingData.minPerGenre} tracks): ${r.leftOut.map((g) => `${g.genre} ${g.tracks}`).join(', ')}.`,
    );
  }
  if (r.unanalysed > 0)
    out(
      `${r.unanalysed} labelled track${r.unanalysed === 1 ? ' is' : 's are'} not analysed yet (run \`genrewise analyze\`).`,
    );
  out(`Saved ${r.modelId}: ${r.onnxPath}`);
  if (r.activated) {
    out(`Active: ${r.refresh?.predicted ?? 0} predictions refreshed.`);
    for (const line of contextReport(context)) out(line);
  } else {
    out('Not active yet: run `genrewise learn --activate` (same labels, same model) to use it.');
  }
}

/** What the library shows after activation: the library-context model wherever it has an answer. */
function contextReport(context: ContextPassResult | null): string[] {
  if (!context?.active) return ["Tracks show this model's genre where it is confident, the default model's elsewhere."];
  const { right, n } = context.heldOut;
  const score =
    n > 0
      ? `: it gets ${right} of your ${n} labelled tracks right, each with its own label left out (${pct(right / n)})`
      : '';
  return [
    `Tracks show the library-context model's genre, re-learned now from your decisions and tags${score}.`,
    'It weighs your albums and artists, which this model does not see, and the app re-learns it after every decision;',
    'this model answers only where your labels name fewer than two genres, and shapes `genrewise similar`.',
  ];
}

export const learnCommand: Command = {
  name: 'learn',
  help: `Usage: genrewise learn [--db P] [--from-tags] [--min-per-genre N] [--features SET] [--activate] [--json]

Trains a personal genre model on your library, in your own genre names. It learns from your
review decisions (accept, choose, keep; skipped tracks and bulk accepts are not used) and, with
--from-tags, from the first genre tag of the other tracks: mapped to our genre through the alias
table when it matches, else kept as you spell it ("Synthwave", "Bossa Nova"; spellings that
differ only in case are one genre). Your decision wins over a track's tag.

It uses the stored features of those tracks (no audio is decoded again; analyse first) and the
genres with at least N of them. It is evaluated by stratified cross-validation grouped by track
(a track's windows never straddle training and test) and saved with its model card beside the
library, in <library folder>/models/, for scripts (\`classify --model\`, \`evaluate --model\`) and
"More like this". With --activate it becomes the active personal model, every track is
re-predicted from stored features, and the library-context model is re-learned at once, as the
app's "Learn from my library" does: wherever your decisions and tags name two genres, tracks show
that model's genre (it also weighs your albums and artists, and the app re-learns it after every
decision by itself); this model answers where it does not, where confident, the default model
elsewhere. Each prediction is labelled with its source.

  --from-tags          also learn from the genre tags of tracks you have not decided
  --min-per-genre N    leave out genres with fewer labelled, analysed tracks (default ${DEFAULT_MIN_PER_GENRE}, at least 2)
  --features SET       ${featureSetNames().join(', ')} (default ${DEFAULT_PERSONAL_FEATURE_SET}); level-invariant
                       ignores how loud a recording is, for libraries mixing eras of mastering
  --activate           use the new model from now on, refresh every prediction and re-learn
                       the library-context model
  --json               print {"genres":[…],"n":N,"cv":{"folds","accuracy"},"modelId"} plus
                       "perGenre", "labelSources", "activated", "seconds" and more; with
                       --activate, "context": {"active","genres","labelled","heldOut":{"right","n"}}
${DB_HELP}

Retraining on the same labels gives the same model (same file, same id).`,
  options: {
    ...DB_OPTION,
    'from-tags': { type: 'boolean' },
    'min-per-genre': { type: 'string' },
    features: { type: 'string' },
    activate: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const minPerGenre = numberOption(args, 'min-per-genre', (n) => Number.isInteger(n) && n >= 2);
    const fromTags = flagOption(args, 'from-tags');
    const features = stringOption(args, 'features');
    if (features !== undefined && !isFeatureSetName(features)) {
      throw new UsageError(`unknown feature set "${features}" (known: ${featureSetNames().join(', ')})`);
    }
    const json = flagOption(args, 'json');
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    const progress = new ProgressBar(ctx.stderr, ctx.interactive, 'learn');
    try {
      let result: LearnResult;
      try {
        result = await learnPersonalModel(db, {
          fromTags,
          activate: flagOption(args, 'activate'),
          ...(minPerGenre !== undefined && { minPerGenre }),
          ...(features !== undefined && { featureSet: features }),
          signal: ctx.signal,
          onProgress: (stage, done, total) => progress.update(done, total, stage),
        });
      } catch (err) {
        if (err instanceof NotEnoughLabelsError) {
          const hint = fromTags
            ? 'label more tracks with `genrewise decide <track> <genre>`'
            : 'label tracks with `genrewise decide <track> <genre>`, or add --from-tags to learn from the genre tags in your files';
          throw new FatalError(`${err.message}; ${hint}`);
        }
        throw err;
      } finally {
        progress.finish();
      }
      const context = result.activated ? relearnLibraryContext(db) : null;
      if (json) {
        writeJson(ctx, {
          genres: result.genres,
          n: result.tracks,
          cv: {
            folds: result.cv.folds,
            accuracy: result.cv.accuracy,
            meanAccuracy: result.cv.meanAccuracy,
            std: result.cv.std,
            ece: result.cv.ece,
            shown: {
              ...result.cv.shown,
              accuracy: Number.isNaN(result.cv.shown.accuracy) ? null : result.cv.shown.accuracy,
            },
          },
          modelId: result.modelId,
          featureSet: result.card.featureSet,
          perGenre: result.perGenre,
          labelSources: result.labelSources,
          leftOut: result.leftOut,
          windows: result.windows,
          path: result.onnxPath,
          activated: result.activated,
          predicted: result.refresh?.predicted ?? 0,
          seconds: result.seconds,
          context: context && {
            active: context.active,
            genres: context.genres,
            labelled: context.labelled,
            heldOut: context.heldOut,
          },
        });
      } else {
        printReport(ctx, result, context);
      }
      return EXIT_OK;
    } finally {
      db.close();
    }
  },
};
