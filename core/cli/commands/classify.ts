import type { Command } from '../command.js';
import { flagOption, stringOption, writeJson } from '../command.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, UsageError } from '../errors.js';
import { ProgressBar } from '../progress.js';
import { resolveFfmpeg } from '../../analysis/decode/ffmpeg-binary.js';
import { toAnalysisFailure, type AnalysisFailure } from '../../analysis/errors.js';
import { classifyFile, type ClassifiedFile } from '../../prediction/classify-file.js';
import { probabilitiesByGenre } from '../../model/combine.js';
import { loadGenreModel } from '../../model/genre-model.js';
import { InferenceInputError } from '../../model/inference.js';
import { UNFAMILIAR_OOD } from '../../prediction/store.js';

function percent(p: number): string {
  return `${Math.round(p * 100)}%`;
}

function describe(result: ClassifiedFile, genres: readonly string[]): string {
  const runnersUp = genres
    .map((g, i) => ({ g, p: result.probabilities[i] ?? 0 }))
    .filter((x) => x.g !== result.genre)
    .sort((a, b) => b.p - a.p)
    .slice(0, 2)
    .map((x) => `${x.g} ${percent(x.p)}`)
    .join(', ');
  const windows = result.windows.length > 1 ? `, ${result.windows.length} windows` : '';
  const unfamiliar =
    result.ood !== null && result.ood > UNFAMILIAR_OOD
      ? `; unlike the training music (ood ${result.ood.toFixed(2)})`
      : '';
  return `${result.path}: ${result.genre} ${percent(result.confidence)} (${runnersUp}${windows})${unfamiliar}\n`;
}

export const classifyCommand: Command = {
  name: 'classify',
  help: `Usage: genrewise classify <file…> [--whole] [--model svc|knn|<path>] [--ffmpeg PATH] [--json]

Decodes each file, computes the 57 features of its analysis windows (up to five 30 s windows
spread over the track; the whole track if it is 30 s or shorter) and predicts the genre as the
mean of the windows' probabilities. Nothing is stored.

  --whole          analyse each file whole, as one window (how the GTZAN clips were analysed)
  --model M        svc (default), knn, or the path to a .onnx / .card.json model
  --ffmpeg PATH    ffmpeg to decode with (default: $GENREWISE_FFMPEG, the bundled one, PATH)
  --json           print [{"path","genre","confidence","probabilities":{genre: p},"ood","windows":[…],"model"}]
                   ("ood": out-of-distribution score, > 1 = unlike the training music; null if the model has none);
                   a file that failed has "genre":null, "confidence":null, "probabilities":{},
                   "windows":[] and "error":{"kind","message"}

Genres are GTZAN label ids (blues, classical, …) for the default models. Files that cannot be
classified are reported on stderr; the exit code is then 1.`,
  options: {
    whole: { type: 'boolean' },
    model: { type: 'string' },
    ffmpeg: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.positionals.length === 0) throw new UsageError('no files given');
    const json = flagOption(args, 'json');
    const model = await loadGenreModel(stringOption(args, 'model') ?? 'svc', { env: ctx.env });
    const ffmpeg = resolveFfmpeg({ explicit: stringOption(args, 'ffmpeg'), env: ctx.env });
    const mode = flagOption(args, 'whole') ? 'whole' : 'spread';
    const progress = new ProgressBar(ctx.stderr, ctx.interactive && args.positionals.length > 1, 'classify');
    const results: (ClassifiedFile | { readonly path: string; readonly error: AnalysisFailure })[] = [];
    let failures = 0;
    for (const [i, path] of args.positionals.entries()) {
      if (ctx.signal.aborted) break;
      progress.update(i, args.positionals.length);
      try {
        const result = await classifyFile(path, model, { ffmpeg, mode, signal: ctx.signal });
        results.push(result);
        if (!json) {
          progress.finish();
          ctx.stdout.write(describe(result, model.genres));
        }
      } catch (err) {
        if (ctx.signal.aborted) break;
        // A model/input mismatch is not about this file: it would fail every file the same way.
        if (err instanceof InferenceInputError) throw err;
        failures++;
        const failure = toAnalysisFailure(err);
        results.push({ path, error: failure });
        progress.finish();
        ctx.stderr.write(`genrewise classify: ${path}: ${failure.message} (${failure.kind})\n`);
      }
    }
    progress.finish();
    if (json) {
      writeJson(
        ctx,
        results.map((r) =>
          'error' in r
            ? {
                path: r.path,
                genre: null,
                confidence: null,
                probabilities: {},
                ood: null,
                windows: [],
                model: model.id,
                error: r.error,
              }
            : {
                path: r.path,
                genre: r.genre,
                confidence: r.confidence,
                probabilities: probabilitiesByGenre(model.genres, r.probabilities),
                ood: r.ood,
                windows: r.windows.map((w) => ({
                  startSec: w.startSec,
                  durationSec: w.durationSec,
                  genre: w.genre,
                  confidence: w.confidence,
                })),
                model: model.id,
              },
        ),
      );
    }
    if (ctx.signal.aborted) return EXIT_INTERRUPTED;
    return failures > 0 ? EXIT_PARTIAL : EXIT_OK;
  },
};
