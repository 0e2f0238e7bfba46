import type { Command, CommandContext, ParsedArgs } from '../command.js';
import { flagOption, stringOption, writeJson } from '../command.js';
import { relearnLibraryContext } from '../../learning/context-pass.js';
import { decideAlbum } from '../../review/albums.js';
import { DB_HELP, DB_OPTION, openLibraryFromArgs } from '../library-option.js';
import { decide } from '../../decisions/decisions.js';
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
  help: `Usage: genrewise decide <path|id> <genre|accept|keep|skip> [--db P] [--json]
       genrewise decide <album|track|folder> --album <genre> [--except ID,…] [--override] [--db P] [--json]

  accept   take the predicted genre
  keep     keep the file's current genre tag
  skip     leave the track as it is and take it out of the queue
  <genre>  any genre name, kept as you type it: one of the ten (blues, "Hip-Hop", …) or your
           own ("Bossa Nova"). Names that differ only in case, spaces or punctuation are one
           genre, and the alias table relates names to the ten: heavy-metal, "Heavy Metal" and
           metal all count as Metal. Files get one spelling per genre: the one you type most
           (for the model's predictions of that genre too), else the display name ("Metal").

  --album G     give genre G to every track of the album: named by its key (as \`review\` and the
                API give it), by any track on it (id or path), or by its folder. Tracks you already
                decided one by one keep their decision (--override replaces them too).
  --except IDS  comma-separated track ids to leave as they are
  --override    also replace your earlier decisions on the album's tracks
  --json        print the result as JSON: {"id","action","genre","source","decidedAt"} for one
                track, {"key","decided","kept","genre"} with --album

A decision made here always wins over later predictions; the predictions of the other tracks are
brought up to date at once (their album, artist and sound now include your answer).
${DB_HELP}`,
  options: {
    ...DB_OPTION,
    json: { type: 'boolean' },
    album: { type: 'string' },
    except: { type: 'string' },
    override: { type: 'boolean' },
  },
  async run(args, ctx) {
    const albumGenre = stringOption(args, 'album');
    if (albumGenre !== undefined) return decideAlbumCommand(args, ctx, albumGenre);
    const [ref, word, extra] = args.positionals;
    if (ref === undefined || word === undefined) throw new UsageError('expected a track (path or id) and a decision');
    if (extra !== undefined) throw new UsageError(`unexpected argument ${extra} (quote genre names with spaces)`);
    const db = openLibraryFromArgs(args, ctx, { mustExist: true });
    try {
      const id = resolveTrackRef(db, ref);
      const decision = decide(db, id, parseDecision(word));
      relearnLibraryContext(db);
      if (flagOption(args, 'json')) writeJson(ctx, { id, ...decision });
      else ctx.stdout.write(`${id}: ${decision.action}${decision.genre ? ` → ${decision.genre}` : ''}\n`);
      return 0;
    } finally {
      db.close();
    }
  },
};

function parseExcept(raw: string | undefined): number[] {
  if (raw === undefined) return [];
  return raw.split(',').map((part) => {
    const id = Number(part.trim());
    if (!Number.isInteger(id) || id <= 0)
      throw new UsageError(`--except takes track ids separated by commas, got ${JSON.stringify(raw)}`);
    return id;
  });
}

async function decideAlbumCommand(args: ParsedArgs, ctx: CommandContext, genre: string): Promise<number> {
  const [ref, extra] = args.positionals;
  if (ref === undefined) throw new UsageError('expected an album (its key, a track on it, or its folder)');
  if (extra !== undefined)
    throw new UsageError(`unexpected argument ${extra} (with --album, the genre follows --album)`);
  if (genre.trim() === '') throw new UsageError('--album needs a genre name');
  const except = parseExcept(stringOption(args, 'except'));
  const db = openLibraryFromArgs(args, ctx, { mustExist: true });
  try {
    const result = decideAlbum(db, { album: ref, genre, except, overrideDecided: flagOption(args, 'override') });
    relearnLibraryContext(db);
    if (flagOption(args, 'json')) {
      writeJson(ctx, { key: result.album.key, decided: result.decided, kept: result.kept, genre: genre.trim() });
    } else {
      const name = result.album.album ?? result.album.folder;
      ctx.stdout.write(
        `${name}: ${result.decided} track${result.decided === 1 ? '' : 's'} → ${genre.trim()}` +
          (result.kept > 0 ? `; ${result.kept} left as they were` : '') +
          '\n',
      );
    }
    return 0;
  } finally {
    db.close();
  }
}
