import type { Command } from '../command.js';
import { flagOption, numberOption, stringOption, writeJson } from '../command.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { reviewQueue } from '../../review/queue.js';
import { UsageError } from '../errors.js';

const isUnit = (n: number): boolean => n >= 0 && n <= 1;

export const reviewCommand: Command = {
  name: 'review',
  help: `Usage: genrewise review [--db P] [--below X] [--genre G] [--artist A] [--folder F] [--limit N] [--json]

Lists the review queue, least confident first: tracks whose prediction is below the threshold
(default: the review threshold setting), tracks unlike the music the model learned from, and
confident predictions that disagree with the file's current genre tag.

  --below X     confidence threshold in [0, 1]
  --genre G     only tracks predicted as G
  --artist A    only tracks by A
  --folder F    only tracks under folder F
  --limit N     at most N tracks
  --json        print [{"id","path","predicted","confidence","current":[…],…}]
${DB_HELP}`,
  options: {
    ...DB_OPTION,
    below: { type: 'string' },
    genre: { type: 'string' },
    artist: { type: 'string' },
    folder: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const below = numberOption(args, 'below', isUnit);
    const limit = numberOption(args, 'limit', (n) => Number.isInteger(n) && n > 0);
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const { total, items } = reviewQueue(db, {
        ...(below !== undefined && { below }),
        ...(limit !== undefined && { limit }),
        ...(stringOption(args, 'genre') !== undefined && { genre: stringOption(args, 'genre') }),
        ...(stringOption(args, 'artist') !== undefined && { artist: stringOption(args, 'artist') }),
        ...(stringOption(args, 'folder') !== undefined && { folder: stringOption(args, 'folder') }),
      });
      if (flagOption(args, 'json')) {
        writeJson(ctx, items);
        return 0;
      }
      if (items.length === 0) {
        ctx.stdout.write('Nothing to review.\n');
        return 0;
      }
      for (const item of items) {
        const pct = `${Math.round(item.confidence * 100)}%`.padStart(4);
        const current = item.current.length ? item.current.join('; ') : '—';
        ctx.stdout.write(
          `${String(item.id).padStart(6)}  ${pct}  ${item.predicted.padEnd(10)}  tag: ${current.padEnd(16)}  ${item.reason.padEnd(18)}  ${item.path}\n`,
        );
      }
      ctx.stdout.write(
        `${items.length} of ${total} shown. Decide with \`genrewise decide <id> <genre|accept|keep|skip>\`.\n`,
      );
      return 0;
    } finally {
      db.close();
    }
  },
};
