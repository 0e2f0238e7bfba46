import type { Command } from '../command.js';
import { flagOption, stringOption, writeJson } from '../command.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_PARTIAL, UsageError } from '../errors.js';
import { formatDuration, ProgressBar } from '../progress.js';
import { FEATURE_NAMES, type FeatureName } from '../../../shared/features.js';
import { analyseFile, type FileAnalysis, type WindowFeatures } from '../../analysis/analyse-file.js';
import { resolveFfmpeg } from '../../analysis/decode/ffmpeg-binary.js';
import { toAnalysisFailure, type AnalysisFailure } from '../../analysis/errors.js';
import { extractFeatures } from '../../analysis/features/extract.js';

interface FileFeatures {
  readonly path: string;
  readonly windows: readonly {
    readonly startSec: number;
    readonly durationSec: number;
    readonly features: Record<FeatureName, number>;
  }[];
  /** Only for files that could not be analysed (their windows are then empty). */
  readonly error?: AnalysisFailure;
}

function byName(w: WindowFeatures): Record<FeatureName, number> {
  return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, w.features[i]!])) as Record<FeatureName, number>;
}

const column = (i: FeatureName): number => FEATURE_NAMES.indexOf(i);

function describe(path: string, analysis: FileAnalysis): string {
  const count = analysis.windows.length;
  const lines = [
    `${path}  ${formatDuration(analysis.durationSec)}, ${count} window${count === 1 ? '' : 's'}${analysis.policy === 'whole' ? ' (whole file)' : ''}`,
  ];
  lines.push('  window  start   length   tempo  centroid   rolloff    rms     zcr    mfcc1');
  for (const w of analysis.windows) {
    const f = (name: FeatureName): number => w.features[column(name)]!;
    lines.push(
      [
        `  ${String(w.index + 1).padStart(6)}`,
        formatDuration(w.startSec).padStart(6),
        `${w.durationSec.toFixed(1)} s`.padStart(8),
        f('tempo').toFixed(1).padStart(7),
        `${f('spectral_centroid_mean').toFixed(0)} Hz`.padStart(9),
        `${f('rolloff_mean').toFixed(0)} Hz`.padStart(9),
        f('rms_mean').toFixed(3).padStart(6),
        f('zero_crossing_rate_mean').toFixed(3).padStart(7),
        f('mfcc1_mean').toFixed(1).padStart(8),
      ].join(' '),
    );
  }
  return `${lines.join('\n')}\n`;
}

export const featuresCommand: Command = {
  name: 'features',
  help: `Usage: genrewise features <file…> [--whole] [--ffmpeg PATH] [--json]

Decodes each file and computes the 57 features the genre models use (the columns of GTZAN's
features_30_sec.csv) for each analysis window: up to five 30 s windows spread over the middle
80 % of the track, one per started 100 s; tracks of 30 s or less are analysed whole, tracks
under 3 s are refused. Nothing is stored.

  --whole          analyse each file whole, as one window (how librosa made the GTZAN table);
                   at most 20 minutes of audio, longer files are refused
  --ffmpeg PATH    ffmpeg to decode with (default: $GENREWISE_FFMPEG, the bundled one, PATH)
  --json           print [{"path","windows":[{"startSec","durationSec","features":{name: value}}]}];
                   a file that failed has "windows":[] and "error":{"kind","message"}

Without --json a summary per window is printed. Files that cannot be analysed are reported on
stderr; the exit code is then 1.`,
  options: {
    whole: { type: 'boolean' },
    ffmpeg: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.positionals.length === 0) throw new UsageError('no files given');
    const json = flagOption(args, 'json');
    const ffmpeg = resolveFfmpeg({ explicit: stringOption(args, 'ffmpeg'), env: ctx.env });
    const mode = flagOption(args, 'whole') ? 'whole' : 'spread';
    const progress = new ProgressBar(ctx.stderr, ctx.interactive && args.positionals.length > 1, 'features');
    const results: FileFeatures[] = [];
    let failures = 0;
    for (const [i, path] of args.positionals.entries()) {
      if (ctx.signal.aborted) break;
      progress.update(i, args.positionals.length);
      try {
        const analysis = await analyseFile(path, { ffmpeg, extract: extractFeatures, mode, signal: ctx.signal });
        results.push({
          path,
          windows: analysis.windows.map((w) => ({
            startSec: w.startSec,
            durationSec: w.durationSec,
            features: byName(w),
          })),
        });
        if (!json) {
          progress.finish();
          ctx.stdout.write(describe(path, analysis));
        }
      } catch (err) {
        if (ctx.signal.aborted) break;
        failures++;
        const failure = toAnalysisFailure(err);
        results.push({ path, windows: [], error: failure });
        progress.finish();
        ctx.stderr.write(`genrewise features: ${path}: ${failure.message} (${failure.kind})\n`);
      }
    }
    progress.finish();
    if (json) writeJson(ctx, results);
    if (ctx.signal.aborted) return EXIT_INTERRUPTED;
    return failures > 0 ? EXIT_PARTIAL : EXIT_OK;
  },
};
