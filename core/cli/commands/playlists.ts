import { existsSync } from 'node:fs';
import { openLibrary } from '../../service/library-schema.js';
import { resolveDbPath } from '../../library/paths.js';
import { exportLibraryPlaylists, type LibraryExportResult } from '../../playlists/export.js';
import { isPlaylistSourceKind, PLAYLIST_SOURCES, type PlaylistSourceKind } from '../../playlists/select.js';
import { isPlaylistFormat, PLAYLIST_FORMATS, type PlaylistFormat } from '../../playlists/types.js';
import { flagOption, numberOption, stringOption, writeJson, type Command, type CommandContext } from '../command.js';
import { EXIT_OK, EXIT_PARTIAL, FatalError, UsageError } from '../errors.js';
import { runSimilarPlaylist } from './similar-playlist.js';
import { DB_HELP } from '../library-option.js';

const HELP = `Usage: genrewise playlists --out DIR [--format F] [--source S] [--min-confidence X] [--db P] [--json]
       genrewise playlists --similar-to TRACK [--n N] --out DIR [--format F] [--db P] [--json]

Writes one playlist per genre into DIR, named after the genre ("Hip-Hop.m3u8"), tracks ordered
by artist, album, disc and track. Genres without tracks get no file. Entries point to the files
relative to the playlist folder when they are on the same drive.

Exporting again replaces only playlists Genrewise wrote there (listed in
DIR/.genrewise-playlists.json) and removes those whose genre is now empty. A file of the same
name that you made or edited is never overwritten: that playlist is skipped with a warning.

  --out DIR               folder for the playlists (created if missing)
  --format F              m3u8 (default), pls or xspf
  --source S              where each track's genre comes from:
                            decided    review decisions (default)
                            predicted  decisions first, then current predictions at or
                                       above --min-confidence (skipped tracks left out)
                            tags       the genre tags in the files; a track with several
                                       genres is in each playlist
  --min-confidence X      with --source predicted: lowest confidence in [0, 1]
                          (default: the review threshold setting)
  --similar-to TRACK      instead: one playlist that starts at this track (id or path) and
                          steps each time to the most similar track not yet on it (see
                          \`genrewise similar\`); other playlists in DIR are left as they are
  --n N                   with --similar-to: tracks on the playlist (default 50)
  --json                  print {"out","format","playlists":[{"genre","name","file","tracks"}],
                          "skipped":[…],"removed":[…]} instead of text
${DB_HELP}

Exit status: 0 done (playlists skipped with a warning included), 1 a playlist could not be
written, 2 bad usage or fatal error.
`;

export const playlistsCommand: Command = {
  name: 'playlists',
  help: HELP,
  options: {
    out: { type: 'string' },
    format: { type: 'string' },
    source: { type: 'string' },
    'min-confidence': { type: 'string' },
    'similar-to': { type: 'string' },
    n: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(args.positionals[0])}`);
    const out = stringOption(args, 'out');
    if (!out) throw new UsageError('--out <dir> is required');
    const format = parseChoice<PlaylistFormat>(
      stringOption(args, 'format') ?? 'm3u8',
      'format',
      PLAYLIST_FORMATS,
      isPlaylistFormat,
    );
    const seed = stringOption(args, 'similar-to');
    if (seed !== undefined) return runSimilarPlaylist(args, ctx, seed, { out, format });
    if (stringOption(args, 'n') !== undefined) throw new UsageError('--n applies only with --similar-to');
    const source = parseChoice<PlaylistSourceKind>(
      stringOption(args, 'source') ?? 'decided',
      'source',
      PLAYLIST_SOURCES,
      isPlaylistSourceKind,
    );
    const minConfidence = numberOption(args, 'min-confidence', (n) => n >= 0 && n <= 1);
    if (minConfidence !== undefined && source !== 'predicted') {
      throw new UsageError('--min-confidence applies only to --source predicted');
    }

    const dbPath = resolveDbPath(stringOption(args, 'db'), ctx.env);
    if (!existsSync(dbPath)) throw new FatalError(`no library at ${dbPath}; run \`genrewise scan <folder>\` first`);
    const db = openLibrary(dbPath);
    let result: LibraryExportResult;
    try {
      result = exportLibraryPlaylists(db, {
        out,
        format,
        source,
        ...(minConfidence === undefined ? {} : { minConfidence }),
      });
    } finally {
      db.close();
    }

    for (const warning of result.warnings) ctx.stderr.write(`genrewise playlists: warning: ${warning}\n`);
    if (flagOption(args, 'json')) writeJson(ctx, result);
    else printSummary(ctx, result);
    return result.details.skipped.some((s) => s.reason === 'write-failed') ? EXIT_PARTIAL : EXIT_OK;
  },
};

function parseChoice<T extends string>(
  value: string,
  option: string,
  choices: readonly T[],
  is: (v: string) => v is T,
): T {
  if (!is(value))
    throw new UsageError(`--${option} must be one of ${choices.join(', ')}, not ${JSON.stringify(value)}`);
  return value;
}

function printSummary(ctx: CommandContext, result: LibraryExportResult): void {
  const lines: string[] = [];
  for (const p of result.playlists) {
    lines.push(
      `${p.unchanged ? 'unchanged' : 'wrote    '}  ${p.file}  (${p.tracks} track${p.tracks === 1 ? '' : 's'})`,
    );
  }
  for (const file of result.removed) lines.push(`removed    ${file}  (genre now empty)`);
  for (const s of result.details.skipped) lines.push(`skipped    ${s.file}`);
  if (result.playlists.length === 0 && result.skipped.length === 0) {
    lines.push(`no genre has tracks with --source ${result.source}; nothing to write${hint(result.source)}`);
  }
  ctx.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
}

function hint(source: PlaylistSourceKind): string {
  if (source === 'decided') return ' (review tracks first, or use --source predicted or --source tags)';
  if (source === 'predicted') return ' (analyse the library first, or lower --min-confidence)';
  return ' (no track has a genre tag)';
}
