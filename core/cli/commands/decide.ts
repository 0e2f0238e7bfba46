import type { Command } from '../command.js';
import { flagOption, writeJson } from '../command.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { decide } from '../../review/decisions.js';
import { resolveTrackRef } from '../../review/track-ref.js';
import { UsageError } from '../errors.js';
import type { DecisionInput } from '../../../shared/api/types.js';

export function parseDecision(word: string): DecisionInput {
  switch (word.toLowerCase()) {
    case 'accept':
      return { action: 'accept' };
    case 'keep':
      return { action: 'keep' };
    case 'skip':
      return { action: 'skip' };
    default:
      return { action: 'choose', genre: word };
  }
}

export const decideCommand: Command = {
  name: 'decide',
  summary: "settle one track's genre: accept, keep, skip or name one",
  help: `Usage: genrewise decide <path|id> <genre|accept|keep|skip> [--db P] [--json]

  accept   take the predicted genre
  keep     keep the file's current genre tag
  skip     leave the track as it is and take it out of the queue
  <genre>  any genre name: one of the ten (blues, hiphop, "Hip-Hop", …) or your own ("Bossa Nova")

A decision made here always wins over later predictions.
${DB_HELP}`,
  options: { ...DB_OPTION, json: { type: 'boolean' } },
  async run(args, ctx) {
    const [ref, word, extra] = args.positionals;
    if (ref === undefined || word === undefined) throw new UsageError('expected a track (path or id) and a decision');
    if (extra !== undefined) throw new UsageError(`unexpected argument ${extra} (quote genre names with spaces)`);
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const id = resolveTrackRef(db, ref);
      const decision = decide(db, id, parseDecision(word));
      if (flagOption(args, 'json')) writeJson(ctx, { id, ...decision });
      else ctx.stdout.write(`${id}: ${decision.action}${decision.genre ? ` → ${decision.genre}` : ''}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};
