import type { Command } from '../command.js';
import { flagOption, numberOption, stringOption, writeJson } from '../command.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { ProgressBar } from '../progress.js';
import { resolveFfmpeg } from '../../analysis/decode/ffmpeg-binary.js';
import { launcherOnDemand } from '../../analysis/decode/launched-ffmpeg.js';
import { forkWorkerSpawner } from '../../analysis/fork-spawner.js';
import { defaultConcurrency } from '../../analysis/pool.js';
import { getSetting } from '../../library/settings.js';
import { analyzeAndPredict } from '../../prediction/analyze-and-predict.js';
import { relearnLibraryContext } from '../../learning/context-pass.js';

const SHOWN_FAILURES = 10;

export const analyzeCommand: Command = {
  name: 'analyze',
  help: `Usage: genrewise analyze [--db P] [--jobs N] [--retry-errors] [--ffmpeg PATH] [--json]

Analyses every present track that has no current analysis: new files, files changed since
(size or modification time), and files analysed by an older analyzer. Each track gets up to
five 30 s windows spread over its middle 80 % (one per started 100 s; the whole track if it is
30 s or shorter), computed in worker processes, which also classify the windows with the
active genre models right away. Each track's features and prediction are stored together as it
finishes: Ctrl-C stops cleanly and the next run continues where this one stopped. Tracks analysed
earlier without a prediction from the active models are then predicted from their stored
features (no audio is decoded again).

  --jobs N         worker processes (default: one per core, here ${defaultConcurrency()})
  --retry-errors   also retry files whose analysis failed although they did not change
  --ffmpeg PATH    ffmpeg to decode with (default: the analysis.ffmpegPath setting,
                   $GENREWISE_FFMPEG, the bundled one, PATH)
  --no-predict     only analyse; do not predict genres
  --json           print {"tracks","analysed","skipped","failed","windows","seconds",
                   "cancelled","predicted","failures":[{"path","kind","message"}]}
                   ("predicted": tracks that got a new prediction in this run)
${DB_HELP}

Exit code 1 when some files could not be analysed, 130 when cancelled (run again to resume), 2 on
a fatal error (no ffmpeg, no library, an active genre model that cannot be used).`,
  options: {
    ...DB_OPTION,
    jobs: { type: 'string' },
    'retry-errors': { type: 'boolean' },
    'no-predict': { type: 'boolean' },
    ffmpeg: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const jobs = numberOption(args, 'jobs', (n) => Number.isInteger(n) && n >= 1 && n <= 256);
    const json = flagOption(args, 'json');
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    // One ffmpeg launcher for the run, shared by the workers, started with the first of them.
    const launcher = ctx.env.GENREWISE_FFMPEG_LAUNCHER === 'off' ? undefined : launcherOnDemand();
    try {
      const ffmpeg = resolveFfmpeg({
        explicit: stringOption(args, 'ffmpeg') ?? getSetting(db, 'ffmpegPath') ?? undefined,
        env: ctx.env,
      });
      const progress = new ProgressBar(ctx.stderr, ctx.interactive, 'analyse');
      // The active models are loaded before any worker starts: a broken one fails here, once.
      const result = await analyzeAndPredict({
        db,
        spawn: forkWorkerSpawner(launcher && { ffmpegLauncher: launcher.get }),
        ffmpeg,
        signal: ctx.signal,
        retryErrors: flagOption(args, 'retry-errors'),
        predict: !flagOption(args, 'no-predict'),
        ...(jobs !== undefined && { concurrency: jobs }),
        onProgress: (p) => progress.update(p.done, p.total, p.failed > 0 ? `${p.failed} failed` : ''),
      });
      progress.finish();
      // Predictions in the user's own genres, from their decisions and tags, for the new tracks too.
      if (!flagOption(args, 'no-predict') && !result.cancelled) relearnLibraryContext(db);
      const {
        maxWorkerRssBytes: _rss,
        predicted,
        predictedInWorkers: _inWorkers,
        inferenceFailures,
        inferenceErrors,
        ...summary
      } = result;
      if (inferenceFailures > 0) {
        ctx.stderr.write(
          `genrewise analyze: inference failed in the workers for ${inferenceFailures} track${inferenceFailures === 1 ? '' : 's'} ` +
            `(${inferenceErrors[0] ?? 'no reason given'}); their predictions come from the stored features instead\n`,
        );
      }
      if (json) {
        writeJson(ctx, { ...summary, predicted });
      } else {
        const failed = summary.failed > 0 ? `, ${summary.failed} failed` : '';
        ctx.stdout.write(
          `Analysed ${summary.analysed} track${summary.analysed === 1 ? '' : 's'} (${summary.windows} windows) in ${summary.seconds.toFixed(1)} s${failed}; ` +
            `${summary.skipped} of ${summary.tracks} up to date or left.` +
            (predicted === null ? '\n' : ` Predicted genres for ${predicted} track${predicted === 1 ? '' : 's'}.\n`),
        );
        for (const f of summary.failures.slice(0, SHOWN_FAILURES))
          ctx.stdout.write(`  failed: ${f.path}: ${f.message} (${f.kind})\n`);
        if (summary.failures.length > SHOWN_FAILURES)
          ctx.stdout.write(`  … and ${summary.failures.length - SHOWN_FAILURES} more\n`);
      }
      if (summary.cancelled) {
        ctx.stderr.write('genrewise analyze: cancelled; run it again to continue\n');
        return EXIT_INTERRUPTED;
      }
      return summary.failed > 0 ? EXIT_PARTIAL : EXIT_OK;
    } finally {
      await launcher?.close();
      db.close();
    }
  },
};
