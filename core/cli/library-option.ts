import { existsSync } from 'node:fs';
import type { ParsedArgs, CommandContext, OptionSpecs } from './command.js';
import { stringOption } from './command.js';
import { FatalError } from './errors.js';
import { openLibrary } from '../service/library-schema.js';
import type { Database } from '../library/db.js';
import { resolveDbPath } from '../library/paths.js';

/** The `--db PATH` option every library command shares. */
export const DB_OPTION: OptionSpecs = { db: { type: 'string' } };

export const DB_HELP = '  --db PATH     library database (default: $GENREWISE_DB, else the app-data folder)';

/**
 * Opens the library named by --db / GENREWISE_DB / the default. Commands that only read refuse a
 * library that does not exist yet instead of silently creating an empty one.
 */
export function openLibraryFromArgs(
  args: ParsedArgs,
  ctx: CommandContext,
  opts: { mustExist?: boolean } = {},
): Database {
  const path = resolveDbPath(stringOption(args, 'db'), ctx.env);
  if (opts.mustExist && !existsSync(path)) {
    throw new FatalError(`no library at ${path}; run \`genrewise scan <folder>\` first (or pass --db)`);
  }
  return openLibrary(path);
}
