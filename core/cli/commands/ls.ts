import type { Command } from '../command.js';
import { flagOption, numberOption, stringOption, writeJson } from '../command.js';
import { UsageError } from '../errors.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { formatDuration } from '../progress.js';
import { countTracks, listTracks, type LibraryTrack, type TrackFilter } from '../../library/tracks.js';
import { currentPredictions, NO_PREDICTION } from '../../prediction/current.js';
import { getDecision } from '../../decisions/decisions.js';
import type { CurrentPrediction } from '../../prediction/current.js';
import type { Decision } from '../../../shared/api/types.js';

export const lsCommand: Command = {
  name: 'ls',
  help: `Usage: genrewise ls [--genre G] [--search S] [--decided] [--all] [--limit N] [--db P] [--json]

Lists the library's tracks in folder order with their current genre tags, the predicted genre
and its confidence, and the decision made in review (a genre you chose, accept or keep with the
genre it settles on, or skipped).

  --genre G     only tracks whose genre tag is G (case-insensitive, whole value)
  --search S    only tracks with S in title, artist, album or path
  --decided     only tracks you (or a bulk accept) decided, skips included
  --all         include tracks whose file has gone
  --limit N     at most N tracks (a whole number, 1 or more)
  --json        print [{"id","path","title","artist","album","genres":[…],"durationSec",…,
                "predicted","confidence","source","decision"}] (source: "personal",
                "default" or null; decision: {"action","genre","source","decidedAt"} or null)
${DB_HELP}`,
  options: {
    ...DB_OPTION,
    genre: { type: 'string' },
    search: { type: 'string' },
    all: { type: 'boolean' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
    decided: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const limit = numberOption(args, 'limit', (n) => Number.isInteger(n) && n > 0);
    const decidedOnly = flagOption(args, 'decided');
    const genre = stringOption(args, 'genre');
    const search = stringOption(args, 'search');
    const filter: TrackFilter = {
      ...(genre !== undefined && { genre }),
      ...(search !== undefined && { search }),
      ...(limit !== undefined && !decidedOnly && { limit }),
      includeGone: flagOption(args, 'all'),
    };
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const listed = listTracks(db, filter);
      const decisions = new Map(listed.map((t) => [t.id, getDecision(db, t.id)]));
      const matching = decidedOnly ? listed.filter((t) => decisions.get(t.id) != null) : listed;
      const tracks = decidedOnly && limit !== undefined ? matching.slice(0, limit) : matching;
      const predictions = currentPredictions(
        db,
        tracks.map((t) => t.id),
      );
      if (flagOption(args, 'json')) {
        writeJson(
          ctx,
          tracks.map((t) => ({
            ...trackJson(t),
            ...(predictions.get(t.id) ?? NO_PREDICTION),
            decision: decisions.get(t.id) ?? null,
          })),
        );
        return 0;
      }
      if (tracks.length === 0) {
        const what = decidedOnly ? 'decided tracks' : 'tracks';
        ctx.stdout.write(genre !== undefined ? `No ${what} tagged ${JSON.stringify(genre)}.\n` : `No ${what}.\n`);
        return 0;
      }
      const columns = (ctx.stdout as NodeJS.WriteStream).columns;
      ctx.stdout.write(table(tracks, predictions, decisions, columns));
      const total = decidedOnly
        ? matching.length
        : limit !== undefined
          ? countTracks(db, { ...filter, limit: undefined })
          : tracks.length;
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

/** The decision as the table shows it: the genre it settles on, or what was done. */
function decisionText(d: Decision | null | undefined): string {
  if (!d) return '';
  if (d.action === 'skip') return 'skipped';
  const genre = d.genre ?? '';
  return d.action === 'choose' ? genre : `${d.action} ${genre}`.trim();
}

function table(
  tracks: readonly LibraryTrack[],
  predictions: ReadonlyMap<number, CurrentPrediction>,
  decisions: ReadonlyMap<number, Decision | null>,
  columns: number | undefined,
): string {
  const header = {
    id: 'ID',
    time: 'TIME',
    format: 'FMT',
    genres: 'GENRES',
    predicted: 'PREDICTED',
    confidence: 'CONF',
    decision: 'DECISION',
    artist: 'ARTIST',
    title: 'TITLE',
    path: 'PATH',
  };
  const rows = tracks.map((t) => {
    const p = predictions.get(t.id);
    return {
      id: String(t.id),
      time: t.durationSec !== null ? formatDuration(t.durationSec) : '',
      format: t.format ?? '',
      genres: t.genres.join('; '),
      predicted: p?.predicted ?? '',
      confidence: p?.confidence != null ? `${Math.round(p.confidence * 100)}%` : '',
      decision: decisionText(decisions.get(t.id)),
      artist: t.artist ?? '',
      title: (t.title ?? '') + (t.status === 'gone' ? ' [gone]' : ''),
      path: t.path,
    };
  });
  const width = (key: keyof typeof header, max: number): number =>
    Math.min(max, Math.max(header[key].length, ...rows.map((r) => r[key].length)));
  const w = {
    id: width('id', 8),
    time: width('time', 8),
    format: width('format', 5),
    genres: width('genres', 24),
    predicted: width('predicted', 12),
    confidence: width('confidence', 5),
    decision: width('decision', 20),
    artist: width('artist', 24),
    title: width('title', 32),
  };
  const fit = (text: string, n: number): string => (text.length > n ? `${text.slice(0, n - 1)}…` : text.padEnd(n));
  const line = (r: typeof header): string => {
    const out = `${r.id.padStart(w.id)}  ${r.time.padStart(w.time)}  ${fit(r.format, w.format)}  ${fit(r.genres, w.genres)}  ${fit(r.predicted, w.predicted)}  ${r.confidence.padStart(w.confidence)}  ${fit(r.decision, w.decision)}  ${fit(r.artist, w.artist)}  ${fit(r.title, w.title)}  ${r.path}`;
    return columns !== undefined && out.length > columns ? `${out.slice(0, columns - 1)}…` : out;
  };
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
