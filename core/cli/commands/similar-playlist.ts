import type { PlaylistFormat } from '../../playlists/types.js';
import { buildSimilarityIndex } from '../../similarity/library-index.js';
import { DEFAULT_PATH_LENGTH, exportSimilarPath } from '../../service/similarity.js';
import { flagOption, numberOption, stringOption, writeJson, type CommandContext, type ParsedArgs } from '../command.js';
import { EXIT_OK, EXIT_PARTIAL, UsageError } from '../errors.js';
import { openLibraryFromArgs } from '../library-option.js';

/**
 * `playlists --similar-to <id|path>`: one playlist that starts at the seed and walks to the
 * nearest track not yet on it, written by the genre playlists' safe writer beside them.
 */
export function runSimilarPlaylist(
  args: ParsedArgs,
  ctx: CommandContext,
  seed: string,
  options: { readonly out: string; readonly format: PlaylistFormat },
): number {
  for (const other of ['source', 'min-confidence']) {
    if (stringOption(args, other) !== undefined) throw new UsageError(`--${other} does not apply with --similar-to`);
  }
  const n = numberOption(args, 'n', (v) => Number.isInteger(v) && v >= 1) ?? DEFAULT_PATH_LENGTH;
  const db = openLibraryFromArgs(args, ctx, { mustExist: true });
  try {
    const result = exportSimilarPath(db, buildSimilarityIndex(db), seed, n, options);
    for (const warning of result.warnings) ctx.stderr.write(`genrewise playlists: warning: ${warning}\n`);
    if (flagOption(args, 'json')) {
      const { out, format, playlists, skipped, removed, path } = result;
      writeJson(ctx, { out, format, playlists, skipped, removed, tracks: [path.seed, ...path.tracks] });
    } else {
      for (const p of result.playlists) {
        ctx.stdout.write(
          `${p.unchanged ? 'unchanged' : 'wrote    '}  ${p.file}  (${p.tracks} tracks from ${result.path.seed.id})\n`,
        );
      }
    }
    return result.details.skipped.length > 0 ? EXIT_PARTIAL : EXIT_OK;
  } finally {
    db.close();
  }
}
