import type { Command, CommandContext } from '../command.js';
import { flagOption, numberOption, writeJson } from '../command.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { buildSimilarityIndex } from '../../similarity/library-index.js';
import { DEFAULT_SIMILAR, similarTracks } from '../../service/similarity.js';
import { UsageError } from '../errors.js';
import type { SimilarTracksResult } from '../../../shared/api/similarity.js';

export const similarCommand: Command = {
  name: 'similar',
  help: `Usage: genrewise similar <id|path> [--n 20] [--db P] [--json]

Lists the tracks whose stored audio features are closest to the given track's, closest first
(never the track itself). The features of each track's analysed windows are averaged and
standardised over the library. Once your labels (decisions, else genre tags) name two genres
with two analysed tracks each, distances follow a metric learned from them, so "similar"
follows your own genres.
The track must have been analysed (\`genrewise analyze\`).

Options:
  --n <count>    how many tracks (default ${DEFAULT_SIMILAR})
  --json         print [{"id","path","title","artist","genre","distance"}]
${DB_HELP}`,
  options: { ...DB_OPTION, n: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, ctx) {
    const [ref, extra] = args.positionals;
    if (ref === undefined) throw new UsageError('expected a track (id or path)');
    if (extra !== undefined) throw new UsageError(`unexpected argument ${JSON.stringify(extra)}`);
    const n = numberOption(args, 'n', (v) => Number.isInteger(v) && v >= 1) ?? DEFAULT_SIMILAR;
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const result = similarTracks(db, buildSimilarityIndex(db), ref, n);
      if (flagOption(args, 'json')) writeJson(ctx, result.tracks);
      else printSimilar(ctx, result);
      return 0;
    } finally {
      db.close();
    }
  },
};

function printSimilar(ctx: CommandContext, result: SimilarTracksResult): void {
  const name = (t: { title: string | null; artist: string | null; path: string }): string =>
    t.title ? `${t.artist ? `${t.artist} – ` : ''}${t.title}` : t.path;
  const metric =
    result.metric.kind === 'learned'
      ? `learned from ${result.metric.labelledTracks} labelled tracks in ${result.metric.genres.length} genres`
      : 'standardised features';
  const lines = [`like ${result.seed.id} ${name(result.seed)} (${metric}):`];
  for (const t of result.tracks) {
    lines.push(
      `${t.distance.toFixed(3).padStart(8)}  ${String(t.id).padStart(6)}  ${name(t)}${t.genre ? `  [${t.genre}]` : ''}`,
    );
  }
  if (result.tracks.length === 0) lines.push('  no other analysed track in the library');
  ctx.stdout.write(`${lines.join('\n')}\n`);
}
