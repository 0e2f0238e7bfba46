import type { Command } from '../command.js';
import { flagOption, writeJson } from '../command.js';
import { UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { formatDuration } from '../progress.js';
import type { CountBy } from '../../../shared/api/types.js';
import { countAnalysisFailures } from '../../analysis/store.js';
import { libraryStats, type LibraryScanStats } from '../../library/tracks.js';

/** The library's own counts, plus the analysis failures (counted here: the library stage does not know the analysis stage). */
interface Stats extends LibraryScanStats {
  /** Present tracks whose audio could not be analysed. */
  readonly analysisErrors: number;
  readonly analysisErrorsByKind: readonly CountBy[];
}

export const statsCommand: Command = {
  name: 'stats',
  help: `Usage: genrewise stats [--db P] [--json]

Counts the library's tracks (present ones; gone files separately), their total duration and
size, tracks per format and per current genre tag, scan errors and analysis errors per kind.

  --json        print {"tracks","gone","durationSec","errors","byFormat":[{"key","count"}],"byGenre":[…],…,
                "analysisErrors","analysisErrorsByKind":[{"key","count"}]} ("errors" counts scan errors)
${DB_HELP}`,
  options: { ...DB_OPTION, json: { type: 'boolean' } },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const analysisErrorsByKind = countAnalysisFailures(db);
      const stats: Stats = {
        ...libraryStats(db),
        analysisErrors: analysisErrorsByKind.reduce((n, c) => n + c.count, 0),
        analysisErrorsByKind,
      };
      if (flagOption(args, 'json')) writeJson(ctx, stats);
      else ctx.stdout.write(describe(stats));
      return 0;
    } finally {
      db.close();
    }
  },
};

function describe(s: Stats): string {
  const mb = (s.sizeBytes / 1e6).toFixed(s.sizeBytes < 1e7 ? 1 : 0);
  const lines = [
    `Tracks:    ${s.tracks} (${formatDuration(s.durationSec)}, ${mb} MB) in ${s.roots} folder${s.roots === 1 ? '' : 's'}${s.gone > 0 ? `; ${s.gone} gone` : ''}`,
    `Formats:   ${counts(s.byFormat)}`,
    `Genres:    ${counts(s.byGenre, 20)}`,
    `No genre:  ${s.withoutGenre}`,
    `Errors:    ${s.errors === 0 ? 'none' : `${s.fileErrors} files, ${s.folderErrors} folders (${counts(s.errorsByKind)}); see \`genrewise errors\``}`,
    `Analysis:  ${s.analysisErrors === 0 ? 'no errors' : `${s.analysisErrors} file${s.analysisErrors === 1 ? '' : 's'} failed (${counts(s.analysisErrorsByKind)}); see \`genrewise errors\``}`,
  ];
  return `${lines.join('\n')}\n`;
}

function counts(list: readonly CountBy[], max = Infinity): string {
  if (list.length === 0) return '—';
  const shown = list.slice(0, max).map((c) => `${c.key || '?'} ${c.count}`);
  if (list.length > max) shown.push(`… ${list.length - max} more (--json lists all)`);
  return shown.join(', ');
}
