import type { Command } from '../command.js';
import { flagOption, numberOption, writeJson } from '../command.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { acceptPredictions } from '../../service/review.js';
import { UsageError } from '../errors.js';

export const acceptCommand: Command = {
  name: 'accept',
  help: `Usage: genrewise accept [--above X] [--db P] [--json]

Accepts the prediction of every undecided track whose confidence is at least X (default: the
accept threshold setting), untagged tracks included. Tracks unlike the training music, tracks
whose genre tag disagrees with the prediction, and tracks you decided yourself are left for you
to review. A track accepted by an earlier run is accepted again only if its prediction changed.

  --above X   confidence in [0, 1]
  --json      print {"accepted":N,"above":X}
${DB_HELP}`,
  options: { ...DB_OPTION, above: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, ctx) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    const above = numberOption(args, 'above', (n) => n >= 0 && n <= 1);
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const { accepted, above: threshold } = acceptPredictions(db, above);
      if (flagOption(args, 'json')) writeJson(ctx, { accepted, above: threshold });
      else
        ctx.stdout.write(
          `Accepted ${accepted} prediction${accepted === 1 ? '' : 's'} at or above ${Math.round(threshold * 100)}%.\n`,
        );
      return 0;
    } finally {
      db.close();
    }
  },
};
