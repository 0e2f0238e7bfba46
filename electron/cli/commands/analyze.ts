import type { Command } from '../command.js';
import { flagOption, numberOption, stringOption, writeJson } from '../command.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_PARTIAL, UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { ProgressBar } from '../progress.js';
import { analyzeLibrary } from '../../analysis/analyze-library.js';
import { resolveFfmpeg } from '../../analysis/decode/ffmpeg-binary.js';
import { forkWorkerSpawner } from '../../analysis/fork-spawner.js';
import { defaultConcurrency } from '../../analysis/pool.js';
import { getSetting } from '../../library/settings.js';
import { refreshPredictions } from '../../prediction/refresh.js';

const SHOWN_FAILURES = 10;

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'analyse the audio of every track that needs it, then predict genres',
  help: `Usage: genrewise analyze [--db P] [--jobs N] [--retry-errors] [--ffmpeg PATH] [--json]

Analyses every present track that has no current analysis: new files, files changed since
(size or modification time), and files analysed by an older analyzer. Each track gets up to
five 30 s windows spread over its middle 80 % (one per started 100 s; the whole track if it is
30 s or shorter), computed in worker processes. Results are stored as they arrive: Ctrl-C stops
cleanly and the next run continues where this one stopped. Then every analysed track gets a
genre prediction from the active model (from the stored features; no audio is decoded again).

  --jobs N         worker processes (default: one per core, here ${defaultConcurrency()})
  --retry-errors   also retry files whose analysis failed although they did not change
  --ffmpeg PATH    ffmpeg to decode with (default: the analysis.ffmpegPath setting,
                   $GENREWISE_FFMPEG, the bundled one, PATH)
  --no-predict     only analyse; do not predict genres afterwards
  --json           print {"tracks","analysed","skipped","failed","windows","seconds",
                   "cancelled","predicted","failures":[{"path","kind","message"}]}
${DB_HELP}

Exit code 1 when some files could not be analysed, 2 when cancelled (run again to resume) or on
a fatal error (no ffmpeg, no library).`,
  options: { ...DB_OPTION, jobs: { type: 'string' }, 'retry-errors': { type: 'boolean' }, 'no-predict': { type: 'boolean' }, ffmpeg: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const jobs = numberOption(args, 'jobs', (n) => Number.isInteger(n) && n >= 1 && n <= 256);
    const json = flagOption(args, 'json');
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const ffmpeg = resolveFfmpeg({ explicit: stringOption(args, 'ffmpeg') ?? getSetting(db, 'ffmpegPath') ?? undefined, env: ctx.env });
      const progress = new ProgressBar(ctx.stderr, ctx.interactive, 'analyse');
      const summary = await analyzeLibrary({
        db,
        spawn: forkWorkerSpawner(),
        ffmpeg,
        signal: ctx.signal,
        retryErrors: flagOption(args, 'retry-errors'),
        ...(jobs !== undefined && { concurrency: jobs }),
        onProgress: (p) => progress.update(p.done, p.total, p.failed > 0 ? `${p.failed} failed` : ''),
      });
      progress.finish();
      // Then predict from the stored features (never decoding again), unless asked not to or
      // cancelled: predictions of finished tracks are refreshed on the next run either way.
      let predicted: number | null = null;
      if (!summary.cancelled && !flagOption(args, 'no-predict')) {
        predicted = (await refreshPredictions(db)).predicted;
      }
      if (json) {
        const { maxWorkerRssBytes: _rss, ...shown } = summary;
        writeJson(ctx, { ...shown, predicted });
      } else {
        const failed = summary.failed > 0 ? `, ${summary.failed} failed` : '';
        ctx.stdout.write(
          `Analysed ${summary.analysed} track${summary.analysed === 1 ? '' : 's'} (${summary.windows} windows) in ${summary.seconds.toFixed(1)} s${failed}; ` +
            `${summary.skipped} of ${summary.tracks} up to date or left.` +
            (predicted === null ? '\n' : ` Predicted genres for ${predicted} track${predicted === 1 ? '' : 's'}.\n`),
        );
        for (const f of summary.failures.slice(0, SHOWN_FAILURES)) ctx.stdout.write(`  failed: ${f.path}: ${f.message} (${f.kind})\n`);
        if (summary.failures.length > SHOWN_FAILURES) ctx.stdout.write(`  … and ${summary.failures.length - SHOWN_FAILURES} more\n`);
      }
      if (summary.cancelled) {
        ctx.stderr.write('genrewise analyze: cancelled; run it again to continue\n');
        return EXIT_FAILURE;
      }
      return summary.failed > 0 ? EXIT_PARTIAL : EXIT_OK;
    } finally {
      db.close();
    }
  },
};
