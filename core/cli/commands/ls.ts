import type { Command } from '../command.js';
import { flagOption, numberOption, stringOption, writeJson } from '../command.js';
import { UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { formatDuration } from '../progress.js';
import { countTracks, listTracks, type LibraryTrack, type TrackFilter } from '../../library/tracks.js';
import { currentPredictions, NO_PREDICTION } from '../../prediction/current.js';

export const lsCommand: Command = {
  name: 'ls',
  summary: 'list the tracks in the library',
  help: `Usage: genrewise ls [--db P] [--genre G] [--search S] [--all] [--limit N] [--json]

Lists the library's tracks in folder order with their current genre tags.

  --genre G     only tracks whose genre tag is G (case-insensitive, whole value)
  --search S    only tracks with S in title, artist, album or path
  --all         include tracks whose file has gone
  --limit N     at most N tracks
  --json        print [{"id","path","title","artist","album","genres":[…],"durationSec",…,
                "predicted","confidence","source"}] (source: "personal", "default" or null)
${DB_HELP}`,
  options: {
    ...DB_OPTION,
    genre: { type: 'string' },
    search: { type: 'string' },
    all: { type: 'boolean' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const limit = numberOption(args, 'limit', (n) => Number.isInteger(n) && n > 0);
    const genre = stringOption(args, 'genre');
    const search = stringOption(args, 'search');
    const filter: TrackFilter = {
      ...(genre !== undefined && { genre }),
      ...(search !== undefined && { search }),
      ...(limit !== undefined && { limit }),
      includeGone: flagOption(args, 'all'),
    };
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const tracks = listTracks(db, filter);
      if (flagOption(args, 'json')) {
        const predictions = currentPredictions(
          db,
          tracks.map((t) => t.id),
        );
        writeJson(
          ctx,
          tracks.map((t) => ({ ...trackJson(t), ...(predictions.get(t.id) ?? NO_PREDICTION) })),
        );
        return 0;
      }
      if (tracks.length === 0) {
        ctx.stdout.write(genre !== undefined ? `No tracks tagged ${JSON.stringify(genre)}.\n` : 'No tracks.\n');
        return 0;
      }
      const columns = (ctx.stdout as NodeJS.WriteStream).columns;
      ctx.stdout.write(table(tracks, columns));
      const total = limit !== undefined ? countTracks(db, { ...filter, limit: undefined }) : tracks.length;
      ctx.stdout.write(
        `${tracks.length === total ? `${total}` : `${tracks.length} of ${total}`} track${total === 1 ? '' : 's'}\n`,
      );
      return 0;
    } finally {
      db.close();
    }
  },
};

/**
 * One track as `ls --json` prints it. Later stages add their fields (prediction, confidence,
 * source, decision) by extending this object, keeping the existing ones.
 */
export function trackJson(track: LibraryTrack): Record<string, unknown> {
  return { ...track };
}

function table(tracks: readonly LibraryTrack[], columns: number | undefined): string {
  const header = {
    id: 'ID',
    time: 'TIME',
    format: 'FMT',
    genres: 'GENRES',
    artist: 'ARTIST',
    title: 'TITLE',
    path: 'PATH',
  };
  const rows = tracks.map((t) => ({
    id: String(t.id),
    time: t.durationSec !== null ? formatDuration(t.durationSec) : '',
    format: t.format ?? '',
    genres: t.genres.join('; '),
    artist: t.artist ?? '',
    title: (t.title ?? '') + (t.status === 'gone' ? ' [gone]' : ''),
    path: t.path,
  }));
  const width = (key: keyof typeof header, max: number): number =>
    Math.min(max, Math.max(header[key].length, ...rows.map((r) => r[key].length)));
  const w = {
    id: width('id', 8),
    time: width('time', 8),
    format: width('format', 5),
    genres: width('genres', 24),
    artist: width('artist', 24),
    title: width('title', 32),
  };
  const fit = (text: string, n: number): string => (text.length > n ? `${text.slice(0, n - 1)}…` : text.padEnd(n));
  const line = (r: typeof header): string => {
    const out = `${r.id.padStart(w.id)}  ${r.time.padStart(w.time)}  ${fit(r.format, w.format)}  ${fit(r.genres, w.genres)}  ${fit(r.artist, w.artist)}  ${fit(r.title, w.title)}  ${r.path}`;
    return columns !== undefined && out.length > columns ? `${out.slice(0, columns - 1)}…` : out;
  };
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
